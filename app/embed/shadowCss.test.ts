import { describe, expect, it } from 'vitest';
import { addShadowSheet, shadowCss } from './shadowCss.ts';

describe('shadowCss', () => {
  it('puts the sheets it was handed after the base rules, by path, with the tokens on :host', () => {
    addShadowSheet('embed/embed.css', '.kp-embed{order:3}');
    addShadowSheet('presentation/presentation.css', '.blackout{order:4}');
    addShadowSheet('components/VerdictCard.css', '.verdict{order:2}');
    addShadowSheet('components/PartitionLog.css', ':root .partition-log{order:1}');
    const css = shadowCss();
    const at = (rule: string) => css.indexOf(rule);
    expect(at(':host .partition-log{order:1}')).toBeGreaterThan(-1);
    expect(css).not.toContain(':root');
    expect(at('.partition-log{order:1}')).toBeLessThan(at('.verdict{order:2}'));
    expect(at('.verdict{order:2}')).toBeLessThan(at('.kp-embed{order:3}'));
    expect(at('.kp-embed{order:3}')).toBeLessThan(at('.blackout{order:4}'));
    // The host's own box comes last, after every sheet.
    expect(at('.blackout{order:4}')).toBeLessThan(at(':host { display: block;'));
  });

  it('includes a sheet handed over after a first call', () => {
    shadowCss();
    addShadowSheet('static/static.css', '.sd-static__bg{order:5}');
    expect(shadowCss()).toContain('.sd-static__bg{order:5}');
  });
});
