import { usePlayground, useRunValue } from '../playground/hooks.ts';
import { PlaybackButtons } from './PlaybackButtons.tsx';

const SPEEDS = [0.5, 1, 2, 4, 8];

/** Next, Back, Play/Pause with speed, Reset and the timeline scrubber. */
export function Playback() {
  const speed = usePlayground((s) => s.speed);
  const setSpeed = usePlayground((s) => s.setSpeed);
  // Compare steps its columns' shared tick (its own timeline, above them): the run's would mislead.
  const comparing = usePlayground((s) => s.view === 'compare');
  return (
    <div className="playback" role="toolbar" aria-label="Playback">
      <PlaybackButtons />
      <label>
        <span className="visually-hidden">Speed</span>
        <select aria-label="Speed" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}× steps/s
            </option>
          ))}
        </select>
      </label>
      {comparing ? null : <Timeline />}
    </div>
  );
}

/**
 * The scrubber and where the run stands: the only part of the bar a step changes, so a press of Next
 * re-renders it alone (each value is its own selector, a primitive).
 */
function Timeline() {
  const seek = usePlayground((s) => s.seek);
  const cursor = useRunValue((r) => r.cursor);
  const length = useRunValue((r) => r.length);
  const clock = useRunValue((r) => r.world.clock);
  const rested = useRunValue((r) => r.cursor >= r.length && r.natural === undefined);
  return (
    <>
      <input
        type="range"
        aria-label="Timeline"
        min={0}
        max={Math.max(length, 1)}
        value={cursor}
        disabled={length === 0}
        onChange={(e) => seek(Number(e.target.value))}
      />
      <span className="muted" aria-live="off">
        step {cursor} / {length}
        {rested ? ' · at rest' : ''} · {clock} ms
      </span>
    </>
  );
}
