import { renderToStaticMarkup } from 'react-dom/server';
import type { CliRun, OutputFormat, Theme } from '../../src/cli/formats.ts';
import { xmlSafe } from '../share/xmlText.ts';
import { diagramCss } from './diagramCss.ts';
import { StaticDiagram } from './StaticDiagram.tsx';

/** Stands in for the stylesheet while the markup is rendered: the CSS is cut to the classes it uses. */
const CSS_SLOT = '/*diagram-css*/';

/** A run as a standalone SVG file: the live view's diagram at the run's cursor, in `theme`. */
export function renderDiagramSvg(run: CliRun, theme: Theme): string {
  const markup = renderToStaticMarkup(
    <StaticDiagram
      last={run.last}
      world={run.world}
      cursor={run.cursor}
      title={`${run.scenario.title}, step ${run.cursor} of ${run.length}`}
      description={run.scenario.description}
      css={CSS_SLOT}
    />,
  );
  const svg = markup.replace(CSS_SLOT, diagramCss(markup, theme));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xmlSafe(svg)}\n`;
}

/** The runner's `--format svg` (added by app/static/sim.ts, since src/cli cannot import React). */
export const SVG_FORMAT: OutputFormat = {
  name: 'svg',
  describe: 'the playground’s sequence diagram as a standalone SVG picture',
  themed: true,
  render: (run, { theme }) => renderDiagramSvg(run, theme),
};
