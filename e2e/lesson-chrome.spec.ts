import { expect, test, type Locator, type Page } from '@playwright/test';
import { runLinkHash } from '../src/share/runLink.ts';

/**
 * The chrome around a lesson: in presentation mode at the largest type size every control grows with
 * the text (the room reads the legend too, and a presenter hits the buttons); the verdict card leaves the
 * diagram's toolbar pressable; the top bar stays at most two rows at 1280 px.
 */

const open = (page: Page, id: string, choices: string[] = []) =>
  page.goto(`/${runLinkHash({ v: 1, scenario: id, choices, step: choices.length })}`);

/** The size the text is drawn at: its font size times every CSS zoom above it. */
const drawnFontPx = (el: Locator) =>
  el.evaluate((e) => parseFloat(getComputedStyle(e).fontSize) * (e as HTMLElement).currentCSSZoom);

test('presentation mode at the largest type size: every piece of chrome grows with the text', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await open(page, 'alo-producer-ack-lost');
  await page.getByTestId('sequence-diagram-svg').waitFor();
  await page.getByTestId('narration').click();
  await page.keyboard.press('m');
  await expect(page.locator('[data-presenting]')).toHaveCount(1);
  const larger = page.getByRole('button', { name: /larger type/ });
  while (await larger.isEnabled()) await larger.click();
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  // The body text's scale: the zoom the narration is drawn at.
  const scale = await page.getByTestId('narration').evaluate((e) => (e as HTMLElement).currentCSSZoom);
  expect(scale).toBeGreaterThanOrEqual(2.5);
  const toolbar = page.getByRole('toolbar', { name: 'Playback' });
  const chrome: Record<string, Locator> = {
    legend: page.getByRole('list', { name: 'Legend' }).getByRole('listitem').first(),
    'Show every message': page.getByRole('button', { name: 'Show every message' }),
    'Collapse followers': page.getByRole('button', { name: 'Collapse followers' }),
    'lesson bar': page.getByTestId('lesson-bar'),
    'speed selector': page.getByLabel('Speed'),
    Next: toolbar.getByRole('button', { name: 'Next', exact: true }),
    Back: toolbar.getByRole('button', { name: 'Back', exact: true }),
    Play: toolbar.getByRole('button', { name: 'Play', exact: true }),
    Reset: toolbar.getByRole('button', { name: 'Reset', exact: true }),
  };
  for (const [name, el] of Object.entries(chrome)) {
    // Chrome is set a little smaller than body text (0.8–1 rem): drawn at ≥ 0.8 rem × the body's scale.
    expect(await drawnFontPx(el), name).toBeGreaterThanOrEqual(0.8 * 16 * scale - 0.5);
    if (name === 'legend' || name === 'lesson bar') continue;
    const box = await el.boundingBox();
    expect(box?.height ?? 0, `${name}: target height`).toBeGreaterThanOrEqual(24);
    expect(box?.width ?? 0, `${name}: target width`).toBeGreaterThanOrEqual(24);
  }
});

test('the open verdict card leaves the diagram’s toolbar pressable', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await open(page, 'alo-producer-ack-lost');
  const next = page.getByRole('button', { name: 'Next', exact: true });
  while (await next.isEnabled()) await next.click();
  const card = page.getByRole('dialog', { name: /^Verdict/ });
  await expect(card).toBeVisible();
  const toolbar = page.locator('.sd-toolbar');
  const [cardBox, barBox] = [await card.boundingBox(), await toolbar.boundingBox()];
  expect(cardBox && barBox && cardBox.y >= barBox.y + barBox.height - 1).toBe(true);
  // Pressable, not merely uncovered: a real click reaches the toggle, and the card stays open.
  const replication = page.getByRole('button', { name: 'Show every message' });
  await replication.click();
  await expect(replication).toHaveAttribute('aria-pressed', 'true');
  await expect(card).toBeVisible();
});

for (const width of [1280, 1440]) {
  test(`the top bar is two rows at most at ${width} px, its buttons on one`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await open(page, 'alo-producer-ack-lost');
    // Items of one row are centred on one line: a row starts where a centre is lower by more than 16 px.
    const centres = await page.locator('.topbar > *').evaluateAll((els) =>
      els
        .map((e) => e.getBoundingClientRect())
        .filter((r) => r.width > 0)
        .map((r) => Math.round(r.top + r.height / 2))
        .sort((a, b) => a - b),
    );
    const rows = centres.filter((c, i) => i === 0 || c - (centres[i - 1] as number) > 16).length;
    expect(rows, `centres: ${centres.join(', ')}`).toBeLessThanOrEqual(2);
  });
}
