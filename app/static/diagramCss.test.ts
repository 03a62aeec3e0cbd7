import { describe, expect, it } from 'vitest';
import { diagramCss, pickLightDark, themeTokens } from './diagramCss.ts';

describe('the theme tokens a picture is drawn with', () => {
  it('are the playground’s tokens with the theme’s side of light-dark() picked', () => {
    const dark = themeTokens('dark');
    expect(dark.get('--bg')).toBe('#111418');
    expect(themeTokens('light').get('--bg')).toBe('#ffffff');
    // A token that is not a light-dark() pair is the same in both.
    expect(dark.get('--radius')).toBe(themeTokens('light').get('--radius'));
  });

  it('split light-dark() at its own comma, not at a colour function’s', () => {
    const value = 'light-dark(rgba(29, 78, 216, 0.08), rgba(138, 180, 255, 0.12))';
    expect(pickLightDark(value, 'light')).toBe('rgba(29, 78, 216, 0.08)');
    expect(pickLightDark(value, 'dark')).toBe('rgba(138, 180, 255, 0.12)');
    expect(() => pickLightDark('light-dark(#fff, #000', 'dark')).toThrow(/unbalanced/);
  });
});

describe('the stylesheet a picture carries', () => {
  const markup = '<g class="sd-arrow sd-arrow--lost"><text class="sd-arrow__status">lost</text></g>';

  it('keeps the rules its classes use, with the theme’s colours written in', () => {
    const css = diagramCss(markup, 'light');
    expect(css).toContain(
      `.sd-static .sd-arrow--lost .sd-arrow__status{fill:${themeTokens('light').get('--lost')}}`,
    );
    expect(diagramCss(markup, 'dark')).toContain(
      `.sd-static .sd-arrow--lost .sd-arrow__status{fill:${themeTokens('dark').get('--lost')}}`,
    );
    expect(css).not.toContain('var(');
  });

  it('scopes every rule to the picture, so an inline copy leaves a live diagram on the page alone', () => {
    const css = diagramCss(`<svg class="sd-svg sd-static">${markup}</svg>`, 'light');
    const selectors = css.split('\n').flatMap((rule) => rule.slice(0, rule.indexOf('{')).split(','));
    expect(selectors).toContain('.sd-static.sd-svg');
    for (const s of selectors) expect(s).toMatch(/^\.sd-static[ .]/);
  });

  it('drops what is about the page: other classes, interaction states, @media blocks', () => {
    const css = diagramCss(markup, 'light');
    expect(css).not.toMatch(/sd-menu|sd-legend|sd-toolbar|sd-arrow__line|sd-note/);
    expect(css).not.toMatch(/:hover|:focus|@media/);
  });
});
