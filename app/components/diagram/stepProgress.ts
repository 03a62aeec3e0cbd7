/**
 * The step's animation as one number, 0 → 1, that the arrows of the current beat read every frame. The
 * arrows subscribe and write their SVG attributes themselves, so a frame of animation renders no React at
 * all. A few dozen lines instead of an animation library: the diagram only ever tweens this one value.
 */
export interface StepProgress {
  get(): number;
  /** Calls `draw` with each new value; the returned function unsubscribes. */
  subscribe(draw: (p: number) => void): () => void;
}

export interface Tweenable extends StepProgress {
  /** Sets the value at once (no animation), stopping a tween in progress. */
  jump(p: number): void;
  /** Tweens from 0 to 1 over `ms`, easing in and out; the returned function stops it where it is. */
  play(ms: number): () => void;
}

/** The cubic ease-in-out: slow out of the sender, fast across, slow into the receiver. */
export const easeInOut = (t: number) => (t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2);

/** A value that stays at `p` however far the animation is: for pictures that never move. */
export const still = (p: number): StepProgress => ({ get: () => p, subscribe: () => () => {} });

export function createStepProgress(initial = 1): Tweenable {
  let value = initial;
  let frame = 0;
  /** Counts the tweens started, so that each one's stop knows whether it is still the one running. */
  let tweens = 0;
  const subscribers = new Set<(p: number) => void>();
  // A value already drawn is not drawn again: a tween's first frame repeats the 0 that play() drew, and
  // each draw writes five attributes per arrow, every write a style and layout invalidation of the SVG in
  // the frame that answers Next. A subscriber draws the current value itself when it subscribes.
  const set = (p: number) => {
    if (p === value) return;
    value = p;
    for (const draw of subscribers) draw(p);
  };
  const stop = () => {
    cancelAnimationFrame(frame);
    frame = 0;
  };
  return {
    get: () => value,
    subscribe(draw) {
      subscribers.add(draw);
      return () => subscribers.delete(draw);
    },
    jump(p) {
      stop();
      set(p);
    },
    play(ms) {
      stop();
      set(0);
      let start: number | undefined;
      const tick = (now: number) => {
        start ??= now;
        const t = Math.min(1, (now - start) / ms);
        set(easeInOut(t));
        frame = t < 1 ? requestAnimationFrame(tick) : 0;
      };
      frame = requestAnimationFrame(tick);
      const mine = ++tweens;
      // Stops this tween only: a stale stop must not cut the next step's animation short.
      return () => {
        if (mine === tweens) stop();
      };
    },
  };
}

/** Piecewise-linear: `p` between stops[i] and stops[i + 1] maps between values[i] and values[i + 1]. */
export function interpolate(p: number, stops: readonly number[], values: readonly number[]): number {
  if (p <= (stops[0] ?? 0)) return values[0] ?? 0;
  for (let i = 1; i < stops.length; i++) {
    const hi = stops[i] as number;
    if (p <= hi) {
      const lo = stops[i - 1] as number;
      const a = values[i - 1] as number;
      const b = values[i] as number;
      return hi === lo ? b : a + ((p - lo) / (hi - lo)) * (b - a);
    }
  }
  return values[values.length - 1] ?? 0;
}
