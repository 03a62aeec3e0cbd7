/**
 * The embed, measured in Chromium: its initial JavaScript (gzip) for embed.html and for the custom
 * element's single script, the time to the first diagram on a cold load (a new browser context each
 * time, so nothing is cached), and what an idle embed costs (paused on screen, and autoplaying but
 * scrolled out of view): timers and frames it schedules and main-thread time, over a few seconds.
 * Goal for idle: nothing scheduled. Prints figures only. Run with `npm run bench:embed` (it builds first).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, expect, type Browser, type Page } from '@playwright/test';
import { preview } from 'vite';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../e2e/chromium.ts';
import { pageJs } from './pageJs.ts';
import { percentile } from './stats.ts';

const PORT = 4176;
const BASE = `http://127.0.0.1:${PORT}/`;
const COLD_LOADS = 5;
const IDLE_MS = 5000;
const dist = 'dist';

const gz = (file: string) => gzipSync(readFileSync(join(dist, file))).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Init scripts, run in every frame. Plain JavaScript text: tsx would wrap a function's inner names in a
 * helper the page lacks.
 * COUNT: every requestAnimationFrame, setTimeout and setInterval call.
 * FIRST_DIAGRAM: when a diagram first exists, in the document or a custom element's shadow root, checked
 * each frame until found (for cold loads only: it is itself work every frame until then).
 */
const COUNT = `
  window.__scheduled = 0;
  for (const name of ['requestAnimationFrame', 'setTimeout', 'setInterval']) {
    const original = window[name].bind(window);
    window[name] = (...args) => { window.__scheduled++; return original(...args); };
  }
`;
const DIAGRAM = '[data-testid="sequence-diagram-svg"]';
const FIRST_DIAGRAM = `
  const found = () =>
    document.querySelector('${DIAGRAM}') ||
    [...document.querySelectorAll('kafka-semantics-playground')].some((e) =>
      e.shadowRoot && e.shadowRoot.querySelector('${DIAGRAM}'));
  const poll = () => { if (found()) window.__firstDiagram = performance.now(); else requestAnimationFrame(poll); };
  requestAnimationFrame(poll);
`;

async function coldFirstDiagram(browser: Browser, path: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < COLD_LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    const page = await context.newPage();
    await page.addInitScript({ content: FIRST_DIAGRAM });
    await page.goto(BASE + path);
    await page.waitForFunction(
      () => (window as unknown as { __firstDiagram?: number }).__firstDiagram !== undefined,
    );
    times.push(await page.evaluate(() => (window as unknown as { __firstDiagram: number }).__firstDiagram));
    await context.close();
  }
  return percentile(times, 50);
}

async function metricsOf(page: Page): Promise<() => Promise<Record<string, number>>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  };
}

/** Scheduled calls (all frames) and main-thread time while the page sits still for IDLE_MS. */
async function idle(
  browser: Browser,
  html: string,
): Promise<{ scheduled: number; scriptMs: number; taskMs: number }> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  await page.addInitScript({ content: COUNT });
  await page.goto(`${BASE}examples/index.html`);
  await page.setContent(html);
  // Settled: the diagram is drawn (in whichever frame holds it), then a second more.
  await expect
    .poll(
      async () => {
        for (const f of page.frames())
          if (
            await f.evaluate(
              (sel) =>
                document.querySelector(sel) !== null ||
                [...document.querySelectorAll('kafka-semantics-playground')].some((e) =>
                  e.shadowRoot?.querySelector(sel),
                ),
              DIAGRAM,
            )
          )
            return true;
        return false;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  await page.waitForTimeout(1000);
  const count = async () => {
    let n = 0;
    for (const f of page.frames())
      n += await f.evaluate(() => (window as unknown as { __scheduled?: number }).__scheduled ?? 0);
    return n;
  };
  const metrics = await metricsOf(page);
  // Counted outside the measured window: evaluating in a frame is itself main-thread work.
  const n0 = await count();
  const m0 = await metrics();
  await page.waitForTimeout(IDLE_MS);
  const m1 = await metrics();
  const n1 = await count();
  await context.close();
  const d = (k: string) => ((m1[k] ?? 0) - (m0[k] ?? 0)) * 1000;
  return { scheduled: n1 - n0, scriptMs: d('ScriptDuration'), taskMs: d('TaskDuration') };
}

const server = await preview({
  preview: { port: PORT, strictPort: true, host: '127.0.0.1' },
  logLevel: 'silent',
});
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
const rows: Record<string, string | number>[] = [];
try {
  const embedJs = pageJs(dist, 'embed.html');
  const appJs = pageJs(dist, 'index.html');
  const elementJs = gz('element/kafka-semantics-playground.js');
  rows.push({
    what: 'embed.html initial JS (gzip)',
    figure: `${kb(embedJs.bytes)} in ${embedJs.files.length} files`,
  });
  rows.push({ what: 'element script (gzip, React bundled in)', figure: kb(elementJs) });
  rows.push({ what: 'for comparison: playground initial JS (gzip)', figure: kb(appJs.bytes) });
  rows.push({
    what: `first diagram, cold load, embed.html (median of ${COLD_LOADS})`,
    figure: `${(await coldFirstDiagram(browser, 'embed.html?scenario=alo-producer-ack-lost&step=6')).toFixed(0)} ms`,
  });
  rows.push({
    what: `first diagram, cold load, custom element (median of ${COLD_LOADS})`,
    figure: `${(await coldFirstDiagram(browser, 'examples/element.html')).toFixed(0)} ms`,
  });
  const frame = (query: string) =>
    `<iframe src="/embed.html?${query}" style="width:720px;aspect-ratio:16/10;border:0"></iframe>`;
  const cases: [string, string][] = [
    ['paused embed on screen', frame('step=6')],
    ['autoplay embed scrolled off screen', `<div style="height:4000px"></div>${frame('autoplay=1&speed=8')}`],
    [
      'paused custom element on screen',
      '<script type="module" src="/element/kafka-semantics-playground.js"></script><kafka-semantics-playground step="6"></kafka-semantics-playground>',
    ],
  ];
  for (const [what, html] of cases) {
    const r = await idle(browser, html);
    rows.push({
      what: `idle ${IDLE_MS / 1000} s: ${what}`,
      figure: `${r.scheduled} timers/frames scheduled · script ${r.scriptMs.toFixed(1)} ms · tasks ${r.taskMs.toFixed(1)} ms`,
    });
  }
} finally {
  await browser.close();
  server.httpServer.close();
}
console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}, Chromium from /usr/bin/chromium`,
);
console.table(rows);
