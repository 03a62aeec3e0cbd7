import { CommandButton } from '../components/CommandButton.tsx';
import { CommandFace } from '../components/CommandFace.tsx';
import { usePlayground } from '../state/store.ts';
import type { Run } from '../state/useRun.ts';

/** The compact playback bar: the playground's own commands and buttons. */
export function EmbedControls({ run }: { run: Run }) {
  const playing = usePlayground((s) => s.playing);
  return (
    <div className="kp-embed__controls" role="toolbar" aria-label="Playback">
      <CommandButton id="reset" run={run}>
        <CommandFace face="reset" />
      </CommandButton>
      <CommandButton id="back" run={run}>
        <CommandFace face="back" />
      </CommandButton>
      <CommandButton id="play" run={run} className={playing ? 'is-active' : undefined}>
        <CommandFace face={playing ? 'pause' : 'play'} />
      </CommandButton>
      <CommandButton id="next" run={run} className="primary">
        <CommandFace face="next" />
      </CommandButton>
      <span className="muted kp-embed__count">
        step {run.cursor} / {run.length}
      </span>
    </div>
  );
}
