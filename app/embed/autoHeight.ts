/**
 * The height an embed reports to its host (`resize`) for auto-height. What its content wants keeps
 * changing as the diagram grows and as the host's resizing of the frame reflows it (959 ↔ 960 px), and a
 * host that follows every value makes the page jump under the reader. So the reported height only grows,
 * in whole pixels, up to a cap; past the cap the diagram scrolls inside the frame. A series of reports is
 * therefore increasing and bounded: it settles.
 */

export const DEFAULT_MAX_HEIGHT = 720;
/**
 * The player's height floor (element, React component, pasted iframe): a 16:10 box is 224 px tall in a
 * 358 px phone column, which leaves no room for the diagram under the title, narration and playback bar.
 */
export const MIN_PLAYER_HEIGHT = 480;
export const MIN_MAX_HEIGHT = 240;
export const MAX_MAX_HEIGHT = 4000;

/** The next height to report, or null when the host should not be told anything. */
export function nextReportedHeight(reported: number | null, wanted: number, cap: number): number | null {
  const height = Math.min(cap, Math.ceil(wanted));
  return reported === null || height > reported ? height : null;
}
