import { expect, test, type Page } from '@playwright/test';
import { stepAfter } from './beats.ts';

/**
 * The custom element from its single script (dist/element/kafka-semantics-playground.js): attributes
 * configure it and changes apply live, the page's CSS stays outside its shadow root, several on a page
 * keep their own runs, and it reports the protocol's events as a DOM event.
 */

const player = (page: Page, id = 'player') => page.locator(`#${id}`);
const counterOf = (page: Page, id = 'player') => player(page, id).getByText(/^step \d+ \/ \d+$/);

test('attributes set the scenario, step and theme; changing them updates the element', async ({ page }) => {
  await page.goto('/examples/element.html');
  const el = player(page);
  await expect(
    el.getByRole('region', { name: /Exactly-once consumer: crash inside the transaction/ }),
  ).toBeVisible();
  await expect(counterOf(page)).toHaveText(/^step 3 \//);
  await expect(el.locator('.kp-embed')).toHaveAttribute('data-theme', 'light');

  await page.getByRole('button', { name: 'Toggle theme' }).click();
  await expect(el.locator('.kp-embed')).toHaveAttribute('data-theme', 'dark');
  // Same run, same place: only the theme changed.
  await expect(counterOf(page)).toHaveText(/^step 3 \//);

  await el.evaluate((e) => e.setAttribute('step', '5'));
  await expect(counterOf(page)).toHaveText(/^step 5 \//);
  await el.evaluate((e) => e.setAttribute('controls', '0'));
  await expect(el.getByRole('toolbar', { name: 'Playback' })).toHaveCount(0);
  await el.evaluate((e) => e.setAttribute('view', 'log'));
  await expect(el.locator('[data-view="log"]')).toBeVisible();
  await el.evaluate((e) => {
    e.setAttribute('view', 'diagram');
    e.setAttribute('controls', '1');
  });

  await page.getByRole('button', { name: 'Show “consumer crashes before commit”' }).click();
  await expect(
    el.getByRole('region', { name: /At-least-once consumer: crash before the commit/ }),
  ).toBeVisible();
  await expect(page.locator('#last-event')).toHaveText(/^step: step 5 of \d+$/);
});

test('an attribute set just after the element is connected is not lost (a page binding its theme)', async ({
  page,
}) => {
  await page.goto('/examples/element.html');
  await page.evaluate(() => {
    const el = document.createElement('kafka-semantics-playground');
    el.id = 'late';
    document.body.append(el);
    el.setAttribute('theme', 'dark');
  });
  await expect(player(page, 'late').locator('.kp-embed')).toHaveAttribute('data-theme', 'dark');
});

test('from 320 px up the diagram keeps at least 60 % of the player’s height; the playback bar stays one line', async ({
  page,
}) => {
  await page.goto('/examples/element.html');
  const el = player(page);
  const heightOf = (selector: string) =>
    el.locator(selector).evaluate((e) => e.getBoundingClientRect().height);
  for (const width of [320, 358, 390, 624, 900]) {
    // The column is that wide; the element's own width is left to it, as on a docs page.
    await el.evaluate((e, w) => ((e.parentElement as HTMLElement).style.width = `${w}px`), width);
    expect(await el.evaluate((e) => e.getBoundingClientRect().width), `at ${width} px`).toBeLessThanOrEqual(
      width,
    );
    await expect(el.getByTestId('sequence-diagram-svg')).toBeVisible();
    const player = await heightOf('.kp-embed');
    expect((await heightOf('.kp-embed__stage')) / player, `at ${width} px`).toBeGreaterThanOrEqual(0.6);
    const button = await el
      .getByRole('button', { name: 'Next', exact: true })
      .evaluate((b) => b.getBoundingClientRect().height);
    expect(await heightOf('.kp-embed__controls'), `at ${width} px`).toBeLessThan(2 * button);
  }
});

test('a bad attribute is named inside the element and the default used', async ({ page }) => {
  await page.goto('/examples/element.html');
  await player(page).evaluate((e) => e.setAttribute('theme', 'neon'));
  await expect(player(page).getByTestId('embed-notice')).toContainText('theme=“neon”');
  await expect(player(page).locator('.kp-embed')).toHaveAttribute('data-theme', 'auto');
});

test('shadow DOM: the page’s CSS does not reach the player, and the player’s does not reach the page', async ({
  page,
}) => {
  await page.goto('/examples/element.html');
  const el = player(page);
  await expect(el.getByTestId('sequence-diagram-svg')).toBeVisible();
  const style = (selector: string, prop: string) =>
    el
      .locator(selector)
      .first()
      .evaluate((n, p) => getComputedStyle(n).getPropertyValue(p), prop);
  // element.html styles buttons hotpink/green, paragraphs crimson and uppercase, and hides every svg.
  expect(await style('button', 'background-color')).not.toBe('rgb(255, 105, 180)');
  expect(await style('button', 'color')).not.toBe('rgb(0, 128, 0)');
  expect(await style('.kp-embed__narration', 'text-transform')).toBe('none');
  expect(await style('.kp-embed__narration', 'color')).not.toBe('rgb(220, 20, 60)');
  expect(await style('.kp-embed__narration', 'letter-spacing')).toBe('normal');
  expect(await style('svg', 'display')).not.toBe('none');
  // The page keeps its own look: the player's `.playground button` rules stay inside.
  const hostButton = page.getByRole('button', { name: 'Toggle theme' });
  expect(await hostButton.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(255, 105, 180)');
  expect(await page.evaluate(() => document.querySelectorAll('style, link[rel=stylesheet]').length)).toBe(2);
  // One shadow root, holding its own stylesheet.
  expect(
    await el.evaluate((e) => e.shadowRoot?.querySelector('style')?.textContent?.includes('.kp-embed')),
  ).toBe(true);
});

test('several elements on a page keep their own runs; keys act only in the focused one', async ({ page }) => {
  await page.goto('/examples/two-embeds.html');
  await player(page, 'third').scrollIntoViewIfNeeded();
  await expect(counterOf(page, 'third')).toHaveText(/^step 0 \//);
  await player(page, 'third').getByTestId('embed-narration').click();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const third = new RegExp(`^step ${stepAfter('amo-acks-0', 2)} /`);
  await expect(counterOf(page, 'third')).toHaveText(third);
  await expect(counterOf(page, 'fourth')).toHaveText(/^step 0 \//);
  await player(page, 'fourth').getByRole('button', { name: 'Next', exact: true }).click();
  await expect(counterOf(page, 'fourth')).toHaveText(
    new RegExp(`^step ${stepAfter('eos-idempotent-retry', 1)} /`),
  );
  await expect(counterOf(page, 'third')).toHaveText(third);
  // Arrowheads are <marker> ids: inside separate shadow roots, each element resolves its own.
  const markers = await page.evaluate(() =>
    [...document.querySelectorAll('kafka-semantics-playground')].map(
      (e) => e.shadowRoot?.querySelectorAll('marker').length ?? 0,
    ),
  );
  expect(markers.every((n) => n > 0)).toBe(true);
});

test('the element announces its events as a DOM event with the protocol’s envelope', async ({ page }) => {
  await page.goto('/examples/element.html');
  await expect(page.locator('#last-event')).toHaveText(/^ready: step 3 of \d+$/);
  const detail = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const el = document.getElementById('player') as HTMLElement;
        el.addEventListener('kafka-semantics-playground', (e) => resolve((e as CustomEvent).detail), {
          once: true,
        });
        el.setAttribute('step', '4');
      }),
  );
  expect(detail).toMatchObject({ source: 'kafka-semantics-playground', v: 1, type: 'step', cursor: 4 });
});
