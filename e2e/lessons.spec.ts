import { expect, test, type Page } from '@playwright/test';
import { CATALOG } from '../src/scenarios/catalog.ts';
import { runLinkHash } from '../src/share/runLink.ts';

/**
 * Every guided scenario as a learner meets it: Next alone (then a clicker's PageDown alone, in
 * presentation mode) reaches the lesson's point within 12 presses, and the point is called out on the
 * diagram, whole and on screen.
 */

const LESSONS = CATALOG.filter((d) => d.script?.length && d.climax);
const MAX_PRESSES = 12;

const open = (page: Page, id: string) =>
  page.goto(`/${runLinkHash({ v: 1, scenario: id, choices: [], step: 0 })}`);

/** Presses until the callout shows; returns how many presses it took. */
async function pressUntilCallout(page: Page, press: () => Promise<void>): Promise<number> {
  const callout = page.getByTestId('climax-callout');
  for (let n = 1; n <= MAX_PRESSES; n++) {
    await press();
    if (await callout.isVisible()) return n;
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

test.describe('lessons with Next alone', () => {
  for (const doc of LESSONS)
    test(`${doc.id}: the point within ${MAX_PRESSES} presses of Next`, async ({ page }) => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await open(page, doc.id);
      const next = page.getByRole('button', { name: 'Next', exact: true });
      const presses = await pressUntilCallout(page, () => next.click());
      expect(presses).toBeLessThanOrEqual(MAX_PRESSES);
      await expect(page.getByTestId('climax-callout')).toContainText(doc.climax?.callout ?? '');
      await expectUnclipped(page);
      await expect(page.getByTestId('lesson-bar')).toContainText(`beat ${presses} of`);
    });
});

test.describe('lessons with a clicker in presentation mode', () => {
  for (const doc of LESSONS)
    test(`${doc.id}: the point within ${MAX_PRESSES} PageDowns`, async ({ page }) => {
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await open(page, doc.id);
      await page.getByTestId('sequence-diagram-svg').waitFor();
      await page.keyboard.press('m');
      await expect(page.locator('.playground')).toHaveAttribute('data-presenting', /.*/);
      const presses = await pressUntilCallout(page, () => page.keyboard.press('PageDown'));
      expect(presses).toBeLessThanOrEqual(MAX_PRESSES);
      await expectUnclipped(page);
    });
});

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
