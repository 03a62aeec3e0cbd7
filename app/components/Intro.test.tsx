import { readFileSync } from 'node:fs';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Intro, INTRO_DISMISSED_KEY } from './Intro.tsx';

// index.html paints the intro before the scripts load; the playground's render must be the same element,
// or the page shifts and the render becomes a later Largest Contentful Paint.
const page = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');

/** Markup with HTML's insignificant whitespace taken out: runs of spaces as one, none next to a block's edge. */
const normalised = (html: string): string =>
  html
    .replace(/\s+/g, ' ')
    .replace(/> </g, '><')
    .replace(/(<(?:aside|p)[^>]*>) /g, '$1')
    .replace(/ (<\/(?:aside|p)>)/g, '$1');

describe("the first paint's intro", () => {
  it('is the markup the playground renders for a first visit', () => {
    const painted = /<aside class="intro"[\s\S]*?<\/aside>/.exec(page)?.[0] ?? '';
    expect(normalised(painted)).toBe(normalised(renderToStaticMarkup(<Intro />)));
  });

  it('is taken out for a reader who dismissed it, as the playground would leave it out', () => {
    expect(page).toContain(`localStorage.getItem('${INTRO_DISMISSED_KEY}') === 'yes'`);
  });
});
