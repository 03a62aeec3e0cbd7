import { useCommand } from '../playground/hooks.ts';
import { CommandButton } from './CommandButton.tsx';
import { CommandFace } from './CommandFace.tsx';

/** Reset, Back, Play/Pause and Next: the playground's and the embed's playback bars both start with them. */
export function PlaybackButtons() {
  const playing = useCommand('play').checked;
  return (
    <>
      <CommandButton id="reset">
        <CommandFace face="reset" />
      </CommandButton>
      <CommandButton id="back">
        <CommandFace face="back" />
      </CommandButton>
      {/* Its word says what a press does (Play, Pause), so it is not also a pressed/unpressed toggle. */}
      <CommandButton id="play" className={playing ? 'is-active' : undefined}>
        <CommandFace face={playing ? 'pause' : 'play'} />
      </CommandButton>
      <CommandButton id="next" className="primary">
        <CommandFace face="next" />
      </CommandButton>
    </>
  );
}
