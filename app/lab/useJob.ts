import { useCallback, useEffect, useRef, useState } from 'react';
import type { Job } from './workers.ts';

export type JobState<T, P> =
  | { phase: 'idle' }
  | {
      phase: 'running';
      progress: P | null;
      startedAt: number;
      /** Milliseconds from the start to the last progress. */ elapsed: number;
    }
  | { phase: 'done'; value: T; ms: number }
  | { phase: 'cancelled' }
  | { phase: 'failed'; message: string };

/** One job at a time in workers, with its progress, Cancel, and its workers ended when the page goes. */
export function useJob<T, P>(): {
  state: JobState<T, P>;
  run(start: (onProgress: (p: P) => void) => Job<T>): void;
  cancel(): void;
} {
  const [state, setState] = useState<JobState<T, P>>({ phase: 'idle' });
  const current = useRef<Job<T> | null>(null);
  const cancel = useCallback(() => {
    current.current?.cancel();
    current.current = null;
    setState({ phase: 'cancelled' });
  }, []);
  const run = useCallback((start: (onProgress: (p: P) => void) => Job<T>) => {
    current.current?.cancel();
    const startedAt = performance.now();
    setState({ phase: 'running', progress: null, startedAt, elapsed: 0 });
    const job = start((progress) => {
      if (current.current === job)
        setState({ phase: 'running', progress, startedAt, elapsed: performance.now() - startedAt });
    });
    current.current = job;
    job.result.then(
      (value) => {
        if (current.current !== job) return;
        current.current = null;
        setState({ phase: 'done', value, ms: performance.now() - startedAt });
      },
      (error: unknown) => {
        if (current.current !== job) return;
        current.current = null;
        setState({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
  }, []);
  useEffect(() => () => current.current?.cancel(), []);
  return { state, run, cancel };
}
