import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * README's docs-generator recipes are the fixture sites' own files (e2e/docs-sites), which
 * `npm run test:docs` builds and drives: a block marked `<!-- fixture: path -->` must appear, verbatim,
 * in that file. A recipe edited in one place and not the other turns this red.
 */

const root = new URL('../../', import.meta.url);
const README = readFileSync(new URL('README.md', root), 'utf8');
const MARKED = /<!-- fixture: (\S+) -->\n\n```\w*\n([\s\S]*?)\n```/g;

const recipes = [...README.matchAll(MARKED)].map(([, path = '', block = '']) => ({ path, block }));

describe('README docs-site recipes', () => {
  it('are marked with the fixture file they come from', () => {
    const fixtures = new Set(recipes.map((r) => r.path.split('/')[2]));
    expect(fixtures).toEqual(new Set(['docusaurus', 'vitepress', 'starlight']));
  });

  it.each(recipes.map((r) => [r.path, r.block.split('\n')[0], r.block]))(
    'are in %s as written (%s…)',
    (path, _first, block) => {
      expect(readFileSync(new URL(path, root), 'utf8')).toContain(block);
    },
  );
});
