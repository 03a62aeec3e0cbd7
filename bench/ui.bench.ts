/**
 * The playground in Chromium, measured: Next's interaction latency with 20, 200 and 1,000 events
 * already in the diagram, next to what a Mermaid re-render of the same trace costs; the initial
 * JavaScript before mermaid loads; Lighthouse performance and accessibility. Prints figures only.
 * Run with `npm run bench:ui` (it builds first).
 *
 * Next is pressed with real mouse clicks (trusted CDP input, as Event Timing requires). Two figures per
 * press: the wall-clock time from the click to the end of the next frame, and the renderer main
 * thread's CPU time over the same span (from a Chromium trace). On a machine shared with other work the
 * wall clock mostly measures waiting for a core; the CPU time is what the page itself spends, and it is
 * what a Next costs on an idle machine. The load average is printed with the figures.
 *
 * Before/after: BENCH_SAVE=file.json keeps this run's figures; BENCH_BEFORE=file.json prints them beside
 * this run's (run the bench on the old commit with BENCH_SAVE, then on the new one with BENCH_BEFORE).
 * BENCH_ONLY=load measures the page load alone (initial JavaScript, Lighthouse with its mobile metrics),
 * skipping the Next presses: what a change to the bundle needs, at a fraction of the CPU.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { preview } from 'vite';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../e2e/chromium.ts';
import { largestLink } from '../e2e/largestRun.ts';
import { longestTask, type LongestTask, type TraceEvent as TaskEvent } from '../e2e/longestTask.ts';
import { pageJs } from './pageJs.ts';
import { toMermaid } from '../src/diagram/mermaid.ts';
import { isDown } from '../src/sim/world.ts';
import { scenarioById } from '../src/scenarios/index.ts';
import { CATALOG } from '../src/scenarios/catalog.ts';
import { COMBINED_RUN } from '../src/scenarios/combinedRun.ts';
import { runLinkHash } from '../src/share/runLink.ts';
import { parseScenarioDocument } from '../src/share/scenarioDocument.ts';
import { naturalAction, step } from '../src/sim/step.ts';
import { createWorld, type World } from '../src/sim/world.ts';
import type { Scenario } from '../src/scenarios/types.ts';
import { percentile } from './stats.ts';

const PRESSES = 20;
const loadOnly = process.env['BENCH_ONLY'] === 'load';

/** A long custom run: the at-least-once scenario with 20 records, stepped until it has `events` events. */
function longRun(events: number): { doc: (typeof CATALOG)[number]; choices: string[]; world: World } {
  const base = CATALOG.find((d) => d.id === 'alo-producer-ack-lost') as (typeof CATALOG)[number];
  const doc = {
    ...base,
    id: 'bench-long',
    script: [],
    workload: { records: Array.from({ length: 20 }, (_, i) => `m${i + 1}`) },
  };
  const scenario = {
    ...(scenarioById('alo-producer-ack-lost') as Scenario),
    id: 'bench-long',
    script: [],
    workload: doc.workload,
  };
  let world = createWorld(scenario);
  const choices: string[] = [];
  const count = (w: World) => w.steps.reduce((n, s) => n + s.events.length, 0);
  // Crash-and-restart the consumer now and then so the run keeps producing events past the happy path.
  while (count(world) < events + PRESSES * 6) {
    const next = naturalAction(world) ?? (isDown(world, 'consumer') ? 'restart:consumer' : 'crash:consumer');
    world = step(world, next);
    choices.push(next);
  }
  return { doc, choices, world };
}

/**
 * Issue #11's combined run (COMBINED_RUN: a topic of three partitions written by two producer
 * applications, a transactional one and a plain one, read by a consumer group of three members), run
 * naturally to rest. It opens 4 × PRESSES steps before its end, so every press redoes a beat.
 */
function topologyRuns(): { label: string; doc: (typeof CATALOG)[number]; choices: string[]; world: World }[] {
  return [{ label: '3 partitions, 2 producers, 3-member group', doc: COMBINED_RUN }].map(({ label, doc }) => {
    const parsed = parseScenarioDocument(doc);
    if (!parsed.ok) throw new Error(`${label}: ${parsed.errors.map((e) => e.message).join('; ')}`);
    let world = createWorld(parsed.value);
    const choices: string[] = [];
    for (let next = naturalAction(world); next !== undefined; next = naturalAction(world)) {
      world = step(world, next);
      choices.push(next);
    }
    return { label, doc, choices, world };
  });
}

/**
 * Records, for every trusted click, the time from the input event to the end of the next frame (a task
 * queued from that frame's requestAnimationFrame runs once style, layout and paint are done), and the
 * browser's own Event Timing entries (only those of 16 ms or more are reported, by the spec's floor).
 */
function instrumentInteractions(): void {
  const w = window as unknown as { __nextPaint: number[]; __eventTiming: number[] };
  w.__nextPaint = [];
  w.__eventTiming = [];
  addEventListener(
    'click',
    (e) => {
      if (!e.isTrusted) return;
      requestAnimationFrame(() => setTimeout(() => w.__nextPaint.push(performance.now() - e.timeStamp)));
    },
    { capture: true },
  );
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as PerformanceEventTiming[])
      // interactionId is in Chromium and the Event Timing spec, not yet in TypeScript's DOM types.
      if (
        (e as PerformanceEventTiming & { interactionId: number }).interactionId > 0 &&
        e.name === 'pointerup'
      )
        w.__eventTiming.push(e.duration);
  }).observe({ type: 'event', buffered: true, durationThreshold: 16 } as PerformanceObserverInit);
}

/** Once the page is idle: the deferred panels and the address bar have caught up with the last step. */
const idle = (page: Page) =>
  page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => resolve(null), { timeout: 2000 })));

interface Presses {
  nextPaint: number[];
  eventTiming: number[];
  cpu: number[];
}

/** PRESSES real mouse clicks on Next (CDP input events, trusted), each after the page went idle. */
async function pressNext(page: Page): Promise<Presses> {
  const box = await page.getByRole('button', { name: 'Next', exact: true }).boundingBox();
  if (!box) throw new Error('the Next button is not on screen');
  const browser = page.context().browser();
  if (!browser) throw new Error('no browser to trace');
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
  for (let i = 0; i < PRESSES; i++) {
    await idle(page);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }
  await idle(page);
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  const inPage = await page.evaluate(() => {
    const w = window as unknown as { __nextPaint: number[]; __eventTiming: number[] };
    return { nextPaint: w.__nextPaint, eventTiming: w.__eventTiming };
  });
  return { ...inPage, cpu: cpuPerClick(trace.traceEvents) };
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  tid: number;
  args?: { data?: { type?: string } };
}

/**
 * Per click, the main thread's CPU time (trace `tdur`, in ms) from the task that dispatched the click to
 * the end of the first Paint after it: React's render and commit, style, layout, paint, and whatever
 * else ran in between.
 */
function cpuPerClick(events: TraceEvent[]): number[] {
  const clicks = events.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click');
  const tid = clicks[0]?.tid;
  const onMain = (name: string) =>
    events.filter((e) => e.tid === tid && e.ph === 'X' && e.name === name).sort((a, b) => a.ts - b.ts);
  const tasks = onMain('ThreadControllerImpl::RunTask');
  const paints = onMain('Paint');
  return clicks.map((click) => {
    const input = tasks.findLast((t) => t.ts <= click.ts);
    const paint = paints.find((p) => p.ts > click.ts);
    if (!input || !paint) return NaN;
    const end = paint.ts + (paint.dur ?? 0);
    const spent = tasks.filter((t) => t.ts >= input.ts && t.ts <= end);
    return spent.reduce((n, t) => n + (t.tdur ?? 0), 0) / 1000;
  });
}

/**
 * Opening the largest run a link may carry (5,000 choices): the renderer main thread's longest task, CPU
 * and wall-clock. The goal is under a second of CPU; the hostile-input suite asserts only that it is no
 * freeze, since one loaded core can stretch it past the goal.
 */
async function largestLinkOpen(): Promise<LongestTask> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
  await page.goto(base + largestLink);
  await page.getByText(/^step 5000 \/ 5000/).waitFor({ timeout: 60_000 });
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TaskEvent[] };
  await page.close();
  return longestTask(trace.traceEvents);
}

async function mermaidRenderMs(page: Page, text: string): Promise<number> {
  return page.evaluate(async (source) => {
    const url = '/__mermaid/mermaid.esm.min.mjs'; // served by the page.route below, not by the app
    const mod = (await import(/* @vite-ignore */ url)) as {
      default: { initialize(o: object): void; render(id: string, t: string): Promise<unknown> };
    };
    // A long run is far past mermaid's default text and edge limits; the point is what it costs.
    mod.default.initialize({ startOnLoad: false, maxTextSize: 10_000_000, maxEdges: 100_000 });
    await mod.default.render('bench-warm', 'sequenceDiagram\nA->>B: hi');
    const t0 = performance.now();
    await mod.default.render('bench-main', source);
    return performance.now() - t0;
  }, text);
}

type Scores = {
  performance: number;
  accessibility: number;
  /** What the performance score is made of (FCP, LCP, TBT, CLS, Speed Index), as Lighthouse prints it. */
  metrics?: string;
};

/** Lighthouse's performance and accessibility scores, with its desktop and its default (mobile) settings. */
async function lighthouseScores(url: string): Promise<{ desktop: Scores; mobile: Scores } | string> {
  try {
    const { default: lighthouse } = await import('lighthouse');
    const { default: desktopConfig } = await import('lighthouse/core/config/desktop-config.js');
    const chromeLauncher = await import('chrome-launcher');
    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM_PATH,
      chromeFlags: ['--headless=new', ...CHROMIUM_FLAGS],
    });
    const run = async (config?: typeof desktopConfig): Promise<Scores> => {
      const result = await lighthouse(
        url,
        {
          port: chrome.port,
          output: 'json',
          onlyCategories: ['performance', 'accessibility'],
          logLevel: 'error',
        },
        config,
      );
      const cats = result?.lhr.categories;
      const audits = result?.lhr.audits ?? {};
      const metrics = [
        'first-contentful-paint',
        'largest-contentful-paint',
        'total-blocking-time',
        'cumulative-layout-shift',
        'speed-index',
      ]
        .map((id) => `${audits[id]?.title ?? id} ${audits[id]?.displayValue ?? '—'}`)
        .join(', ');
      return {
        performance: Math.round((cats?.['performance']?.score ?? 0) * 100),
        accessibility: Math.round((cats?.['accessibility']?.score ?? 0) * 100),
        metrics,
      };
    };
    try {
      return { desktop: await run(desktopConfig), mobile: await run() };
    } finally {
      chrome.kill();
    }
  } catch (e) {
    return `Lighthouse did not run: ${(e as Error).message}`;
  }
}

const dist = 'dist';
// BENCH_PORT lets several checkouts benchmark side by side.
const port = Number(process.env.BENCH_PORT ?? 4175);
const server = await preview({
  preview: { port, strictPort: true, host: '127.0.0.1' },
  logLevel: 'silent',
});
const base = `http://127.0.0.1:${port}/`;
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
const rows: Record<string, string | number>[] = [];
const topologyRows: Record<string, string | number>[] = [];
let largest: LongestTask | undefined;
try {
  const mermaidDist = join('node_modules', 'mermaid', 'dist');
  for (const events of loadOnly ? [] : [20, 200, 1000]) {
    const { doc, choices, world } = longRun(events);
    // Open the run positioned so that `events` trace events are on screen and PRESSES redo steps follow.
    const stepsBefore =
      world.steps.findIndex(
        (_, i) => world.steps.slice(0, i + 1).reduce((n, s) => n + s.events.length, 0) >= events,
      ) + 1;
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.route('**/__mermaid/**', (route) => {
      const rel = new URL(route.request().url()).pathname.replace('/__mermaid/', '');
      return route.fulfill({ path: join(mermaidDist, rel), contentType: 'text/javascript' });
    });
    await page.addInitScript(instrumentInteractions);
    await page.goto(base + runLinkHash({ v: 1, scenario: doc, choices, step: stepsBefore }));
    await page.getByTestId('sequence-diagram-svg').waitFor();
    const { nextPaint, eventTiming, cpu } = await pressNext(page);
    const text = toMermaid(world.participants, world.steps.slice(0, stepsBefore));
    const mermaidMs = await mermaidRenderMs(page, text);
    rows.push({
      'events in diagram': events,
      'Next CPU p50 (ms)': Number(percentile(cpu, 50).toFixed(1)),
      'Next CPU p95 (ms)': Number(percentile(cpu, 95).toFixed(1)),
      'Next → paint wall p50 (ms)': Number(percentile(nextPaint, 50).toFixed(1)),
      'Next → paint wall p95 (ms)': Number(percentile(nextPaint, 95).toFixed(1)),
      'Event Timing ≥ 16 ms': `${eventTiming.length}/${PRESSES}`,
      'slowest Event Timing (ms)': eventTiming.length > 0 ? Math.max(...eventTiming) : '—',
      'mermaid.render same trace (ms)': Number(mermaidMs.toFixed(0)),
      'mermaid ÷ Next CPU p95': `${(mermaidMs / percentile(cpu, 95)).toFixed(0)}×`,
    });
    await page.close();
  }
  for (const { label, doc, choices, world } of loadOnly ? [] : topologyRuns()) {
    // Next takes a beat, often several steps: open far enough back that every press still has one.
    const stepsBefore = Math.max(0, choices.length - 4 * PRESSES);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript(instrumentInteractions);
    await page.goto(base + runLinkHash({ v: 1, scenario: doc, choices, step: stepsBefore }));
    await page.getByTestId('sequence-diagram-svg').waitFor();
    const presses = await pressNext(page);
    // A press at rest paints nothing (NaN): it is no Next, and would turn every percentile into NaN.
    const cpu = presses.cpu.filter(Number.isFinite);
    const { nextPaint } = presses;
    topologyRows.push({
      run: label,
      lanes: world.participants.length,
      steps: choices.length,
      'presses measured': `${cpu.length}/${PRESSES}`,
      'Next CPU p50 (ms)': Number(percentile(cpu, 50).toFixed(1)),
      'Next CPU p95 (ms)': Number(percentile(cpu, 95).toFixed(1)),
      'Next → paint wall p95 (ms)': Number(percentile(nextPaint, 95).toFixed(1)),
    });
    await page.close();
  }
  if (!loadOnly) largest = await largestLinkOpen();
} finally {
  await browser.close();
}
const js = pageJs(dist, 'index.html');
const lazy = readdirSync(join(dist, 'assets')).filter(
  (f) => f.endsWith('.js') && !js.files.includes(`assets/${f}`),
).length;
const lh = await lighthouseScores(base);
server.httpServer.close();

const load = os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
const figures: Figures = {
  load,
  rows,
  topologyRows,
  initialJsKb: Number((js.bytes / 1024).toFixed(1)),
  lighthouse: lh,
  largestLinkCpuMs: largest ? Number(largest.cpu.toFixed(0)) : undefined,
};
if (process.env['BENCH_SAVE']) writeFileSync(process.env['BENCH_SAVE'], JSON.stringify(figures, null, 2));

console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, load average ${load}, Node ${process.version}, Chromium from /usr/bin/chromium`,
);
console.table(rows);
console.log('Issue #11: Next on larger topologies (the last PRESSES steps of a natural run):');
console.table(topologyRows);
console.log(
  `initial JavaScript (gzip): ${figures.initialJsKb} KB in ${js.files.length} file(s); ${lazy} chunk(s) load lazily (mermaid among them)`,
);
console.log(lighthouseLine(lh));
if (largest)
  console.log(
    `largest link (5,000 choices) opens: longest main-thread task ${largest.cpu.toFixed(0)} ms CPU, ${largest.wall.toFixed(0)} ms wall-clock`,
  );
const beforeFile = process.env['BENCH_BEFORE'];
if (beforeFile) printBeside(JSON.parse(readFileSync(beforeFile, 'utf8')) as Figures, figures);
console.log(
  'goals: Next CPU→paint p95 ≤ 16 ms at every size (flat), and ≥ 40× faster than mermaid.render at 1,000 events; initial JS ≤ 170 KB gzip; the largest link opens with no task over 1,000 ms CPU; Lighthouse mobile performance ≥ 95, accessibility 100',
);

interface Figures {
  load: string;
  rows: Record<string, string | number>[];
  /** Absent from figures saved before the larger topologies were kept. */
  topologyRows?: Record<string, string | number>[];
  initialJsKb: number;
  lighthouse: Awaited<ReturnType<typeof lighthouseScores>>;
  /** Absent from figures saved before it was measured. */
  largestLinkCpuMs?: number;
}

function lighthouseLine(lh: Figures['lighthouse']): string {
  return typeof lh === 'string'
    ? lh
    : `Lighthouse desktop: performance ${lh.desktop.performance}, accessibility ${lh.desktop.accessibility}; mobile (4× CPU throttling, slow 4G): performance ${lh.mobile.performance}, accessibility ${lh.mobile.accessibility}` +
        (lh.mobile.metrics ? `\n  mobile metrics: ${lh.mobile.metrics}` : '');
}

/** The saved run's figures and this run's, one column each, with each run's load average. */
function printBeside(before: Figures, after: Figures): void {
  const table: Record<string, Record<string, string | number>> = {};
  const fig = (row: Record<string, string | number> | undefined, key: string) => row?.[key] ?? '—';
  for (const row of after.rows) {
    const events = row['events in diagram'] as number;
    const old = before.rows.find((r) => r['events in diagram'] === events);
    for (const key of Object.keys(row).filter((k) => k !== 'events in diagram'))
      table[`${key} @ ${events}`] = { before: fig(old, key), after: fig(row, key) };
  }
  for (const row of after.topologyRows ?? []) {
    const old = before.topologyRows?.find((r) => r['run'] === row['run']);
    for (const key of ['Next CPU p50 (ms)', 'Next CPU p95 (ms)'])
      table[`${key} @ ${row['run']}`] = { before: fig(old, key), after: fig(row, key) };
  }
  table['initial JS (KB gzip)'] = { before: before.initialJsKb, after: after.initialJsKb };
  const lhOf = (f: Figures, device: 'desktop' | 'mobile', cat: 'performance' | 'accessibility') =>
    typeof f.lighthouse === 'string' ? '—' : f.lighthouse[device][cat];
  for (const device of ['mobile', 'desktop'] as const)
    for (const cat of ['performance', 'accessibility'] as const)
      table[`Lighthouse ${device} ${cat}`] = {
        before: lhOf(before, device, cat),
        after: lhOf(after, device, cat),
      };
  table['largest link, longest task CPU (ms)'] = {
    before: before.largestLinkCpuMs ?? '—',
    after: after.largestLinkCpuMs ?? '—',
  };
  table['load average (1, 5, 15 min)'] = { before: before.load, after: after.load };
  console.log('before (BENCH_BEFORE) and after (this run):');
  console.table(table);
}
