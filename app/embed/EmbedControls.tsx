import { PlaybackButtons } from '../components/PlaybackButtons.tsx';
import type { Run } from '../state/useRun.ts';

/** The compact playback bar: the playground's own commands and buttons. */
export function EmbedControls({ run }: { run: Run }) {
  return (
    <div className="kp-embed__controls" role="toolbar" aria-label="Playback">
      <PlaybackButtons run={run} />
      <span className="muted kp-embed__count">
        step {run.cursor} / {run.length}
      </span>
    </div>
  );
}
