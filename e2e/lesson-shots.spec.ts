import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { runLinkHash } from '../src/share/runLink.ts';
import { untilCardOrNext } from './verdictWait.ts';

/**
 * Screenshots of lessons for a person to judge (not compared with anything): the point and the verdict
 * of an effect lesson and a Kafka-only one, at a phone's, a laptop's and a projector's width, light and
 * dark, presentation mode included, and a phone mid-lesson. Written to /tmp/shots-lesson/.
 */

const SHOTS = '/tmp/shots-lesson';
mkdirSync(SHOTS, { recursive: true });

const LESSONS = ['eos-external-effect', 'alo-producer-ack-lost'];
const SCREENS = [
  { name: '390', width: 390, height: 844, presenting: false },
  { name: '1440', width: 1440, height: 900, presenting: false },
  { name: '1920', width: 1920, height: 1080, presenting: false },
  { name: '1920-presenting', width: 1920, height: 1080, presenting: true },
];

async function openLesson(page: Page, id: string, presenting: boolean) {
  await page.goto(`/${runLinkHash({ v: 1, scenario: id, choices: [], step: 0 })}`);
  await page.getByTestId('sequence-diagram-svg').waitFor();
  if (presenting) {
    await page.getByTestId('narration').click();
    await page.keyboard.press('m');
    await expect(page.locator('[data-presenting]')).toHaveCount(1);
  }
}

const press = (page: Page, presenting: boolean) =>
  presenting
    ? page.keyboard.press('PageDown')
    : page.getByRole('button', { name: 'Next', exact: true }).click();

for (const id of LESSONS)
  for (const screen of SCREENS)
    for (const scheme of ['light', 'dark'] as const)
      test(`${id} at ${screen.name}, ${scheme}: the point, then the verdict`, async ({ page }) => {
        await page.setViewportSize({ width: screen.width, height: screen.height });
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        await openLesson(page, id, screen.presenting);
        const callout = page.getByTestId('climax-callout');
        for (let n = 0; n < 12 && !(await callout.isVisible()); n++) await press(page, screen.presenting);
        await expect(callout).toBeVisible();
        await page.screenshot({ path: `${SHOTS}/${id}-${screen.name}-${scheme}-climax.png` });
        const card = page.getByRole('dialog', { name: /^Verdict/ });
        for (let n = 0; n < 12 && !(await card.isVisible()); n++) {
          await press(page, screen.presenting);
          await untilCardOrNext(page, card);
        }
        await expect(card).toBeVisible();
        await page.screenshot({ path: `${SHOTS}/${id}-${screen.name}-${scheme}-verdict.png` });
      });

test('the phone stage mid-lesson: narration, the beat on the diagram and Next on one screen', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openLesson(page, 'alo-producer-ack-lost', false);
  for (let n = 0; n < 3; n++) await press(page, false);
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeInViewport();
  await page.screenshot({ path: `${SHOTS}/phone-mid-lesson.png` });
});
