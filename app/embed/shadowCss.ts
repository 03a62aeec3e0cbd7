/**
 * Every stylesheet of the app as text, for a shadow root: the custom element and the React component
 * draw inside one, so the host page's CSS does not reach the player and the player's does not reach the
 * page. The theme tokens are declared on `:root` for the standalone pages; in a shadow root they belong on
 * `:host`. Inherited properties the page may set on the host are reset on the player's root.
 */
import { MIN_PLAYER_HEIGHT } from './autoHeight.ts';

const sheets = import.meta.glob<string>(
  ['../styles.css', '../components/**/*.css', '../presentation/presentation.css', './embed.css'],
  {
    query: '?inline',
    import: 'default',
    eager: true,
  },
);

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

// styles.css first: the tokens and base rules the component sheets build on.
const ordered = Object.keys(sheets).sort(
  (a, b) => Number(b.endsWith('/styles.css')) - Number(a.endsWith('/styles.css')),
);

export const SHADOW_CSS =
  ordered
    .map((k) => sheets[k])
    .join('\n')
    .replaceAll(':root', ':host') + HOST;
