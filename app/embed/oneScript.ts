import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSync, Visitor, type Plugin } from 'vite';

/**
 * What the embed's one-file builds (vite.element.config.ts: the custom element, and the React component)
 * do differently from the pages' build. Each step rewrites a module in place, leaving every other
 * character on its line and column, so the source map Vite already holds stays true.
 */

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** `code` with each range replaced by its text, padded with spaces and keeping the range's line breaks. */
export function overwrite(code: string, edits: readonly Edit[]): string {
  let out = '';
  let at = 0;
  for (const { start, end, text } of [...edits].sort((a, b) => a.start - b.start)) {
    const blank = code.slice(start, end).replace(/[^\n]/g, ' ');
    if (start < at || blank.slice(0, text.length).includes('\n') || text.length > blank.length)
      throw new Error(`overwrite: "${text}" does not fit at ${start}–${end}`);
    out += code.slice(at, start) + text + blank.slice(text.length);
    at = end;
  }
  return out + code.slice(at);
}

const LAZY = '__lazyImport';

/**
 * A lazy `import('./X')` made static: `import * as` at the end of the module (imports are hoisted, so
 * where they stand does not matter) and a function in the call's place that resolves to the same
 * namespace. One file downloads everything anyway; left lazy, every module a lazy import reaches is
 * wrapped in an initialiser that runs it on first use, which costs bytes and calls (3.0 KB gzip here).
 * Only literal specifiers; null when there is nothing to change.
 */
export function staticLazyImports(code: string, filename: string): string | null {
  if (!code.includes('import(')) return null;
  if (code.includes(LAZY)) throw new Error(`${filename} already uses the name ${LAZY}`);
  const edits: Edit[] = [];
  const tail: string[] = [];
  new Visitor({
    ImportExpression(node) {
      if (node.source.type !== 'Literal' || typeof node.source.value !== 'string' || node.options) return;
      const name = `${LAZY}${edits.length}`;
      edits.push({ start: node.start, end: node.end, text: `${name}()` });
      tail.push(
        `import * as ${name}$ from ${JSON.stringify(node.source.value)};`,
        `function ${name}() { return Promise.resolve(${name}$); }`,
      );
    },
  }).visit(parseSync(filename, code).program);
  return edits.length === 0 ? null : `${overwrite(code, edits)}\n${tail.join('\n')}\n`;
}

/**
 * The module without the properties named `key` of its object literals (and the comma after each),
 * blanked out; null when it has none. Destructuring patterns are left alone.
 */
export function withoutProperties(code: string, filename: string, key: string): string | null {
  const edits: Edit[] = [];
  new Visitor({
    ObjectExpression(object) {
      for (const node of object.properties) {
        if (node.type !== 'Property' || node.computed) continue;
        const name =
          node.key.type === 'Identifier'
            ? node.key.name
            : node.key.type === 'Literal'
              ? node.key.value
              : null;
        if (name !== key || edits.some((e) => e.start <= node.start && node.end <= e.end)) continue;
        const comma = /^\s*,/.exec(code.slice(node.end));
        edits.push({ start: node.start, end: node.end + (comma ? comma[0].length : 0), text: '' });
      }
    },
  }).visit(parseSync(filename, code).program);
  return edits.length === 0 ? null : overwrite(code, edits);
}

const APP = fileURLToPath(new URL('..', import.meta.url));
const SHADOW_CSS = fileURLToPath(new URL('./shadowCss.ts', import.meta.url));
// A module id ending in .css would be taken for a stylesheet by Vite's CSS plugins: the sheet's own
// module is `\0shadow-sheet:<file>.js`.
const SHEET = '\0shadow-sheet:';
const sheetId = (file: string) => `${SHEET}${file}.js`;
const sheetFile = (id: string) => id.slice(SHEET.length, -'.js'.length);

/**
 * The embeds draw in a shadow root with their CSS inlined as text (shadowCss.ts), so a component's
 * `import './X.css'` becomes the sheet's text handed to shadowCss.ts. The shadow root gets the sheets of
 * the components the build bundles, not every sheet of the app (the playground's panels, its config and
 * share menus…: 2.0 KB gzip the embeds never use). Every module of the file runs as it loads (its lazy
 * imports are static), so each sheet is handed over before a player draws.
 */
const shadowSheets = (): Plugin => ({
  name: 'one-script:shadow-sheets',
  enforce: 'pre',
  async resolveId(source, importer) {
    if (!importer || !source.endsWith('.css')) return null;
    const resolved = await this.resolve(source, importer, { skipSelf: true });
    return resolved ? { id: sheetId(resolved.id), moduleSideEffects: true } : null;
  },
  load(id) {
    if (!id.startsWith(SHEET)) return null;
    const file = sheetFile(id);
    return [
      `import css from ${JSON.stringify(`${file}?inline`)};`,
      `import { addShadowSheet } from ${JSON.stringify(SHADOW_CSS)};`,
      `addShadowSheet(${JSON.stringify(relative(APP, file))}, css);`,
    ].join('\n');
  },
});

const ownCode = (id: string) => !id.includes('/node_modules/') && /\.[cm]?[jt]sx?$/.test(id);

/** See staticLazyImports. */
const lazyImportsStatic = (): Plugin => ({
  name: 'one-script:lazy-imports-static',
  enforce: 'pre',
  transform(code, id) {
    const out = ownCode(id) ? staticLazyImports(code, id) : null;
    return out === null ? null : { code: out, map: null };
  },
});

/**
 * A lesson's speaker notes (the scenario's `notes` and its script steps'), blanked out of the built-in
 * scenarios: only the playground's speaker view reads them, and an embed has none (2.6 KB gzip).
 */
const withoutSpeakerNotes = (): Plugin => ({
  name: 'one-script:without-speaker-notes',
  enforce: 'pre',
  transform(code, id) {
    const builtIn = /\/src\/scenarios\/[^/]+\.ts$/.test(id) && !id.endsWith('.test.ts');
    const out = builtIn ? withoutProperties(code, id, 'notes') : null;
    return out === null ? null : { code: out, map: null };
  },
});

export const oneScriptBuild = (): Plugin[] => [shadowSheets(), lazyImportsStatic(), withoutSpeakerNotes()];
