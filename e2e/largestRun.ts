import { LIMITS } from '../src/share/limits.ts';
import { runLinkHash } from '../src/share/runLink.ts';

/**
 * The largest run a link may carry: the at-least-once lesson with as many choices as a link allows, the
 * consumer crashing and restarting, so the diagram holds thousands of crashes and stranded messages.
 * The hostile-input suite opens it (it must open, not freeze); `bench:ui` times it.
 */
export const LARGEST_RUN_SCENARIO = 'alo-producer-ack-lost';
export const largestChoices = Array.from({ length: LIMITS.choices }, (_, i) =>
  i % 2 ? 'restart:consumer' : 'crash:consumer',
);
export const largestLink = runLinkHash({
  v: 1,
  scenario: LARGEST_RUN_SCENARIO,
  choices: largestChoices,
  step: largestChoices.length,
});
