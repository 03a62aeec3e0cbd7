/**
 * The playground in Chromium, measured: Next's interaction latency with 20, 200 and 1,000 events
 * already in the diagram, next to what a Mermaid re-render of the same trace costs; the initial
 * JavaScript before mermaid loads; Lighthouse performance and accessibility. Prints figures only.
 * Run with `npm run bench:ui` (it builds first).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { preview } from 'vite';
import { toMermaid } from '../src/diagram/mermaid.ts';
import { scenarioById } from '../src/scenarios/index.ts';
import { CATALOG } from '../src/scenarios/catalog.ts';
import { runLinkHash } from '../src/share/runLink.ts';
import { naturalAction, step } from '../src/sim/step.ts';
import { createWorld, type World } from '../src/sim/world.ts';
import type { Scenario } from '../src/scenarios/types.ts';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PRESSES = 20;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** JavaScript the page loads before anything lazy: the entry script and its module preloads, gzipped. */
function initialJsGzip(dist: string): { bytes: number; files: string[] } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  const bytes = files.reduce((n, f) => n + gzipSync(readFileSync(join(dist, f))).length, 0);
  return { bytes, files };
}

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
    const next =
      naturalAction(world) ?? (world.nodes['consumer']?.down ? 'restart:consumer' : 'crash:consumer');
    world = step(world, next);
    choices.push(next);
  }
  return { doc, choices, world };
}

async function nextLatencies(page: Page): Promise<number[]> {
  return page.evaluate(async (presses) => {
    const next = [...document.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Next'),
    ) as HTMLButtonElement;
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
    const out: number[] = [];
    for (let i = 0; i < presses; i++) {
      await frame();
      const t0 = performance.now();
      next.click();
      await frame(); // React commits and the browser paints in the next frame
      out.push(performance.now() - t0);
    }
    return out;
  }, PRESSES);
}

async function eventTimingDurations(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __eventDurations?: number[] }).__eventDurations ?? []);
}

async function mermaidRenderMs(page: Page, text: string): Promise<number> {
  return page.evaluate(async (source) => {
    const url = '/__mermaid/mermaid.esm.min.mjs'; // served by the page.route below, not by the app
    const mod = (await import(/* @vite-ignore */ url)) as {
      default: { initialize(o: object): void; render(id: string, t: string): Promise<unknown> };
    };
    mod.default.initialize({ startOnLoad: false });
    await mod.default.render('bench-warm', 'sequenceDiagram\nA->>B: hi');
    const t0 = performance.now();
    await mod.default.render('bench-main', source);
    return performance.now() - t0;
  }, text);
}

async function lighthouseScores(
  url: string,
): Promise<{ performance: number; accessibility: number } | string> {
  try {
    const { default: lighthouse } = await import('lighthouse');
    const chromeLauncher = await import('chrome-launcher');
    const chrome = await chromeLauncher.launch({
      chromePath: '/usr/bin/chromium',
      chromeFlags: ['--headless=new', ...FLAGS],
    });
    try {
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        onlyCategories: ['performance', 'accessibility'],
        logLevel: 'error',
      });
      const cats = result?.lhr.categories;
      return {
        performance: Math.round((cats?.['performance']?.score ?? 0) * 100),
        accessibility: Math.round((cats?.['accessibility']?.score ?? 0) * 100),
      };
    } finally {
      await chrome.kill();
    }
  } catch (e) {
    return `Lighthouse did not run: ${(e as Error).message}`;
  }
}

const dist = 'dist';
const server = await preview({
  preview: { port: 4175, strictPort: true, host: '127.0.0.1' },
  logLevel: 'silent',
});
const base = 'http://127.0.0.1:4175/';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
const rows: Record<string, string | number>[] = [];
try {
  const mermaidDist = join('node_modules', 'mermaid', 'dist');
  for (const events of [20, 200, 1000]) {
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
    await page.addInitScript(() => {
      const durations: number[] = [];
      (window as unknown as { __eventDurations: number[] }).__eventDurations = durations;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.name === 'click') durations.push(e.duration);
      }).observe({ type: 'event', buffered: true, durationThreshold: 16 } as PerformanceObserverInit);
    });
    await page.goto(base + runLinkHash({ v: 1, scenario: doc, choices, step: stepsBefore }));
    await page.getByTestId('sequence-diagram-svg').waitFor();
    const latencies = await nextLatencies(page);
    const slow = await eventTimingDurations(page);
    const text = toMermaid(world.participants, world.steps.slice(0, stepsBefore));
    const mermaidMs = await mermaidRenderMs(page, text);
    rows.push({
      'events in diagram': events,
      'Next p50 (ms)': Number(percentile(latencies, 50).toFixed(1)),
      'Next p95 (ms)': Number(percentile(latencies, 95).toFixed(1)),
      'Event Timing entries ≥ 16 ms': `${slow.length}/${PRESSES}`,
      'mermaid.render same trace (ms)': Number(mermaidMs.toFixed(0)),
    });
    await page.close();
  }
} finally {
  await browser.close();
}
const js = initialJsGzip(dist);
const lazy = readdirSync(join(dist, 'assets')).filter(
  (f) => f.endsWith('.js') && !js.files.includes(`assets/${f}`),
).length;
const lh = await lighthouseScores(base);
server.httpServer.close();

console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}, Chromium from /usr/bin/chromium`,
);
console.table(rows);
console.log(
  `initial JavaScript (gzip): ${(js.bytes / 1024).toFixed(1)} KB in ${js.files.length} file(s); ${lazy} chunk(s) load lazily (mermaid among them)`,
);
console.log(
  typeof lh === 'string'
    ? lh
    : `Lighthouse: performance ${lh.performance}, accessibility ${lh.accessibility}`,
);
console.log(
  'goals: Next p95 ≤ 16 ms at every size; initial JS ≤ 250 KB gzip; Lighthouse performance ≥ 95, accessibility 100',
);
