import { RULES } from 'virtual:diagram-css';
import type { CliRun } from '../../src/index.ts';
import { cssForMarkup } from '../static/cssForMarkup.ts';
import { diagramSvgDocument } from '../static/svgDocument.tsx';
import type { StandaloneSvg } from './exportImage.ts';

/**
 * Share → Download SVG/PNG: the run drawn by the CLI's renderer (svgDocument.tsx), with the rules the
 * build resolved from the same stylesheets, so the file is byte for byte what `npm run sim -- … --format
 * svg` writes. Loaded on demand: react-dom/server and the rules are not part of the first load.
 */
export function diagramSvg(
  run: CliRun,
  theme: 'light' | 'dark',
  options: { transparent: boolean },
): StandaloneSvg {
  const markup = diagramSvgDocument(run, (m) => cssForMarkup(RULES[theme], m), options);
  // The root element's own size (the first width/height in the file), for the PNG's canvas.
  const size = /<svg[^>]*?\swidth="(\d+(?:\.\d+)?)"[^>]*?\sheight="(\d+(?:\.\d+)?)"/.exec(markup);
  return { markup, width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0) };
}
