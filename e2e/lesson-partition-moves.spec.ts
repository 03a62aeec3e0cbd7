import { expect, test, type Page } from '@playwright/test';
import { runLinkHash } from '../src/share/runLink.ts';

/**
 * The partition-moving lesson (issue #11) at its point, as the room sees it: both transaction
 * coordinator lanes say whose they are, whole; the narration is whole beside the callout (presentation
 * keeps its three lines, a shadow showing more); and on a phone
 * the fenced instance and the group coordinator that answers it are both on screen.
 */

const ID = 'eos-partition-moves-between-instances';

async function toThePoint(page: Page, width: number, height: number, presenting = false) {
  await page.setViewportSize({ width, height });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`/${runLinkHash({ v: 1, scenario: ID, choices: [], step: 0 })}`);
  await page.getByTestId('sequence-diagram-svg').waitFor();
  if (presenting) {
    await page.getByTestId('narration').click();
    await page.keyboard.press('m');
    await expect(page.locator('[data-presenting]')).toHaveCount(1);
  }
  const callout = page.getByTestId('climax-callout');
  for (let n = 0; n < 10 && !(await callout.isVisible()); n++)
    if (presenting) await page.keyboard.press('PageDown');
    else await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(callout).toBeVisible();
}

/** Whether an element's text overflows its box (cut by an ellipsis, a line clamp or a scroll box). */
const cut = (page: Page, testId: string, selector = '') =>
  page
    .getByTestId(testId)
    .locator(selector || ':scope')
    .evaluate((el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1);

for (const screen of [
  { name: '1440', width: 1440, height: 900, presenting: false },
  { name: '1920 presenting', width: 1920, height: 1080, presenting: true },
])
  test(`${ID} at ${screen.name}: coordinator lanes named whole, the narration whole at the point (not presenting)`, async ({
    page,
  }) => {
    await toThePoint(page, screen.width, screen.height, screen.presenting);
    for (const [lane, name] of [
      ['txn-coordinator', 'Txn coord · processor-1'],
      ['txn-coordinator-2', 'Txn coord · processor-2'],
    ] as const) {
      await expect(page.getByTestId(`lane-${lane}`).locator('.sd-lane-header__label')).toHaveText(name);
      expect(await cut(page, `lane-${lane}`, '.sd-lane-header__label'), lane).toBe(false);
    }
    // In presentation the screen keeps three lines for the diagram's sake; the presenter has the rest.
    if (screen.presenting) return;
    await expect(page.getByTestId('narration')).toContainText('abortTransaction()');
    expect(await cut(page, 'narration'), 'the narration box clips its text').toBe(false);
  });

test(`${ID} on a phone: the fenced instance and the group coordinator are on screen at the point`, async ({
  page,
}) => {
  await toThePoint(page, 390, 844);
  const view = await page.getByTestId('sequence-diagram').boundingBox();
  for (const lane of ['processor-1', 'group-coordinator']) {
    const box = await page.getByTestId(`lane-${lane}`).boundingBox();
    expect(box, lane).not.toBeNull();
    const mid = (box?.x ?? -1) + (box?.width ?? 0) / 2;
    expect(mid, `${lane}'s lifeline is inside the diagram's view`).toBeGreaterThan(view?.x ?? 0);
    expect(mid, `${lane}'s lifeline is inside the diagram's view`).toBeLessThan(
      (view?.x ?? 0) + (view?.width ?? 0),
    );
  }
});
