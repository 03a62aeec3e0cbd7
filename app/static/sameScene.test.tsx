import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { diagramScene, type SceneOptions } from '../../src/index.ts';
import { calloutRowsFor } from '../components/diagram/ClimaxCallout.tsx';
import { SequenceDiagram } from '../components/diagram/SequenceDiagram.tsx';
import { PlaygroundProvider } from '../playground/hooks.ts';
import { manualClock } from '../playground/manualClock.ts';
import { createPlayground } from '../playground/playground.ts';
import { StaticDiagram } from './StaticDiagram.tsx';

/** Each arrow's full path (its hit area, drawn whatever the animation's progress), by arrow id. */
function arrowPaths(markup: string): Map<string, string> {
  const paths = new Map<string, string>();
  for (const m of markup.matchAll(/data-arrow-id="([^"]+)"[^]*?class="sd-arrow__hit" d="([^"]+)"/g))
    paths.set(m[1] as string, m[2] as string);
  return paths;
}
/** The notes' boxes: the same in both but for the live view's highlight of the current step's notes. */
const notesOf = (markup: string) =>
  /<g role="list" aria-label="Notes">.*?<g role="list" aria-label="Messages">/s
    .exec(markup)?.[0]
    .replaceAll(' is-current', '');
/** The lifelines' x, in lane order. */
const lifelineXs = (markup: string) =>
  [...markup.matchAll(/<g class="sd-lifeline[^"]*">\s*<line x1="([\d.]+)"/g)].map((m) => Number(m[1]));

describe('the live view and the static picture draw one scene', () => {
  // The guided lesson, played to its end: arrows of every status, folds, and the climax's callout.
  const playground = createPlayground({ clock: manualClock() });
  for (let i = 0; i < 200 && playground.can('next'); i++) playground.execute('next', 'button');
  const run = playground.run();
  const live = renderToStaticMarkup(
    <PlaygroundProvider playground={playground}>
      <SequenceDiagram />
    </PlaygroundProvider>,
  );
  // What the live view asks for before it has measured its window (800 px), with the lesson's view.
  const climax = run.lesson?.climax;
  const liveOptions: SceneOptions = {
    width: 800,
    fold: true,
    ...(climax ? { callout: { step: climax.step, rows: calloutRowsFor(climax.callout, 800) } } : {}),
    height: 'blocks',
  };
  const scene = diagramScene(run, liveOptions);
  const picture = renderToStaticMarkup(
    <StaticDiagram scene={scene} title="t" description="d" css="" transparent />,
  );

  it('draws every arrow of the scene where the scene puts it, in both', () => {
    const livePaths = arrowPaths(live);
    expect(livePaths.size).toBe(scene.arrows.length);
    expect(scene.arrows.length).toBeGreaterThan(10);
    expect(playground.can('next')).toBe(false);
    expect(scene.diagram.callout).toBeDefined();
    expect(arrowPaths(picture)).toEqual(livePaths);
    for (const v of scene.arrows) expect(livePaths.get(v.id)).toMatch(new RegExp(`^M${v.x1},${v.y1}\\b`));
  });

  it('draws the same note boxes in both, where the scene puts them', () => {
    expect(scene.notes.length).toBeGreaterThan(3);
    expect(notesOf(picture)).toBe(notesOf(live));
    expect(notesOf(live)?.match(/role="listitem"/g)).toHaveLength(scene.notes.length);
  });

  it('puts the lanes at the same x in both', () => {
    const xs = scene.lanes.map((l) => scene.cols.x.get(l.id));
    expect(lifelineXs(live)).toEqual(xs);
    expect(lifelineXs(picture)).toEqual(xs);
  });
});
