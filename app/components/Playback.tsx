import { usePlayground, useRun } from '../playground/hooks.ts';
import { PlaybackButtons } from './PlaybackButtons.tsx';

const SPEEDS = [0.5, 1, 2, 4, 8];

/** Next, Back, Play/Pause with speed, Reset and the timeline scrubber. */
export function Playback() {
  const run = useRun();
  const speed = usePlayground((s) => s.speed);
  const setSpeed = usePlayground((s) => s.setSpeed);
  const seek = usePlayground((s) => s.seek);
  const rested = run.cursor >= run.length && run.natural === undefined;
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
      {comparing ? null : (
        <>
          <input
            type="range"
            aria-label="Timeline"
            min={0}
            max={Math.max(run.length, 1)}
            value={run.cursor}
            disabled={run.length === 0}
            onChange={(e) => seek(Number(e.target.value))}
          />
          <span className="muted" aria-live="off">
            step {run.cursor} / {run.length}
            {rested ? ' · at rest' : ''} · {run.world.clock} ms
          </span>
        </>
      )}
    </div>
  );
}
