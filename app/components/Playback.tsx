import { COMMANDS, commandById, type CommandContext } from '../commands.ts';
import { usePlayground } from '../state/store.ts';
import type { Run } from '../state/useRun.ts';
import { Icon, type IconName } from './Icon.tsx';

const SPEEDS = [0.5, 1, 2, 4, 8];

/** Next, Back, Play/Pause with speed, Reset and the timeline scrubber. */
export function Playback({ run }: { run: Run }) {
  const state = usePlayground((s) => s);
  const ctx: CommandContext = { state, run };
  /** A command's button: its icon beside a visible word (the icon is decoration), its shortcut in the title. */
  const button = (
    id: (typeof COMMANDS)[number]['id'],
    label: string,
    icon: IconName,
    extra?: { active?: boolean; primary?: boolean; iconAfter?: boolean },
  ) => {
    const c = commandById(id);
    return (
      <button
        type="button"
        className={extra?.primary ? 'primary' : extra?.active ? 'is-active' : undefined}
        disabled={!c.enabled(ctx)}
        title={`${c.label} (${c.keys.filter((k) => k !== ' ').join(', ')})`}
        onClick={() => c.perform(ctx)}
      >
        {extra?.iconAfter ? (
          <>
            {label} <Icon name={icon} />
          </>
        ) : (
          <>
            <Icon name={icon} /> {label}
          </>
        )}
      </button>
    );
  };
  const rested = run.cursor >= run.length && run.natural === undefined;
  return (
    <div className="playback" role="toolbar" aria-label="Playback">
      {button('reset', 'Reset', 'first')}
      {button('back', 'Back', 'back')}
      {/* Its word says what a press does (Play, Pause), so it is not also a pressed/unpressed toggle. */}
      {state.playing ? button('play', 'Pause', 'pause', { active: true }) : button('play', 'Play', 'play')}
      {button('next', 'Next', 'next', { primary: true, iconAfter: true })}
      <label>
        <span className="visually-hidden">Speed</span>
        <select
          aria-label="Speed"
          value={state.speed}
          onChange={(e) => state.setSpeed(Number(e.target.value))}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}× steps/s
            </option>
          ))}
        </select>
      </label>
      <input
        type="range"
        aria-label="Timeline"
        min={0}
        max={Math.max(run.length, 1)}
        value={run.cursor}
        disabled={run.length === 0}
        onChange={(e) => state.seek(Number(e.target.value))}
      />
      <span className="muted" aria-live="off">
        step {run.cursor} / {run.length}
        {rested ? ' · at rest' : ''} · {run.world.clock} ms
      </span>
    </div>
  );
}
