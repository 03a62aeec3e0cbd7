/**
 * The longest task of a renderer's main thread in a Chromium trace: its wall-clock time and its CPU
 * (thread) time. Shared by the hostile-input suite (a freeze guard) and `bench:ui` (the figure).
 */
export interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

export interface LongestTask {
  wall: number;
  cpu: number;
}

export function longestTask(events: TraceEvent[]): LongestTask {
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const tasks = events.filter(
    (e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && mains.has(`${e.pid}:${e.tid}`),
  );
  // A trace without thread times would make any CPU bound pass whatever happened.
  if (!tasks.some((t) => (t.tdur ?? 0) > 0))
    throw new Error('the trace has no renderer task with a CPU time');
  return {
    wall: Math.max(...tasks.map((t) => (t.dur ?? 0) / 1000)),
    cpu: Math.max(...tasks.map((t) => (t.tdur ?? 0) / 1000)),
  };
}
