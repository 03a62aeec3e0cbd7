import { PRESENT_SCALE } from '../state/store.ts';

/**
 * About the width, in CSS px at 1×, that the stage needs to show a seven-lifeline diagram (producer,
 * three brokers, group coordinator, consumer, sink) without scrolling sideways.
 */
const STAGE_WIDTH_AT_1X = 1080;

/**
 * The presentation scale that fits a screen `width` px wide: as large as the diagram allows, in the
 * A−/A+ steps, between PRESENT_SCALE.min and .max. 1920 px → 175 %, 1366 px → 125 %, 3840 px → 250 %.
 */
export function fitPresentScale(width: number): number {
  const fit = Math.floor(width / STAGE_WIDTH_AT_1X / PRESENT_SCALE.step) * PRESENT_SCALE.step;
  return Math.max(PRESENT_SCALE.min, Math.min(PRESENT_SCALE.max, fit));
}
