import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { scenarioById } from '../src/scenarios/index.ts';
import { runLinkHash } from '../src/share/runLink.ts';
import { runScenario } from '../src/sim/run.ts';

/**
 * The verdict card as a learner meets it: the guided run played to rest (Play takes the scenario's
 * fault and pauses at its point), the card over the diagram with the right headline and sentence, Esc and the close button, the
 * button that reopens it; nothing called lost at step 0; presentation mode's slide; axe on the card.
 * Locators are roles, labels and test ids only.
 */

const SHOTS = '/tmp/shots-verdict';
mkdirSync(SHOTS, { recursive: true });

const LESSONS = {
  'eos-external-effect': {
    title: 'Exactly-once stops at Kafka’s edge',
    headline: 'Exactly once in Kafka — twice outside',
    sentence:
      'Kafka kept m1 exactly once, yet the card was charged twice: exactly-once covers what is written to Kafka and the offsets committed with it, not what processing does outside Kafka.',
    layers: 'Kafka: once · card charged: twice',
  },
  'alo-producer-ack-lost': {
    title: 'At-least-once producer: the ack is lost, the retry duplicates',
    headline: 'Duplicated',
    sentence:
      'Record m1 is in the log twice, so the consumer processed it twice, and the card was charged twice.',
    layers: 'Kafka: twice · card charged: twice',
  },
} as const;

class VerdictPage {
  readonly card: Locator;
  readonly headline: Locator;
  readonly sentence: Locator;
  readonly reopen: Locator;
  readonly play: Locator;

  constructor(readonly page: Page) {
    this.card = page.getByRole('dialog', { name: /^Verdict/ });
    this.headline = page.getByTestId('verdict-headline');
    this.sentence = page.getByTestId('verdict-sentence');
    this.reopen = page.getByTestId('verdict-open');
    this.play = page.getByRole('button', { name: 'Play', exact: true });
  }

  /** The scenario from the picker, at step 0, on the page's own clock (autoplay without sleeps). */
  async open(title: string) {
    await this.page.clock.install({ time: new Date('2026-01-05T09:00:00Z') });
    await this.page.emulateMedia({ reducedMotion: 'reduce' });
    await this.page.goto('/');
    await this.page.getByLabel('Scenario').selectOption({ label: title });
    const reset = this.page.getByRole('button', { name: 'Reset', exact: true });
    if (await reset.isEnabled()) await reset.click();
    // The panels under the choices (the ledger among them) load after the first paint, and React reveals
    // a lazy panel on a timer: with the clock paused first, a slow load (a loaded machine) kept the ledger
    // hidden at step 0. Wait for it while time still runs.
    await expect(this.page.getByTestId('ledger-risk')).toBeVisible();
    await this.page.clock.pauseAt(new Date('2026-01-05T09:01:00Z'));
  }

  /** Play (which takes the scripted fault, and pauses once at the lesson's point) until the run rests. */
  async playToRest() {
    await this.page.getByLabel('Speed').selectOption('8');
    const next = this.page.getByRole('button', { name: 'Next', exact: true });
    const pause = this.page.getByRole('button', { name: 'Pause', exact: true });
    for (let round = 0; round < 3 && (await next.isEnabled()); round++) {
      await this.play.click();
      for (let i = 0; i < 600 && (await pause.count()) > 0; i++) await this.page.clock.runFor(500);
      await expect(this.play).toBeVisible();
    }
    await expect(next).toBeDisabled();
  }
}

/** The playground at rest on a guided scenario, opened from a link (the script's run, to its end). */
async function atRest(page: Page, id: string, path = '/') {
  const scenario = scenarioById(id);
  if (!scenario) throw new Error(id);
  const choices = runScenario(scenario).steps.map((s) => s.action);
  await page.goto(`${path}${runLinkHash({ v: 1, scenario: id, choices, step: choices.length })}`);
}

async function expectNoSeriousViolations(page: Page, scheme: string) {
  const results = await new AxeBuilder({ page })
    .include('[data-testid="verdict-card"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${scheme}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, serious.join('\n')).toEqual([]);
}

for (const [id, lesson] of Object.entries(LESSONS)) {
  test(`${id}: played to rest, the card says what happened, in every layer`, async ({ page }) => {
    test.setTimeout(120_000); // up to 100 steps of autoplay on a shared machine
    const v = new VerdictPage(page);
    await v.open(lesson.title);
    // Step 0: nothing happened, so nothing is lost — neither in the ledger nor on a card.
    const m1 = page.getByTestId('ledger-m1');
    await expect(m1).toContainText('not delivered yet');
    await expect(m1).not.toContainText('lost');
    await expect(page.getByTestId('ledger-risk')).toHaveText('none');
    await expect(v.card).toHaveCount(0);

    await v.playToRest();
    await expect(v.card).toBeVisible();
    await expect(v.headline).toHaveText(lesson.headline);
    await expect(v.sentence).toHaveText(lesson.sentence);
    await expect(page.getByTestId('verdict-m1')).toContainText(lesson.layers);
    // The card covers the diagram only: the playback bar stays usable.
    const card = await v.card.boundingBox();
    const bar = await page.getByRole('button', { name: 'Next', exact: true }).boundingBox();
    expect(card && bar && card.y + card.height <= bar.y).toBe(true);
  });
}

test('Esc and the close button dismiss the card; its button brings it back, with focus', async ({ page }) => {
  const v = new VerdictPage(page);
  await atRest(page, 'eos-external-effect');
  await expect(v.card).toBeVisible();
  await page.getByTestId('narration').click();
  await page.keyboard.press('Escape');
  await expect(v.card).toHaveCount(0);
  await expect(v.reopen).toBeFocused();
  await v.reopen.click();
  await expect(v.card).toBeVisible();
  await expect(v.card).toBeFocused();
  await v.card.getByRole('button', { name: 'Close the verdict' }).click();
  await expect(v.card).toHaveCount(0);
  await expect(v.reopen).toBeFocused();
  // On demand before rest too: the verdict so far calls nothing lost.
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await page.getByRole('button', { name: 'Verdict so far' }).click();
  await expect(v.headline).toHaveText('Not at rest yet');
  await expect(v.sentence).toContainText('nothing is lost yet: m1 is not delivered yet');
});

test('on a phone the card covers the diagram’s own overlays: no "more lanes" button shows through it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const v = new VerdictPage(page);
  await atRest(page, 'acks-1-failover-loss');
  await expect(v.card).toBeVisible();
  const buttons = page.getByRole('button', { name: /^\d+ more lanes? to the (left|right):/ });
  await expect(buttons.first()).toBeAttached();
  // What is drawn at each button's centre, where it lies inside the card, must be the card.
  const through = await buttons.evaluateAll((all) => {
    const card = document.querySelector('[role="dialog"]') as Element;
    const c = card.getBoundingClientRect();
    return all.flatMap((b) => {
      const r = b.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      const inside = x > c.left && x < c.right && y > c.top && y < c.bottom;
      return inside && !card.contains(document.elementFromPoint(x, y)) ? [b.textContent] : [];
    });
  });
  expect(through, 'buttons drawn over the card').toEqual([]);
});

test('presentation mode: the verdict is a slide, its heading at least 48 px at 1920×1080', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const v = new VerdictPage(page);
  await atRest(page, 'eos-external-effect');
  await page.getByTestId('narration').click();
  await page.keyboard.press('m');
  await expect(page.locator('[data-presenting]')).toHaveCount(1);
  await expect(v.card).toBeVisible();
  // The rendered size, zoom included: the line box of the headline's text.
  const size = await v.headline.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const zoom = Number(getComputedStyle(el.closest('.verdict-layer') as Element).zoom) || 1;
    return {
      px: parseFloat(getComputedStyle(el).fontSize) * zoom,
      box: range.getBoundingClientRect().height,
    };
  });
  expect(size.px).toBeGreaterThanOrEqual(48);
  expect(size.box).toBeGreaterThanOrEqual(48);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await page.screenshot({ path: `${SHOTS}/presentation-1920-${scheme}.png` });
  }
  // Esc backs out one layer at a time: the card first, then presentation mode.
  await page.keyboard.press('Escape');
  await expect(v.card).toHaveCount(0);
  await expect(page.locator('[data-presenting]')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-presenting]')).toHaveCount(0);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds nothing serious on the card, ${scheme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await atRest(page, 'eos-external-effect');
    await expect(new VerdictPage(page).card).toBeVisible();
    await expectNoSeriousViolations(page, scheme);
  });

  for (const width of [390, 1440, 1920]) {
    test(`screenshot: the verdict at ${width} px, ${scheme}`, async ({ page }) => {
      await page.setViewportSize({ width, height: width === 390 ? 844 : width === 1440 ? 900 : 1080 });
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await atRest(page, 'alo-producer-ack-lost');
      const card = new VerdictPage(page).card;
      await expect(card).toBeVisible();
      await card.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/playground-${width}-${scheme}.png` });
      // The embed as a docs page frames it: the full width, 16:10.
      await page.setViewportSize({ width, height: Math.round((width * 10) / 16) });
      await atRest(page, 'eos-external-effect', '/embed.html');
      await expect(card).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/embed-${width}-${scheme}.png` });
    });
  }
}
