/**
 * Cutting the diagram's stylesheet down to one picture: the part of the SVG export that runs in Node (the
 * CLI) and in the page (Share → Download SVG) alike. The rules come already themed: from diagramCss.ts
 * in Node, and from the `virtual:diagram-css` module (diagramCssPlugin.ts) in the page, made at build
 * time by the same code, so both write the same bytes.
 */

/** One rule of the diagram's stylesheets, its declarations resolved for a theme. */
export interface ThemedRule {
  selectors: string[];
  /** `prop:value;prop:value`, every `var()` written in. */
  body: string;
}

/** Interaction states mean nothing in a picture. */
const INTERACTIVE = /:(hover|focus|focus-visible|focus-within|active)\b/;

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

/** The rules `markup` uses, scoped to the picture, one per line. */
export function cssForMarkup(rules: readonly ThemedRule[], markup: string): string {
  const used = classesIn(markup);
  const out: string[] = [];
  for (const rule of rules) {
    const selectors = rule.selectors.filter((s) => applies(s, used)).map(scoped);
    if (selectors.length > 0) out.push(`${selectors.join(',')}{${rule.body}}`);
  }
  const css = out.join('\n');
  // It goes into the SVG as raw text: these two would end it or start an entity.
  if (/[<&]/.test(css))
    throw new Error('The diagram CSS contains "<" or "&", which an SVG <style> cannot hold.');
  return css;
}
