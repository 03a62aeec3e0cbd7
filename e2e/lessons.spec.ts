import { expect, test, type Page } from '@playwright/test';
import { verdictOf } from '../src/lesson/verdict.ts';
import { CATALOG } from '../src/scenarios/catalog.ts';
import { scenarioById } from '../src/scenarios/index.ts';
import type { ScenarioDocument } from '../src/scenarios/types.ts';
import { runLinkHash } from '../src/share/runLink.ts';
import { runScenario } from '../src/sim/run.ts';
import { untilCardOrNext } from './verdictWait.ts';

/**
 * Every guided scenario as a learner meets it: Next alone (then a clicker's PageDown alone, in
 * presentation mode) reaches the lesson's point within 11 presses, the point is called out on the
 * diagram, whole and on screen, the labels of the arrows it shows are whole, and at rest the verdict
 * card says the scenario's expected outcome.
 */

const LESSONS = CATALOG.filter((d) => d.script?.length && d.climax);
const MAX_PRESSES = 11;
/** Presses from the point to rest: the longest lesson (a crash inside a transaction) has 9 more beats. */
const MAX_TO_REST = 12;

const open = (page: Page, id: string) =>
  page.goto(`/${runLinkHash({ v: 1, scenario: id, choices: [], step: 0 })}`);

/**
 * The sentence the card must say at rest, from src/: the verdict of the scenario's own run, checked
 * first against what the scenario declares it teaches (`expected`), so a wrong verdict cannot pass.
 */
function expectedSentence(doc: ScenarioDocument): string {
  const scenario = scenarioById(doc.id);
  if (!scenario || !doc.expected) throw new Error(`${doc.id} declares no expected outcome`);
  const verdict = verdictOf(runScenario(scenario));
  expect(verdict.atRest).toBe(true);
  expect(verdict.risk).toBe(doc.expected.risk);
  const said = { lost: ['lost'], duplicated: ['duplicated'], once: ['exactly-once', 'once-in-kafka'] };
  for (const [record, got] of Object.entries(doc.expected.verdicts ?? {}))
    expect(said[got], record).toContain(verdict.records.find((r) => r.record === record)?.status);
  for (const [record, n] of Object.entries(doc.expected.effects ?? {}))
    expect(verdict.records.find((r) => r.record === record)?.effects, record).toBe(n);
  return verdict.sentence;
}

/** Presses until the callout shows; returns how many presses it took. */
async function pressUntilCallout(page: Page, press: () => Promise<void>): Promise<number> {
  const callout = page.getByTestId('climax-callout');
  for (let n = 1; n <= MAX_PRESSES; n++) {
    await press();
    if (await callout.isVisible()) return n;
  }
  return Infinity;
}

/** Presses until the verdict card opens at rest; returns how many it took. */
async function pressToRest(page: Page, press: () => Promise<void>): Promise<number> {
  const card = page.getByRole('dialog', { name: /^Verdict/ });
  // A lesson that ends on its point rests there with the card closed: the next press opens it.
  for (let n = 0; n <= MAX_TO_REST; n++) {
    if (await card.isVisible()) return n;
    await press();
    await untilCardOrNext(page, card);
  }
  return Infinity;
}

/** The callout is entirely inside the diagram's visible area: nothing of the sentence is cut. */
async function expectUnclipped(page: Page) {
  const callout = page.getByTestId('climax-callout');
  await expect(callout).toBeInViewport({ ratio: 1 });
  const box = await callout.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const s = (el.closest('[data-testid="sequence-diagram"]') as HTMLElement).getBoundingClientRect();
    const text = el.querySelector('p') as HTMLElement;
    return {
      inside:
        r.left >= s.left - 1 && r.right <= s.right + 1 && r.top >= s.top - 1 && r.bottom <= s.bottom + 1,
      textFits: text.scrollHeight <= el.clientHeight && text.scrollWidth <= text.clientWidth + 1,
    };
  });
  expect(box).toEqual({ inside: true, textFits: true });
}

/**
 * The arrows the climax's beat drew show their whole label ("Produce m1 pid=1000 epoch=0 seq=0", not
 * "Produce m1 pid=1000 …"), and each label lies inside the diagram's visible area.
 */
async function expectWholeLabels(page: Page) {
  const labels = page.locator('.sd-arrow.is-point .sd-arrow__label, .sd-note.is-point text');
  expect(await labels.count()).toBeGreaterThan(0);
  const cut = await labels.evaluateAll((els) => {
    const scroller = document.querySelector('[data-testid="sequence-diagram"]') as HTMLElement;
    const view = scroller.getBoundingClientRect();
    // Below the sticky lane headers: a label under them is hidden too.
    const top = (scroller.querySelector('.sd-header') as HTMLElement).getBoundingClientRect().bottom;
    const callout = document.querySelector('[data-testid="climax-callout"]')?.getBoundingClientRect();
    return els.flatMap((el) => {
      const r = el.getBoundingClientRect();
      const text = el.textContent ?? '';
      const inside =
        r.left >= view.left - 1 &&
        r.right <= view.right + 1 &&
        r.top >= top - 1 &&
        r.bottom <= view.bottom + 1;
      const covered =
        callout !== undefined &&
        r.left < callout.right &&
        r.right > callout.left &&
        r.top < callout.bottom &&
        r.bottom > callout.top;
      const why = text.includes('…')
        ? 'ellipsis'
        : !inside
          ? 'outside the view'
          : covered
            ? 'under the callout'
            : '';
      return why
        ? [
            `${text} (${why}) ${JSON.stringify([r.left, r.right, r.top, r.bottom, view.left, view.right, top, view.bottom].map(Math.round))}`,
          ]
        : [];
    });
  });
  expect(cut).toEqual([]);
}

test.describe('lessons with Next alone', () => {
  for (const doc of LESSONS)
    test(`${doc.id}: the point within ${MAX_PRESSES} presses of Next, then the expected verdict`, async ({
      page,
    }) => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await open(page, doc.id);
      const next = page.getByRole('button', { name: 'Next', exact: true });
      const presses = await pressUntilCallout(page, () => next.click());
      expect(presses).toBeLessThanOrEqual(MAX_PRESSES);
      await expect(page.getByTestId('climax-callout')).toContainText(doc.climax?.callout ?? '');
      await expectUnclipped(page);
      // Nothing covers the point, not even the verdict of a lesson that ends on it.
      await expect(page.getByRole('dialog', { name: /^Verdict/ })).toBeHidden();
      await expectWholeLabels(page);
      await expect(page.getByTestId('lesson-bar')).toContainText(`beat ${presses} of`);
      const sentence = expectedSentence(doc);
      expect(await pressToRest(page, () => next.click())).toBeLessThanOrEqual(MAX_TO_REST);
      await expect(page.getByTestId('verdict-sentence')).toHaveText(sentence);
    });
});

test.describe('lessons with a clicker in presentation mode', () => {
  for (const doc of LESSONS)
    test(`${doc.id}: the point within ${MAX_PRESSES} PageDowns, then the expected verdict`, async ({
      page,
    }) => {
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await open(page, doc.id);
      await page.getByTestId('sequence-diagram-svg').waitFor();
      await page.keyboard.press('m');
      await expect(page.locator('.playground')).toHaveAttribute('data-presenting', /.*/);
      const presses = await pressUntilCallout(page, () => page.keyboard.press('PageDown'));
      expect(presses).toBeLessThanOrEqual(MAX_PRESSES);
      await expectUnclipped(page);
      await expect(page.getByRole('dialog', { name: /^Verdict/ })).toBeHidden();
      await expectWholeLabels(page);
      const sentence = expectedSentence(doc);
      expect(await pressToRest(page, () => page.keyboard.press('PageDown'))).toBeLessThanOrEqual(MAX_TO_REST);
      await expect(page.getByTestId('verdict-sentence')).toHaveText(sentence);
      expect(await rowsCutByCard(page)).toEqual([]);
    });
});

/**
 * The layer rows the verdict card hides under its edge: a clicker cannot scroll the slide, and the last
 * rows (what the reader processed, the effect outside Kafka) carry the lesson's point.
 */
function rowsCutByCard(page: Page): Promise<string[]> {
  return page.getByRole('dialog', { name: /^Verdict/ }).evaluate((card) => {
    const box = card.getBoundingClientRect();
    // The slide is zoomed: client sizes are in the card's own pixels, rectangles in the window's.
    const zoom = box.height / (card as HTMLElement).offsetHeight;
    const bottom = box.top + (card.clientTop + card.clientHeight) * zoom;
    return [...card.querySelectorAll('tr')]
      .filter((row) => row.getBoundingClientRect().bottom > bottom + 1)
      .map((row) => row.textContent ?? '');
  });
}

test('choosing something else leaves the lesson, says so, and the way back keeps the fork', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await open(page, 'alo-producer-ack-lost');
  const next = page.getByRole('button', { name: 'Next', exact: true });
  await next.click();
  await expect(page.getByTestId('try-this')).toContainText('Lose the ack');
  // Instead of losing the ack, crash the consumer: free play from here.
  await page
    .getByRole('button', { name: /Crash.*Consumer/i })
    .first()
    .click();
  const bar = page.getByTestId('lesson-bar');
  await expect(bar).toContainText('you left the lesson at step');
  await bar.getByRole('button', { name: 'Back to the lesson' }).click();
  await expect(bar).toContainText('beat 1 of');
  await expect(page.getByTestId('try-this')).toContainText('Lose the ack');
  // The fork is one action away.
  await bar.getByRole('button', { name: /Back to the other run/ }).click();
  await expect(bar).toContainText('you left the lesson at step');
});
