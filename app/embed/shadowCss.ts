/**
 * The app's stylesheets as text, for a shadow root: the custom element and the React component draw
 * inside one, so the host page's CSS does not reach the player and the player's does not reach the page.
 * styles.css holds the tokens and base rules the component sheets build on; each component sheet the
 * build bundles is handed over by its `import './X.css'` (the one-script build turns that import into an
 * addShadowSheet call: app/embed/oneScript.ts). The theme tokens are declared on `:root` for the
 * standalone pages; in a shadow root they belong on `:host`. Inherited properties the page may set on the
 * host are reset on the player's root.
 */
import BASE from '../styles.css?inline';
import { MIN_PLAYER_HEIGHT } from './autoHeight.ts';

/** Each sheet's text by its path under app/. */
const sheets = new Map<string, string>();

export function addShadowSheet(path: string, css: string): void {
  sheets.set(path, css);
}

const HOST = `
/* 16:10 of the width (padding in % is of the width), never under the floor. Not aspect-ratio: with a
   min-height it turns the floor into a width floor (480 px × 16/10 = 768 px), wider than a docs column. */
:host { display: block; position: relative; min-height: ${MIN_PLAYER_HEIGHT}px; contain: content; }
:host::before { content: ''; display: block; padding-top: 62.5%; }
:host > :not(style) { position: absolute; inset: 0; }
:host([hidden]) { display: none; }
.kp-embed {
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  font-size: 15px; font-style: normal; font-weight: 400; line-height: 1.45;
  letter-spacing: normal; word-spacing: normal; text-align: left; text-transform: none; text-indent: 0;
}`;

let built: { count: number; css: string } | null = null;

/** Base rules first, then the component sheets by path (the order they have always had). */
export function shadowCss(): string {
  if (built?.count !== sheets.size) {
    const ordered = [...sheets.keys()].sort().map((path) => sheets.get(path));
    built = { count: sheets.size, css: [BASE, ...ordered].join('\n').replaceAll(':root', ':host') + HOST };
  }
  return built.css;
}
