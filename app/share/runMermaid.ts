import { toMermaid } from '../../src/index.ts';
import type { Run } from '../playground/run.ts';

/**
 * The run as Mermaid text, cut at the cursor as the diagram on the page is. Its own module so that the
 * Share menu loads the Mermaid writer when an item asks for it, not with the page.
 */
export function runMermaid(run: Run): string {
  return toMermaid(run.last.participants, run.last.steps, {
    upToStep: run.cursor,
    title: `${run.scenario.title} (step ${run.cursor} of ${run.length})`,
  });
}
