import { describe, expect, it } from 'vitest';
import { parseSync } from 'vite';
import { overwrite, staticLazyImports, withoutProperties } from './oneScript.ts';

/** Every character outside the edited lines is where it was: the source map Vite holds stays true. */
function expectSamePlaces(before: string, after: string, editedLines: number[]) {
  const a = before.split('\n');
  const b = after.split('\n');
  a.forEach((line, i) => {
    if (!editedLines.includes(i)) expect(b[i]).toBe(line);
    else expect(b[i]).toHaveLength(line.length);
  });
}

describe('overwrite', () => {
  it('pads a shorter text with spaces and keeps line breaks', () => {
    expect(overwrite('a(bc\nde)f', [{ start: 1, end: 8, text: 'x' }])).toBe('ax  \n   f');
  });
  it('refuses a text that would not fit on the range’s first line', () => {
    expect(() => overwrite('a(b\ncd)', [{ start: 1, end: 7, text: 'xyz' }])).toThrow(/does not fit/);
  });
});

describe('staticLazyImports', () => {
  const source = [
    "import { lazyComponent } from './lazyComponent.ts';",
    "// import('./InAComment.tsx') stays a comment",
    "export const A = lazyComponent(() => import('./A.tsx').then((m) => m.A));",
    "export const B = () => Promise.all([import('../b/B.ts'), 'import(\"./inAString.ts\")']);",
    'export const C = (name: string) => import(`./c/${name}.ts`);',
  ].join('\n');

  it('turns each literal import() into a call resolving to a statically imported namespace', () => {
    const out = staticLazyImports(source, 'lazy.tsx') as string;
    expect(out).toContain('import * as __lazyImport0$ from "./A.tsx";');
    expect(out).toContain('import * as __lazyImport1$ from "../b/B.ts";');
    expect(out).toContain('function __lazyImport0() { return Promise.resolve(__lazyImport0$); }');
    expect(out).toMatch(/lazyComponent\(\(\) => __lazyImport0\(\) +\.then/);
    // Comments, strings and computed specifiers are left as they are.
    expect(out).toContain("// import('./InAComment.tsx') stays a comment");
    expect(out).toContain('\'import("./inAString.ts")\'');
    expect(out).toContain('import(`./c/${name}.ts`)');
    expect(parseSync('out.tsx', out).errors).toEqual([]);
    expectSamePlaces(source, out, [2, 3]);
  });

  it('leaves a module without a literal import() alone', () => {
    expect(staticLazyImports("export const x = 'no lazy import here';", 'x.ts')).toBeNull();
    expect(staticLazyImports('export const f = (n: string) => import(n);', 'x.ts')).toBeNull();
  });
});

describe('withoutProperties', () => {
  const source = [
    'export const CATALOG = [',
    '  doc({',
    "    id: 'a',",
    '    notes:',
    "      'Speaker notes, on two lines.',",
    "    script: [{ action: 'lose:Produce', notes: 'a step’s note' }],",
    '  }),',
    '];',
    'const { notes: _notes, ...rest } = CATALOG[0] as never;',
  ].join('\n');

  it('blanks the named properties of object literals, and their commas', () => {
    const out = withoutProperties(source, 'catalog.ts', 'notes') as string;
    expect(out).not.toContain('Speaker notes');
    expect(out).not.toContain('a step’s note');
    expect(out).toMatch(/script: \[{ action: 'lose:Produce', +}\],/);
    expect(parseSync('out.ts', out).errors).toEqual([]);
    expectSamePlaces(source, out, [3, 4, 5]);
  });

  it('keeps destructuring patterns, which only name the property', () => {
    const out = withoutProperties(source, 'catalog.ts', 'notes') as string;
    expect(out).toContain('const { notes: _notes, ...rest } = CATALOG[0] as never;');
  });

  it('returns null when there is nothing to blank', () => {
    expect(withoutProperties('export const a = { id: 1 };', 'a.ts', 'notes')).toBeNull();
  });
});
