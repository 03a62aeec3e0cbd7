import { expect, test, type Page } from '@playwright/test';
import LZString from 'lz-string';
import { CATALOG } from '../src/scenarios/catalog.ts';
import { lzBomb } from '../src/share/hostileInputs.fixture.ts';
import { LIMITS } from '../src/share/limits.ts';
import { runLinkHash } from '../src/share/runLink.ts';
import { largestChoices, largestLink } from './largestRun.ts';
import { longestTask, type LongestTask, type TraceEvent } from './longestTask.ts';

/**
 * Hostile links, opened as someone who clicked them would: in the playground, its Compare view, the embed
 * and the embed's compare view. Each must leave a notice saying what is wrong, a page with content, no
 * page error, and no task that blocks the main thread for more than a second.
 */

const base = CATALOG.find((d) => d.id === 'alo-producer-ack-lost')!;
const withDoc = (changes: Record<string, unknown>) =>
  runLinkHash({ v: 1, scenario: { ...base, ...changes }, choices: [], step: 0 });
const raw = (json: string) => `#run=1.${LZString.compressToEncodedURIComponent(json)}`;

const CORPUS: [name: string, hash: string, notice: RegExp][] = [
  ['a damaged link', '#run=1.garbage@@', /The link is damaged/],
  ['a decompression bomb', `#run=1.${lzBomb(60_000)}`, /This link is too large/],
  [
    'a script that names a choice never offered',
    withDoc({ script: [{ action: 'lose:NoSuchMessage' }] }),
    /script\[0\]\.action "lose:NoSuchMessage" is never offered/,
  ],
  [
    'a record called __proto__',
    withDoc({ workload: { records: ['__proto__'] }, expected: undefined }),
    /cannot be a record id: "__proto__" is a reserved name/,
  ],
  [
    'a 100,000-deep payload',
    raw(`{"s":${'['.repeat(100_000)}${']'.repeat(100_000)},"c":[],"n":0}`),
    /nested more than 16 levels/,
  ],
  [
    'a 2,000,000-character description',
    withDoc({ description: 'x'.repeat(2_000_000) }),
    /This link is too large/,
  ],
  [
    '10,000 crash/restart choices',
    runLinkHash({
      v: 1,
      scenario: base.id,
      choices: Array.from({ length: 10_000 }, (_, i) => (i % 2 ? 'restart:consumer' : 'crash:consumer')),
      step: 0,
    }),
    /choices must be a list of at most 5000/,
  ],
];

/**
 * Records page errors, and traces the renderer from now on: the longest main-thread task, wall-clock and
 * CPU. On a machine whose two cores several suites share, a task's wall-clock time is mostly waiting for
 * a core (a plain load measured 0.4–1.3 s, of which 0.16–0.2 s of CPU); its CPU time is what the page
 * itself spends.
 */
async function watch(page: Page): Promise<{ errors: string[]; longestTask: () => Promise<LongestTask> }> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
  return {
    errors,
    longestTask: async () =>
      longestTask(
        (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }).traceEvents,
      ),
  };
}

/**
 * A page with content, no page error, and no frozen main thread. The freeze bound is five seconds of CPU
 * in one task: hostile input used to cost 10 s to minutes, while a plain load's longest task takes
 * 0.15–0.3 s and the largest allowed link's 0.6–1.1 s. The issue's one-second goal for the largest link
 * is a timing goal, so it is `bench:ui`'s figure ("largest link"), not an assertion that load can flip.
 */
/** A task this long is a freeze, whatever else the machine is doing. */
const FREEZE_CPU_MS = 5_000;

async function expectAlive(page: Page, watched: Awaited<ReturnType<typeof watch>>) {
  await expect(page.locator('#root')).not.toBeEmpty();
  expect((await page.locator('#root').innerText()).length).toBeGreaterThan(50);
  await expectResponsive(watched);
}

/** No page error, and no task of five seconds of CPU or more. */
async function expectResponsive(watched: Awaited<ReturnType<typeof watch>>) {
  expect(watched.errors).toEqual([]);
  const longest = await watched.longestTask();
  test.info().annotations.push({
    type: 'longest task',
    description: `${longest.cpu.toFixed(0)} ms CPU, ${longest.wall.toFixed(0)} ms wall-clock`,
  });
  expect(longest.cpu).toBeLessThan(FREEZE_CPU_MS);
}

for (const [name, hash, notice] of CORPUS) {
  test.describe(name, () => {
    test('the playground says what is wrong, and so does its Compare view', async ({ page }) => {
      const watched = await watch(page);
      await page.goto(`/${hash}`);
      await expect(page.getByRole('alert').filter({ hasText: notice })).toBeVisible();
      await page.getByRole('button', { name: 'Compare semantics' }).click();
      await expect(page.getByTestId('compare-view')).toBeVisible();
      await expectAlive(page, watched);
    });

    for (const query of ['', '?view=compare'])
      test(`the embed${query} says what is wrong`, async ({ page }) => {
        const watched = await watch(page);
        await page.goto(`/embed.html${query}${hash}`);
        await expect(page.getByTestId('embed-notice')).toContainText(notice);
        await expectAlive(page, watched);
      });
  });
}

/**
 * Every column of a Compare view is done (each replays the run in a task of its own): the stepper shows
 * its tick ("no column busy" alone also holds before Compare's chunk has loaded).
 */
const columnsDone = (page: Page) =>
  expect(page.getByTestId('compare-tick')).toHaveText(/^tick \d+ \/ \d+/, { timeout: 60_000 });

test('the largest run a link may carry opens, its thousands of crashes and stranded messages drawn and listed in part', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const watched = await watch(page);
  await page.goto(`/${largestLink}`);
  await expect(page.getByText(/^step 5000 \/ 5000/)).toBeVisible({ timeout: 60_000 });
  const more = page.getByRole('button', { name: /^Show all 2,\d{3} messages in flight$/ });
  await expect(more).toBeVisible();
  expect(await page.locator('.action-list__message').count()).toBeLessThanOrEqual(31);
  // The diagram draws the rows near the viewport only: of the lifeline's 2,500 crashes and restarts and
  // of the 5,000 notes beside them (a run of no arrows at all is windowed by its rows).
  const marks = page.locator('.sd-lifeline__crash, .sd-lifeline__restart');
  expect(await marks.count()).toBeGreaterThan(0);
  expect(await marks.count()).toBeLessThan(200);
  const notes = page.locator('.sd-note');
  expect(await notes.count()).toBeGreaterThan(0);
  expect(await notes.count()).toBeLessThan(200);
  await expectAlive(page, watched);
  // Compare replays the run under three presets: a column at a time, none blocking the page for long.
  const comparing = await watch(page);
  await page.getByRole('button', { name: 'Compare semantics' }).click();
  await columnsDone(page);
  await expectAlive(page, comparing);
  await page.getByRole('button', { name: 'Diagram', exact: true }).click();
  await more.click();
  expect(await page.locator('.action-list__message').count()).toBeGreaterThan(2_000);
});

for (const query of ['', '?view=compare'])
  test(`the largest run a link may carry opens in the embed${query}`, async ({ page }) => {
    test.setTimeout(90_000);
    const watched = await watch(page);
    await page.goto(`/embed.html${query}${largestLink}`);
    if (query) await columnsDone(page);
    else await expect(page.getByText(/^step 5000 \/ 5000/)).toBeVisible({ timeout: 60_000 });
    await expectAlive(page, watched);
  });

test('a script of the largest size, sent by postMessage load, opens in the embed', async ({ page }) => {
  test.setTimeout(90_000);
  const script = largestChoices.slice(0, LIMITS.scriptEntries).map((action) => ({ action }));
  await page.goto('/examples/index.html');
  await page.setContent('<iframe id="embed" src="/embed.html" style="width:800px;height:600px"></iframe>');
  const frame = page.frameLocator('#embed');
  await expect(frame.getByText(/^step 0 \/ /)).toBeVisible();
  const watched = await watch(page);
  await page.evaluate(
    (doc) =>
      (document.getElementById('embed') as HTMLIFrameElement).contentWindow?.postMessage(
        { source: 'kafka-semantics-playground', v: 1, type: 'load', scenario: doc },
        '*',
      ),
    { ...base, id: 'largest-script', script, expected: undefined, climax: undefined },
  );
  await expect(frame.getByText(/^step 0 \/ 2\d{3}$/)).toBeVisible({ timeout: 60_000 });
  await expectResponsive(watched);
});
