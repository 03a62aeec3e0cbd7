import { useEffect, useRef, type RefObject } from 'react';
import { outcomeOf } from '../state/worlds.ts';
import { useRun } from '../playground/hooks.ts';
import { plainText } from '../../src/index.ts';
import { beatNarrationText } from '../state/beatNarration.ts';
import { nextReportedHeight } from './autoHeight.ts';
import type { EmbedEvent } from './protocol.ts';

/**
 * What an embed tells its host: `ready` once, `step` whenever the cursor or the run changes, `outcome`
 * when the run comes to rest, and `resize` when the height it asks for grows (up to `maxHeight`: see
 * autoHeight.ts). `emit` posts them
 * (iframe), calls a prop (React) or dispatches a DOM event (custom element).
 */
export function useEmbedEvents(
  root: RefObject<HTMLElement | null>,
  emit: ((event: EmbedEvent) => void) | undefined,
  maxHeight: number,
): void {
  const run = useRun();
  const send = useRef(emit);
  useEffect(() => {
    send.current = emit;
  });
  const ready = useRef(false);
  const scenario = run.scenario.id;

  useEffect(() => {
    const post = (e: EmbedEvent) => send.current?.(e);
    if (!ready.current) {
      ready.current = true;
      post({ type: 'ready', scenario, title: run.scenario.title, cursor: run.cursor, length: run.length });
    } else
      // A host shows the narration as plain text: the code marks are the player's to render, not the host's.
      post({
        type: 'step',
        scenario,
        cursor: run.cursor,
        length: run.length,
        narration: plainText(beatNarrationText(run)),
      });
    if (run.cursor === run.length && run.natural === undefined) {
      const { cost: _cost, ...summary } = outcomeOf(run.world).summary;
      post({ type: 'outcome', scenario, ...summary });
    }
  }, [run, scenario]);

  // The natural height: the frame's own height plus whatever its scroll areas hide.
  useEffect(() => {
    const el = root.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let reported: number | null = null;
    const measure = () => {
      let wanted = el.offsetHeight;
      for (const s of el.querySelectorAll<HTMLElement>('[data-embed-scroll], .sd-scroll'))
        wanted += Math.max(0, s.scrollHeight - s.clientHeight);
      const height = nextReportedHeight(reported, wanted, maxHeight);
      if (height === null) return;
      reported = height;
      send.current?.({ type: 'resize', height });
    };
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    // The canvas inside the scroll area grows with the run without the frame changing size.
    // A view switch replaces that content, so new children are watched as they come.
    const watchContent = () =>
      el.querySelectorAll('.sd-canvas, [data-embed-scroll] > *').forEach((c) => ro.observe(c));
    watchContent();
    const mo = new MutationObserver(watchContent);
    mo.observe(el, { childList: true, subtree: true });
    return () => {
      ro.disconnect();
      mo.disconnect();
    };
  }, [root, maxHeight]);
}
