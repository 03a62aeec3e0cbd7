import { expect, test, type Page } from '@playwright/test';
import LZString from 'lz-string';
import { CATALOG } from '../src/scenarios/catalog.ts';
import { lzBomb } from '../src/share/hostileInputs.fixture.ts';
import { runLinkHash } from '../src/share/runLink.ts';

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

/** Records page errors and long tasks from the first script on. */
async function watch(page: Page): Promise<{ errors: string[]; longestTask: () => Promise<number> }> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    const w = window as unknown as { longestTask: number };
    w.longestTask = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longestTask = Math.max(w.longestTask, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  return {
    errors,
    longestTask: () => page.evaluate(() => (window as unknown as { longestTask: number }).longestTask),
  };
}

/**
 * The longest main-thread task of opening `path` with no link at all: on a quiet machine a few hundred
 * ms; on a loaded one (several suites sharing two cores) loading the bundle alone can pass a second.
 */
async function baselineTask(page: Page, path: string): Promise<number> {
  const watched = await watch(page);
  await page.goto(path);
  await expect(page.locator('#root')).not.toBeEmpty();
  const longest = await watched.longestTask();
  // A new document for the link: the embed reads its hash once, when it loads.
  await page.goto('about:blank');
  return longest;
}

/**
 * A page with content, no page error, and no long task beyond 1.5 s (or 2.5× a plain load, when that is
 * longer). The bound catches the freezes hostile input used to cause (10 s to minutes), with room for
 * the noise of two test workers on two cores (a plain compare load measured 1.09 s once in CI).
 */
async function expectAlive(page: Page, watched: Awaited<ReturnType<typeof watch>>, baseline: number) {
  await expect(page.locator('#root')).not.toBeEmpty();
  expect((await page.locator('#root').innerText()).length).toBeGreaterThan(50);
  expect(watched.errors).toEqual([]);
  expect(await watched.longestTask()).toBeLessThan(Math.max(1_500, 2.5 * baseline));
}

for (const [name, hash, notice] of CORPUS) {
  test.describe(name, () => {
    test('the playground says what is wrong, and so does its Compare view', async ({ page }) => {
      const baseline = await baselineTask(page, '/');
      const watched = await watch(page);
      await page.goto(`/${hash}`);
      await expect(page.getByRole('alert').filter({ hasText: notice })).toBeVisible();
      await page.getByRole('button', { name: 'Compare semantics' }).click();
      await expect(page.getByTestId('compare-view')).toBeVisible();
      await expectAlive(page, watched, baseline);
    });

    for (const query of ['', '?view=compare'])
      test(`the embed${query} says what is wrong`, async ({ page }) => {
        const baseline = await baselineTask(page, `/embed.html${query}`);
        const watched = await watch(page);
        await page.goto(`/embed.html${query}${hash}`);
        await expect(page.getByTestId('embed-notice')).toContainText(notice);
        await expectAlive(page, watched, baseline);
      });
  });
}

test('the largest run a link may carry opens, its thousands of crashes and stranded messages drawn and listed in part', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const choices = Array.from({ length: 5_000 }, (_, i) => (i % 2 ? 'restart:consumer' : 'crash:consumer'));
  await page.goto(`/${runLinkHash({ v: 1, scenario: base.id, choices, step: choices.length })}`);
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
  await more.click();
  expect(await page.locator('.action-list__message').count()).toBeGreaterThan(2_000);
});
