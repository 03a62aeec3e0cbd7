/**
 * The CSS a standalone diagram SVG carries: the live diagram's own stylesheet (SequenceDiagram.css) plus
 * the static picture's (static.css), cut down to the rules the picture's markup uses, with the theme's
 * tokens (styles.css) written in, since an SVG file has no page to inherit `--bg` or `--fg` from.
 * Read from the source files, so a change to the live diagram's look reaches the picture too.
 */
import { readFileSync } from 'node:fs';
import postcss, { type Rule } from 'postcss';
import type { Theme } from '../../src/index.ts';
import { cssForMarkup, type ThemedRule } from './cssForMarkup.ts';

const read = (relative: string) => readFileSync(new URL(relative, import.meta.url), 'utf8');

const VAR = /var\(\s*(--[\w-]+)\s*(?:,\s*([^)]*?)\s*)?\)/g;

/**
 * `light-dark(a, b)` as the theme picks it: the page lets `color-scheme` choose; a file must choose itself.
 * The arguments are split at the top-level comma, since a colour such as `rgba(…)` has commas of its own.
 */
export function pickLightDark(value: string, theme: Theme): string {
  const start = value.indexOf('light-dark(');
  if (start < 0) return value;
  let depth = 0;
  let comma = -1;
  for (let i = start + 'light-dark('.length; i < value.length; i++) {
    const c = value[i];
    if (c === '(') depth++;
    else if (c === ',' && depth === 0 && comma < 0) comma = i;
    else if (c === ')') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const light = value.slice(start + 'light-dark('.length, comma).trim();
      const dark = value.slice(comma + 1, i).trim();
      const picked = value.slice(0, start) + (theme === 'dark' ? dark : light) + value.slice(i + 1);
      return pickLightDark(picked, theme);
    }
  }
  throw new Error(`styles.css has an unbalanced light-dark() in “${value}”.`);
}

/**
 * The custom properties the playground's root sets (`.playground`, each colour written once as
 * `light-dark(light, dark)`), with the theme's side picked and tokens naming tokens resolved.
 */
export function themeTokens(theme: Theme): Map<string, string> {
  const tokens = new Map<string, string>();
  postcss.parse(read('../styles.css')).each((node) => {
    if (node.type === 'rule' && node.selectors.includes('.playground'))
      node.walkDecls(/^--/, (d) => void tokens.set(d.prop, pickLightDark(d.value, theme)));
  });
  if (!tokens.has('--bg')) throw new Error('styles.css sets no theme tokens on .playground.');
  for (const [name, value] of tokens) tokens.set(name, resolve(value, tokens, theme));
  return tokens;
}

function resolve(value: string, tokens: ReadonlyMap<string, string>, theme: Theme, depth = 0): string {
  const once = value.replace(VAR, (_, name: string, fallback: string | undefined) => {
    const v = tokens.get(name) ?? fallback;
    if (v === undefined)
      throw new Error(`The diagram CSS uses ${name}, which the ${theme} theme does not set.`);
    return v;
  });
  // A token may name another (`--request: var(--fg)`); a cycle would never settle.
  if (once === value || !once.includes('var(')) return once;
  if (depth > 8) throw new Error(`The theme tokens in “${value}” refer to each other in a cycle.`);
  return resolve(once, tokens, theme, depth + 1);
}

/**
 * The diagram's rules in `theme`, every `var()` resolved. Only top-level rules are kept: the stylesheets'
 * @media blocks are about the page (narrow screens, reduced motion), and a picture has neither.
 */
export function themedRules(theme: Theme): ThemedRule[] {
  const tokens = themeTokens(theme);
  const rules: ThemedRule[] = [];
  for (const source of ['../components/diagram/SequenceDiagram.css', './static.css']) {
    postcss.parse(read(source)).each((node) => {
      if (node.type !== 'rule') return;
      const decls: string[] = [];
      node.each((d) => {
        if (d.type !== 'decl') return;
        const value = resolve(d.value.replace(/\s+/g, ' '), tokens, theme);
        decls.push(`${d.prop}:${value}${d.important ? ' !important' : ''}`);
      });
      if (decls.length > 0) rules.push({ selectors: (node as Rule).selectors, body: decls.join(';') });
    });
  }
  return rules;
}

/** Compact CSS for `markup` in `theme`: the CLI's; the page gets the same rules at build time. */
export function diagramCss(markup: string, theme: Theme): string {
  return cssForMarkup(themedRules(theme), markup);
}
