import { PlaybackButtons } from '../components/PlaybackButtons.tsx';
import { useRunValue } from '../playground/hooks.ts';

/** The compact playback bar: the playground's own commands and buttons. */
export function EmbedControls() {
  const cursor = useRunValue((r) => r.cursor);
  const length = useRunValue((r) => r.length);
  return (
    <div className="kp-embed__controls" role="toolbar" aria-label="Playback">
      <PlaybackButtons />
      <span className="muted kp-embed__count">
        step {cursor} / {length}
      </span>
    </div>
  );
}
