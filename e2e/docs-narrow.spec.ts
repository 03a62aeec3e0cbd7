import { expect, test, type Locator, type Page } from '@playwright/test';

/**
 * The player in a docs column or on a phone (390 px): lanes the lesson does not involve fold into a
 * labelled strip, and the lanes that still do not fit are announced on the diagram ("2 more lanes →")
 * by a control that Tab reaches, Enter and the arrow keys press, and a tap presses; a swipe scrolls the
 * lanes too once the reader is in the player. The diagram keeps most of the player's height.
 */

const ACK_LOST = '/embed.html?scenario=alo-producer-ack-lost&step=4';
const more = (scope: Page | Locator) => scope.getByRole('button', { name: /^\d+ more lanes? to the right:/ });
const fewer = (scope: Page | Locator) => scope.getByRole('button', { name: /^\d+ more lanes? to the left:/ });
const scrollLeft = (page: Page) =>
  page.getByTestId('sequence-diagram').evaluate((el) => Math.round(el.scrollLeft));

test.describe('at 390 px', () => {
  test.use({ viewport: { width: 390, height: 640 } });

  test('idle lanes fold into a labelled strip the reader can open', async ({ page }) => {
    await page.goto(ACK_LOST);
    const strip = page.getByRole('button', { name: 'Show Brokers 2 & 3 (folded: not involved so far)' });
    await expect(strip).toBeVisible();
    await expect(strip).toHaveText('Brokers 2 & 3');
    await expect(page.getByRole('button', { name: 'Crash broker 2' })).toHaveCount(0);
    await strip.click();
    await expect(strip).toHaveCount(0);
    await expect(page.getByTestId('lane-followers')).toBeAttached();
  });

  test('the lanes out of view are announced, and Tab, Enter and the arrow keys bring them in', async ({
    page,
  }) => {
    await page.goto(ACK_LOST);
    const announce = more(page);
    await expect(announce).toBeVisible();
    await expect(announce).toHaveText(/^2 more lanes →$/);
    await expect(announce).toHaveAccessibleName('2 more lanes to the right: Consumer, Sink (charge card)');
    // Reached with Tab alone, from the top of the page.
    let reached = false;
    for (let i = 0; i < 25 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await announce.evaluate((el) => el === document.activeElement);
    }
    expect(reached, 'Tab reaches "2 more lanes →"').toBe(true);
    const step = await page.getByText(/^step \d+ \/ \d+$/).innerText();
    await page.keyboard.press('Enter');
    await expect.poll(() => scrollLeft(page)).toBeGreaterThan(0);
    await expect(announce).toHaveText('1 more lane →');
    await page.keyboard.press('ArrowRight');
    await expect(announce).toHaveCount(0);
    // Focus stays on the control that is left, and the arrow keys did not step the run.
    await expect(fewer(page)).toBeFocused();
    await expect(page.getByText(/^step \d+ \/ \d+$/)).toHaveText(step);
    await expect(page.getByTestId('lane-consumer')).toBeInViewport({ ratio: 1 });
    // Presses in quick succession, during the smooth scroll, each bring one more lane in.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(more(page)).toHaveText('2 more lanes →');
    await expect.poll(() => scrollLeft(page)).toBe(0);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(more(page)).toHaveCount(0);
    await expect(page.getByTestId('lane-sink')).toBeInViewport({ ratio: 1 });
  });

  for (const theme of ['light', 'dark'] as const)
    test(`${theme}: the playback bar, its count and the folded strip's name are one line each`, async ({
      page,
    }) => {
      await page.goto(`/embed.html?scenario=alo-producer-ack-lost&step=14&theme=${theme}`);
      const bar = page.getByRole('toolbar', { name: 'Playback' });
      await expect(bar).toBeVisible();
      // One line of text is at most one line-height high (its box, in the direction it breaks).
      const lines = (el: Locator) =>
        el.evaluate((e) => {
          const style = getComputedStyle(e);
          const r = e.getBoundingClientRect();
          const across = style.writingMode.startsWith('vertical') ? r.width : r.height;
          return Math.round(
            across / parseFloat(style.lineHeight === 'normal' ? style.fontSize : style.lineHeight),
          );
        });
      for (const name of ['Reset', 'Back', 'Play', 'Next']) {
        // The accessible name stays the whole word, shown or not.
        const button = bar.getByRole('button', { name, exact: true });
        const [a, b] = [await button.locator('svg').boundingBox(), await button.boundingBox()];
        // The icon sits beside the word, in the middle of the button, not on a line above it.
        expect(a && b && Math.abs(a.y + a.height / 2 - (b.y + b.height / 2)), name).toBeLessThan(4);
      }
      const count = bar.getByText(/^step \d+ \/ \d+$/);
      expect(await lines(count)).toBe(1);
      const bars = await bar.boundingBox();
      expect(bars && bars.height).toBeLessThan(48);
      const strip = page.getByRole('button', { name: 'Show Brokers 2 & 3 (folded: not involved so far)' });
      expect(await lines(strip.locator('.sd-folded-strip__label'))).toBe(1);
      await page.screenshot({ path: `/tmp/shots-h8/embed-390-${theme}.png` });
    });

  test('the diagram keeps at least 60 % of the player’s height', async ({ page }) => {
    for (const [width, height] of [
      [320, 480],
      [390, 480],
      [390, 640],
      [624, 480],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.goto(ACK_LOST);
      const player = await page.locator('.kp-embed').boundingBox();
      const diagram = await page.getByTestId('sequence-diagram').boundingBox();
      expect(
        diagram && player && diagram.height / player.height,
        `${width} × ${height}`,
      ).toBeGreaterThanOrEqual(0.6);
    }
  });
});

test.describe('by touch at 390 px', () => {
  test.use({ viewport: { width: 390, height: 640 }, hasTouch: true, isMobile: true });

  test('a sideways swipe scrolls the lanes, and a tap on the announcement brings the next one in', async ({
    page,
  }) => {
    await page.goto(ACK_LOST);
    // A swipe first, before any tap: touching the diagram engages it, and the lanes take the swipe.
    const box = await page.getByTestId('sequence-diagram').boundingBox();
    if (!box) throw new Error('no diagram');
    const cdp = await page.context().newCDPSession(page);
    const x = Math.round(box.x + box.width * 0.8);
    const y = Math.round(box.y + box.height * 0.6);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
    for (let i = 1; i <= 12; i++)
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x - 20 * i, y }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect.poll(() => scrollLeft(page)).toBeGreaterThan(100);
    await expect(fewer(page)).toBeVisible();
    // Taps: back one lane, then forward again.
    const before = await scrollLeft(page);
    await fewer(page).tap();
    await expect.poll(() => scrollLeft(page)).toBeLessThan(before);
    await page.evaluate(() =>
      document.querySelector('[data-testid=sequence-diagram]')?.scrollTo({ left: 0 }),
    );
    const announce = more(page);
    await expect(announce).toHaveText('2 more lanes →');
    await announce.tap();
    await expect.poll(() => scrollLeft(page)).toBeGreaterThan(0);
    await expect(announce).toHaveText('1 more lane →');
  });
});

test.describe('the custom element at 390 px', () => {
  test.use({ viewport: { width: 390, height: 800 } });

  test('announces its lanes out of view too', async ({ page }) => {
    await page.goto('/examples/element.html');
    const player = page.locator('#player');
    await expect(more(player)).toBeVisible();
    await more(player).click();
    await expect
      .poll(() => player.getByTestId('sequence-diagram').evaluate((el) => Math.round(el.scrollLeft)))
      .toBeGreaterThan(0);
  });
});
