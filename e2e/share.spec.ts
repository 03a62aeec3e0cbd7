import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { scenarioById } from '../src/scenarios/index.ts';
import { runLinkHash } from '../src/share/runLink.ts';
import { runScenario } from '../src/sim/run.ts';
import { stepAfter } from './beats.ts';

/**
 * Sharing a run: the address bar holds it (`#run=1.…`), a copied link reopens the same step, a broken
 * link says what is wrong and leaves the default scenario on screen, and the diagram leaves the page as
 * Mermaid text, SVG or PNG. Locators are roles, labels and test ids only.
 */

const DEFAULT_SCENARIO = 'alo-producer-ack-lost';

/**
 * The link a user copies from the address bar. Clicking into the address bar takes the page's focus,
 * and on that blur the playground writes any change still waiting (app/share/useUrlSync.ts): that is
 * its promise, so the spec reads the bar the same way. Reading it after a quiet spell instead raced the
 * idle-time writes, which a write the machine stalled holds back for ten times the stall (a 300 ms
 * stall made the bar stale for 3 s, CI's "step 24 / 24" and "step 0 / 0").
 */
const addressBarHash = (page: Page) =>
  page.evaluate(() => {
    window.dispatchEvent(new Event('blur'));
    return location.hash;
  });

/** Where n presses of Next leave the default lesson (Next takes a beat). */
const beat = (n: number) => stepAfter(DEFAULT_SCENARIO, n);

class Playground {
  readonly next: Locator;
  readonly back: Locator;
  /** "step N / M · …" in the playback bar. */
  readonly counter: Locator;
  readonly details: Locator;
  readonly share: Locator;

  constructor(readonly page: Page) {
    this.next = page.getByRole('button', { name: 'Next', exact: true });
    this.back = page.getByRole('button', { name: 'Back', exact: true });
    this.counter = page.getByText(/^step \d+ \/ \d+/);
    this.details = page.getByRole('complementary', { name: 'Details' });
    this.share = page.getByRole('button', { name: 'Share', exact: true });
  }

  async open(path = '/') {
    await this.page.goto(path);
    await expect(this.page.getByTestId('sequence-diagram-svg')).toBeVisible();
  }

  async step(times: number) {
    for (let i = 0; i < times; i++) await this.next.click();
  }

  async shareItem(name: string) {
    if ((await this.share.getAttribute('aria-expanded')) !== 'true') await this.share.click();
    return this.page.getByRole('button', { name, exact: true });
  }
}

test('the address bar holds the run: a new page opens the same step with the same ledger', async ({
  page,
  context,
}) => {
  const p = new Playground(page);
  await p.open();
  await p.step(6);
  await p.back.click();
  await p.back.click();
  await expect(p.counter).toContainText(`step ${beat(4)} / ${beat(6)}`);
  await expect(page).toHaveURL(/#run=1\./);
  const hash = await addressBarHash(page);
  const counter = await p.counter.innerText();
  const details = await p.details.innerText();

  const other = new Playground(await context.newPage());
  await other.open(`/${hash}`);
  await expect(other.counter).toHaveText(counter);
  await expect(other.page.getByLabel('Scenario')).toHaveValue(DEFAULT_SCENARIO);
  await expect(other.details).toHaveText(details, { useInnerText: true });
  // The recorded steps after the cursor came along: Next replays them instead of forking.
  await other.next.click();
  await expect(other.counter).toContainText(`step ${beat(5)} / ${beat(6)}`);
});

test('stepping rewrites the hash in place: no history entry per step', async ({ page }) => {
  const p = new Playground(page);
  await p.open();
  const before = await page.evaluate(() => history.length);
  await p.step(5);
  await expect(page).toHaveURL(/#run=1\./);
  expect(await page.evaluate(() => history.length)).toBe(before);
});

test('an edited configuration travels with the link', async ({ page, context }) => {
  const p = new Playground(page);
  await p.open();
  await page.getByRole('button', { name: 'Exactly-once', exact: true }).click();
  await p.step(3);
  const stepped = (await p.counter.innerText()).match(/^step \d+ \/ \d+/)?.[0] ?? '?';
  const effective = await page.getByTestId('effective-config').innerText();
  expect(effective).toContain('transactional.id=app-1');
  const hash = await addressBarHash(page);

  const other = new Playground(await context.newPage());
  await other.open(`/${hash}`);
  await expect(other.page.getByTestId('effective-config')).toHaveText(effective);
  await expect(other.page.getByRole('button', { name: 'Exactly-once', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(other.counter).toContainText(stepped);
});

test.describe('a link that cannot be opened says why and keeps the default scenario', () => {
  const cases: Array<[string, string | (() => string), RegExp]> = [
    ['damaged', '/#run=1.garbage', /damaged/],
    ['from a newer playground', '/#run=9.abcdef', /newer version of the playground/],
    [
      'naming an unknown scenario',
      () => `/${runLinkHash({ v: 1, scenario: 'no-such-scenario', choices: [], step: 0 })}`,
      /"no-such-scenario"/,
    ],
  ];
  for (const [name, path, problem] of cases) {
    test(name, async ({ page }) => {
      const p = new Playground(page);
      await p.open(typeof path === 'string' ? path : path());
      const alert = page.getByRole('alert').filter({ hasText: problem });
      await expect(alert).toBeVisible();
      await expect(alert).toContainText('The default scenario is shown instead.');
      await expect(page.getByLabel('Scenario')).toHaveValue(DEFAULT_SCENARIO);
      await expect(p.counter).toContainText('step 0 / 0');
      // The page works: stepping replaces the bad link with a good one.
      await p.step(2);
      await expect(p.counter).toContainText(`step ${beat(2)} / ${beat(2)}`);
      await expect(page).toHaveURL(/#run=1\./);
    });
  }
});

test('a link whose run replays only in part opens at its last good step and says which step failed', async ({
  page,
}) => {
  const p = new Playground(page);
  const good = stepAfter(DEFAULT_SCENARIO, 2);
  const choices = runScenario(scenarioById(DEFAULT_SCENARIO)!)
    .steps.slice(0, good)
    .map((s) => s.action);
  await p.open(
    `/${runLinkHash({ v: 1, scenario: DEFAULT_SCENARIO, choices: [...choices, 'lose:999'], step: good + 1 })}`,
  );
  const alert = page.getByRole('alert').filter({ hasText: `step ${good + 1} ("lose:999")` });
  await expect(alert).toContainText(`opens at step ${good}, the last one that replays`);
  await expect(page.getByLabel('Scenario')).toHaveValue(DEFAULT_SCENARIO);
  await expect(p.counter).toContainText(`step ${good} / ${good}`);
});

test.describe('with clipboard access', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('Copy Mermaid puts the run so far on the clipboard as a sequence diagram', async ({ page }) => {
    const p = new Playground(page);
    await p.open();
    await p.step(6);
    await (await p.shareItem('Copy Mermaid')).click();
    await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
    const text = await page.evaluate(() => navigator.clipboard.readText());
    expect(text.startsWith('sequenceDiagram')).toBe(true);
  });

  test('Copy link copies a link that reopens the same step', async ({ page, context }) => {
    const p = new Playground(page);
    await p.open();
    await p.step(4);
    await (await p.shareItem('Copy link')).click();
    await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(/#run=1\./);
    const other = new Playground(await context.newPage());
    await other.open(link);
    await expect(other.counter).toContainText(`step ${beat(4)} / ${beat(4)}`);
  });
});

test('the share menu works from the keyboard and Escape closes it', async ({ page }) => {
  const p = new Playground(page);
  await p.open();
  // The menu's items load when the page is idle (mounted hidden): Tab reaches them once they are in.
  await expect(page.locator('.share-menu__panel button', { hasText: 'Copy link' })).toBeAttached();
  await p.share.focus();
  await page.keyboard.press('Enter');
  await expect(p.share).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Copy link', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(p.share).toHaveAttribute('aria-expanded', 'false');
  await expect(p.share).toBeFocused();
  await expect(page.getByRole('button', { name: 'Copy link', exact: true })).toBeHidden();
});

test('View Mermaid loads mermaid only when asked, and renders the run', async ({ page }) => {
  const mermaidRequests: string[] = [];
  page.on('request', (r) => {
    // The library's chunks (mermaid.core-….js and friends), not our own modules that mention it.
    if (/mermaid[^/]*\.m?js$/i.test(new URL(r.url()).pathname)) mermaidRequests.push(r.url());
  });
  const p = new Playground(page);
  await p.open();
  await p.step(6);
  expect(mermaidRequests).toEqual([]);
  await (await p.shareItem('View Mermaid')).click();
  const dialog = page.getByRole('dialog', { name: /^Mermaid/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('mermaid-diagram').locator('svg')).toBeVisible({ timeout: 20_000 });
  expect(mermaidRequests.length).toBeGreaterThan(0);
  await expect(dialog.getByLabel('Mermaid text')).toHaveValue(/^sequenceDiagram/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('Download SVG and PNG: a standalone picture, the PNG at twice the size', async ({ page }) => {
  const p = new Playground(page);
  await p.open();
  await p.step(8);

  const svgDownload = page.waitForEvent('download');
  await (await p.shareItem('Download SVG')).click();
  const svgFile = await svgDownload;
  expect(svgFile.suggestedFilename()).toBe(`${DEFAULT_SCENARIO}-step-${beat(8)}.svg`);
  const svg = await readFile(await svgFile.path(), 'utf8');
  expect(svg).toContain('<svg');
  // Standalone: the theme's variables are resolved, the lane names are in the picture.
  expect(svg).not.toContain('var(--');
  expect(svg).toContain('producer');
  expect(svg).toContain('class="sd-static__bg"');
  const width = Number(/<svg[^>]*?\swidth="(\d+)"/.exec(svg)?.[1]);

  await page.getByLabel('Transparent background').check();
  const pngDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download PNG (2×)' }).click();
  const pngFile = await pngDownload;
  expect(pngFile.suggestedFilename()).toBe(`${DEFAULT_SCENARIO}-step-${beat(8)}@2x.png`);
  const png = await readFile(await pngFile.path());
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  // IHDR: width at byte 16, big-endian.
  expect(png.readUInt32BE(16)).toBe(width * 2);
  // Transparent: the picture without its background.
  const transparentSvg = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download SVG' }).click();
  const clear = await readFile(await (await transparentSvg).path(), 'utf8');
  expect(clear).not.toContain('class="sd-static__bg"');
  expect(clear.length).toBeLessThan(svg.length);
});
