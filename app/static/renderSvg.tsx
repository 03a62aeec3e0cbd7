import type { CliRun, OutputFormat, Theme } from '../../src/index.ts';
import { diagramCss } from './diagramCss.ts';
import { diagramSvgDocument } from './svgDocument.tsx';

/** A run as a standalone SVG file in `theme`, its CSS read from the stylesheets (Node only). */
export function renderDiagramSvg(run: CliRun, theme: Theme): string {
  return diagramSvgDocument(run, (markup) => diagramCss(markup, theme));
}

/** The runner's `--format svg` (added by app/static/sim.ts, since src/cli cannot import React). */
export const SVG_FORMAT: OutputFormat = {
  name: 'svg',
  describe: 'the playground’s sequence diagram as a standalone SVG picture',
  themed: true,
  render: (run, { theme }) => renderDiagramSvg(run, theme),
};
