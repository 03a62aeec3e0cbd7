/**
 * Whether single-key shortcuts are on, remembered across visits (WCAG 2.1.4 asks that they can be
 * switched off; someone who needs them off needs them off next time too). Storage may be unavailable
 * (privacy modes, sandboxed iframes): then the setting lasts for the page.
 */
const KEY = 'kafka-semantics-playground:single-key-shortcuts';

export function loadShortcutPreference(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'off';
  } catch {
    return true;
  }
}

export function saveShortcutPreference(on: boolean): void {
  try {
    localStorage.setItem(KEY, on ? 'on' : 'off');
  } catch {
    // Not remembered; still applied for this page.
  }
}
