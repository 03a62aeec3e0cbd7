import { usePlayground } from '../state/store.ts';
import type { Run } from '../state/useRun.ts';
import { CommandButton } from './CommandButton.tsx';
import { CommandFace } from './CommandFace.tsx';

/** Reset, Back, Play/Pause and Next: the playground's and the embed's playback bars both start with them. */
export function PlaybackButtons({ run }: { run: Run }) {
  const playing = usePlayground((s) => s.playing);
  return (
    <>
      <CommandButton id="reset" run={run}>
        <CommandFace face="reset" />
      </CommandButton>
      <CommandButton id="back" run={run}>
        <CommandFace face="back" />
      </CommandButton>
      {/* Its word says what a press does (Play, Pause), so it is not also a pressed/unpressed toggle. */}
      <CommandButton id="play" run={run} className={playing ? 'is-active' : undefined}>
        <CommandFace face={playing ? 'pause' : 'play'} />
      </CommandButton>
      <CommandButton id="next" run={run} className="primary">
        <CommandFace face="next" />
      </CommandButton>
    </>
  );
}
