import { commandById, type Command, type CommandContext } from '../commands.ts';
import { usePlayground } from '../state/store.ts';
import type { Run } from '../state/useRun.ts';

/** The compact playback bar: the playground's own commands, as buttons with a word and an icon each. */
export function EmbedControls({ run }: { run: Run }) {
  const state = usePlayground((s) => s);
  const ctx: CommandContext = { state, run };
  const button = (id: Command['id'], text: string, primary = false) => {
    const c = commandById(id);
    return (
      <button
        type="button"
        className={primary ? 'primary' : undefined}
        aria-pressed={id === 'play' ? state.playing : undefined}
        disabled={!c.enabled(ctx)}
        title={`${c.label} (${c.keys.filter((k) => k !== ' ').join(', ')})`}
        onClick={() => c.perform(ctx)}
      >
        {text}
      </button>
    );
  };
  return (
    <div className="kp-embed__controls" role="toolbar" aria-label="Playback">
      {button('reset', '⇤ Reset')}
      {button('back', '◀ Back')}
      {button('play', state.playing ? '⏸ Pause' : '▶ Play')}
      {button('next', 'Next ▶', true)}
      <span className="muted kp-embed__count">
        step {run.cursor} / {run.length}
      </span>
    </div>
  );
}
