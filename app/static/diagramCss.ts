/**
 * The CSS a standalone diagram SVG carries: the live diagram's own stylesheet (SequenceDiagram.css) plus
 * the static picture's (static.css), cut down to the rules the picture's markup uses, with the theme's
 * tokens (styles.css) written in, since an SVG file has no page to inherit `--bg` or `--fg` from.
 * Read from the source files, so a change to the live diagram's look reaches the picture too.
 */
import { readFileSync } from 'node:fs';
import postcss, { type Rule } from 'postcss';
import type { Theme } from '../../src/cli/formats.ts';

const read = (relative: string) => readFileSync(new URL(relative, import.meta.url), 'utf8');

/** Interaction states mean nothing in a picture. */
const INTERACTIVE = /:(hover|focus|focus-visible|focus-within|active)\b/;
const VAR = /var\(\s*(--[\w-]+)\s*(?:,\s*([^)]*?)\s*)?\)/g;

/**
 * The custom properties in force under `[data-theme='…']`: those set on `:root`, overridden by the theme's
 * own top-level rule, as the cascade does on the page (the dark rule leaves `--radius` to `:root`).
 */
export function themeTokens(theme: Theme): Map<string, string> {
  const tokens = new Map<string, string>();
  const selector = `[data-theme='${theme}']`;
  const rules: Rule[] = [];
  postcss.parse(read('../styles.css')).each((node) => {
    if (node.type === 'rule') rules.push(node);
  });
  const setBy = (wanted: string) => (rule: Rule) =>
    rule.selectors.some((s) => s.replace(/"/g, "'") === wanted);
  const own = rules.filter(setBy(selector));
  if (own.length === 0) throw new Error(`styles.css defines no ${selector} theme.`);
  for (const rule of [...rules.filter(setBy(':root')), ...own])
    rule.walkDecls(/^--/, (d) => void tokens.set(d.prop, d.value));
  return tokens;
}

/** The class names a piece of markup uses. */
function classesIn(markup: string): Set<string> {
  const used = new Set<string>();
  for (const m of markup.matchAll(/\bclass="([^"]*)"/g))
    for (const c of (m[1] ?? '').split(/\s+/)) used.add(c);
  return used;
}

/** A selector applies to the picture if it is not about interaction and every class it names is used. */
function applies(selector: string, used: ReadonlySet<string>): boolean {
  if (INTERACTIVE.test(selector)) return false;
  return [...selector.matchAll(/\.([\w-]+)/g)].every((m) => used.has(m[1] as string));
}

/**
 * Every rule is scoped to the picture's root (class `sd-static`): an SVG pasted inline into a docs page
 * must not restyle a live playground embedded on the same page, whose elements share the class names.
 */
function scoped(selector: string): string {
  return selector.startsWith('.sd-svg') ? `.sd-static${selector}` : `.sd-static ${selector}`;
}

function resolve(value: string, tokens: ReadonlyMap<string, string>, theme: Theme): string {
  return value.replace(VAR, (_, name: string, fallback: string | undefined) => {
    const v = tokens.get(name) ?? fallback;
    if (v === undefined)
      throw new Error(`The diagram CSS uses ${name}, which the ${theme} theme does not set.`);
    return v;
  });
}

/**
 * Compact CSS for `markup` in `theme`. Only top-level rules are kept: the stylesheets' @media blocks are
 * about the page (narrow screens, reduced motion), and a picture has neither.
 */
export function diagramCss(markup: string, theme: Theme): string {
  const tokens = themeTokens(theme);
  const used = classesIn(markup);
  const out: string[] = [];
  for (const source of ['../components/diagram/SequenceDiagram.css', './static.css']) {
    postcss.parse(read(source)).each((node) => {
      if (node.type !== 'rule') return;
      const selectors = (node as Rule).selectors.filter((s) => applies(s, used)).map(scoped);
      if (selectors.length === 0) return;
      const decls: string[] = [];
      node.each((d) => {
        if (d.type !== 'decl') return;
        const value = resolve(d.value.replace(/\s+/g, ' '), tokens, theme);
        decls.push(`${d.prop}:${value}${d.important ? ' !important' : ''}`);
      });
      if (decls.length > 0) out.push(`${selectors.join(',')}{${decls.join(';')}}`);
    });
  }
  const css = out.join('\n');
  // It goes into the SVG as raw text: these two would end it or start an entity.
  if (/[<&]/.test(css))
    throw new Error('The diagram CSS contains "<" or "&", which an SVG <style> cannot hold.');
  return css;
}
