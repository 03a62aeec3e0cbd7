import { renderToStaticMarkup } from 'react-dom/server';
import { type CliRun, diagramScene } from '../../src/index.ts';
import { xmlSafe } from '../share/xmlText.ts';
import { STATIC_SCENE, StaticDiagram } from './StaticDiagram.tsx';

/** Stands in for the stylesheet while the markup is rendered: the CSS is cut to the classes it uses. */
const CSS_SLOT = '/*diagram-css*/';

export interface SvgOptions {
  /** Leave out the theme's background, for a picture placed on a page of another colour. */
  transparent?: boolean;
}

/**
 * A run as a standalone SVG file: the live view's diagram at the run's cursor, every step drawn. The one
 * renderer of the picture: the CLI's `--format svg` (renderSvg.tsx) and the page's Download SVG/PNG
 * (app/share/exportDiagram.ts) differ only in where `cssFor` finds the themed rules.
 */
export function diagramSvgDocument(
  run: CliRun,
  cssFor: (markup: string) => string,
  options: SvgOptions = {},
): string {
  const markup = renderToStaticMarkup(
    <StaticDiagram
      scene={diagramScene(run, STATIC_SCENE)}
      title={`${run.scenario.title}, step ${run.cursor} of ${run.length}`}
      description={run.scenario.description}
      css={CSS_SLOT}
      transparent={options.transparent ?? false}
    />,
  );
  const svg = markup.replace(CSS_SLOT, cssFor(markup));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xmlSafe(svg)}\n`;
}
