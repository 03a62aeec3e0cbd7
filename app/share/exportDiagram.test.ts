import { describe, expect, it } from 'vitest';
import { replay, runScenario } from '../../src/index.ts';
import { scenarioById } from '../../src/catalog.ts';
import { renderDiagramSvg } from '../static/renderSvg.tsx';
import { diagramSvg } from './exportDiagram.ts';

/** The page's Download SVG and the CLI's `--format svg` are one renderer: the same bytes, in both themes. */
describe('the page’s SVG export', () => {
  const scenario = scenarioById('eos-processor-crash')!;
  const choices = runScenario(scenario).steps.map((s) => s.action);
  const run = {
    scenario,
    last: replay(scenario, choices),
    world: replay(scenario, choices.slice(0, 40)),
    cursor: 40,
    length: choices.length,
  };

  for (const theme of ['light', 'dark'] as const)
    it(`is the CLI’s file in the ${theme} theme, with its size read from it`, () => {
      const image = diagramSvg(run, theme, { transparent: false });
      expect(image.markup).toBe(renderDiagramSvg(run, theme));
      expect(image.markup).toContain(`width="${image.width}"`);
      expect(image.width).toBeGreaterThan(1000);
      expect(image.height).toBeGreaterThan(500);
    });

  it('leaves out the background when asked, and nothing else', () => {
    const clear = diagramSvg(run, 'light', { transparent: true }).markup;
    const solid = diagramSvg(run, 'light', { transparent: false }).markup;
    expect(clear).not.toContain('sd-static__bg');
    expect(solid).toContain('sd-static__bg');
    expect(clear.replace(/<text/g, '')).toContain('Transaction Coordinator');
  });
});
