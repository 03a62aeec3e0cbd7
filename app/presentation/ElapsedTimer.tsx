import { useEffect, useState } from 'react';

const pad = (n: number) => String(n).padStart(2, '0');

/** 75_000 → "1:15", 3_723_000 → "1:02:03". */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** The talk's clock, from when the speaker view opened; it can be paused and reset (Slidev's timer). */
export function ElapsedTimer() {
  const [start, setStart] = useState(() => Date.now());
  const [pausedAt, setPausedAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (pausedAt !== null) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [pausedAt]);

  const toggle = () => {
    const t = Date.now();
    if (pausedAt === null) setPausedAt(t);
    else {
      setStart((s) => s + (t - pausedAt));
      setPausedAt(null);
      setNow(t);
    }
  };
  const reset = () => {
    const t = Date.now();
    setStart(t);
    setNow(t);
    if (pausedAt !== null) setPausedAt(t);
  };

  return (
    <div className="speaker__timer" role="group" aria-label="Elapsed time">
      {/* role=timer is not announced on every tick. */}
      <span role="timer" className="speaker__clock" data-testid="speaker-timer">
        {formatElapsed((pausedAt ?? now) - start)}
      </span>
      <button type="button" aria-pressed={pausedAt !== null} onClick={toggle}>
        {pausedAt === null ? 'Pause timer' : 'Resume timer'}
      </button>
      <button type="button" onClick={reset}>
        Reset timer
      </button>
    </div>
  );
}
