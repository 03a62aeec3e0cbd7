import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEFAULT_SCENARIO } from '../app/state/store.ts';
import { stepAfter } from './beats.ts';

/**
 * Presentation mode as a teacher uses it: the keys a clicker or reveal.js/Slidev habits send, the
 * blackout, the help overlay, Esc backing out one layer at a time, and the WCAG 2.1.4 guarantees (single
 * keys can be switched off, and act only while focus is inside the playground, never in a field).
 * Locators are roles, labels and test ids only.
 */

class Presenter {
  /** "step N / M · …" in the playback bar. */
  readonly counter: Locator;
  readonly root: Locator;
  readonly blackout: Locator;
  readonly help: Locator;

  constructor(readonly page: Page) {
    this.counter = page.getByText(/^step \d+ \/ \d+/);
    this.root = page.locator('[data-theme]').first();
    this.blackout = page.getByTestId('blackout');
    this.help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  }

  async open() {
    await this.page.goto('/');
    await expect(this.page.getByTestId('sequence-diagram-svg')).toBeVisible();
    await this.focusPlayground();
  }

  /** A click on the narration's text: focus lands on the playground itself, as a presenter's would. */
  async focusPlayground() {
    await this.page.getByTestId('narration').click();
  }

  /** Where n presses of Next leave the default lesson (Next takes a beat). */
  async expectBeat(n: number) {
    await expect(this.counter).toContainText(new RegExp(`^step ${stepAfter(DEFAULT_SCENARIO, n)} /`));
  }

  async press(...keys: string[]) {
    for (const k of keys) await this.page.keyboard.press(k);
  }
}

test('presenter keys: Space, →, PageDown and N take a beat forward; ←, PageUp a beat back', async ({
  page,
}) => {
  const p = new Presenter(page);
  await p.open();
  await p.expectBeat(0);
  await p.press('Space');
  await p.expectBeat(1);
  await p.press('ArrowRight');
  await p.expectBeat(2);
  await p.press('PageDown');
  await p.expectBeat(3);
  await p.press('n');
  await p.expectBeat(4);
  await p.press('ArrowLeft');
  await p.expectBeat(3);
  await p.press('PageUp');
  await p.expectBeat(2);
});

test('on the playground page, the first key press acts: focus starts inside the playground', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('sequence-diagram-svg')).toBeVisible();
  await page.keyboard.press('PageDown');
  await new Presenter(page).expectBeat(1);
});

test('B and . black the screen out; any key or a click brings it back without stepping', async ({ page }) => {
  const p = new Presenter(page);
  await p.open();
  await p.press('Space');
  await p.expectBeat(1);

  await p.press('b');
  await expect(p.blackout).toBeVisible();
  await expect(p.blackout).toBeFocused();
  // The key that ends a blackout does only that, even Next's.
  await p.press('Space');
  await expect(p.blackout).toHaveCount(0);
  await p.expectBeat(1);

  await p.press('.');
  await expect(p.blackout).toBeVisible();
  await p.blackout.click();
  await expect(p.blackout).toHaveCount(0);
  await p.expectBeat(1);
  // Focus came back inside the playground: the keys still work.
  await p.press('ArrowRight');
  await p.expectBeat(2);
});

test('? lists every shortcut from the command list; Esc closes it', async ({ page }) => {
  const p = new Presenter(page);
  await p.open();
  await p.press('?');
  await expect(p.help).toBeVisible();
  await expect(p.help.getByTestId('shortcut-next')).toContainText('Space');
  await expect(p.help.getByTestId('shortcut-next')).toContainText('Page Down');
  await expect(p.help.getByTestId('shortcut-back')).toContainText('Page Up');
  await expect(p.help.getByTestId('shortcut-blackout')).toContainText('B');
  await expect(p.help.getByTestId('shortcut-blackout')).toContainText('.');
  await expect(p.help.getByTestId('shortcut-fullscreen')).toContainText('F');
  await expect(p.help.getByTestId('shortcut-leave')).toContainText('Esc');
  // The page behind a modal is inert: Next's keys do nothing while it is open.
  await p.press('ArrowRight');
  await p.expectBeat(0);
  await p.press('Escape');
  await expect(p.help).toBeHidden();
  await p.press('ArrowRight');
  await p.expectBeat(1);
});

test('B right after Esc closes help blacks the screen out, even before the dialog says it closed', async ({
  page,
}) => {
  const p = new Presenter(page);
  await p.open();
  await p.press('?');
  await expect(p.help).toBeVisible();
  // A clicker's Esc then B, within one task: the dialog's `close` event is queued when Esc closes it, and
  // Chromium may run the next key press before it (input comes first under load).
  const dialogOpen = await page.evaluate(async () => {
    const root = document.querySelector('[data-theme]') as HTMLElement;
    const dialog = document.querySelector('dialog[data-testid="help-dialog"]') as HTMLDialogElement;
    const key = (k: string) =>
      (document.activeElement ?? root).dispatchEvent(
        new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true }),
      );
    key('Escape');
    // Microtasks only: React renders and closes the dialog, and no task (its `close` event) runs yet.
    for (let i = 0; i < 50 && dialog.open; i++) await Promise.resolve();
    const stillOpen = dialog.open;
    key('b');
    return stillOpen;
  });
  expect(dialogOpen).toBe(false);
  await expect(p.help).toBeHidden();
  await expect(p.blackout).toBeVisible();
});

test('Esc backs out one layer at a time: overlay, then blackout, then presentation mode', async ({
  page,
}) => {
  const p = new Presenter(page);
  await p.open();
  const present = page.getByRole('button', { name: /Present$/ });
  await p.press('m');
  await expect(present).toHaveAttribute('aria-pressed', 'true');
  await expect(p.root).toHaveAttribute('data-presenting');
  // Presentation hides the panels: the diagram has the screen.
  await expect(page.getByRole('complementary', { name: 'Details' })).toHaveCount(0);
  await p.press('h');
  await expect(page.getByRole('complementary', { name: 'Details' })).toBeVisible();
  await p.press('h');

  await p.press('?');
  await expect(p.help).toBeVisible();
  await p.press('Escape');
  await expect(p.help).toBeHidden();
  await expect(p.root).toHaveAttribute('data-presenting');

  await p.press('b');
  await expect(p.blackout).toBeVisible();
  await p.press('Escape');
  await expect(p.blackout).toHaveCount(0);
  await expect(p.root).toHaveAttribute('data-presenting');

  await p.press('Escape');
  await expect(p.root).not.toHaveAttribute('data-presenting');
  await expect(present).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('complementary', { name: 'Details' })).toBeVisible();
});

test('single-key shortcuts switched off stop letters and Space, are remembered, and leave arrows working', async ({
  page,
}) => {
  const p = new Presenter(page);
  await p.open();
  await page.getByRole('button', { name: 'Shortcuts' }).click();
  const setting = p.help.getByRole('checkbox', { name: /Single-key shortcuts/ });
  await expect(setting).toBeChecked();
  await setting.uncheck();
  await p.help.getByRole('button', { name: 'Close' }).click();
  await expect(p.help).toBeHidden();

  await p.focusPlayground();
  await p.press('n', 'Space', 'b', '?', 'm');
  await p.expectBeat(0);
  await expect(p.blackout).toHaveCount(0);
  await expect(p.help).toBeHidden();
  await expect(p.root).not.toHaveAttribute('data-presenting');
  // Named keys are not the single-character shortcuts WCAG 2.1.4 is about: a clicker still works.
  await p.press('PageDown');
  await p.expectBeat(1);

  // The address bar is rewritten when the page is idle (off the Next path): reload after that.
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
  await page.reload();
  await p.focusPlayground();
  await p.press('n');
  await p.expectBeat(1);
  await page.getByRole('button', { name: 'Shortcuts' }).click();
  await expect(setting).not.toBeChecked();
  await setting.check();
  await p.press('Escape');
  await p.focusPlayground();
  await p.press('n');
  await p.expectBeat(2);
});

test('keys do nothing while typing in a field or with focus outside the playground', async ({ page }) => {
  const p = new Presenter(page);
  await p.open();
  await page.getByText('Configuration', { exact: true }).click();
  const field = page.getByRole('form', { name: 'Kafka configuration' }).getByRole('textbox').first();
  await field.focus();
  await p.press('n', 'Space', 'b', 'ArrowRight', 'PageDown');
  await p.expectBeat(0);
  await expect(p.blackout).toHaveCount(0);

  // A field of the page around an embedded playground.
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.setAttribute('aria-label', 'Outside field');
    document.body.prepend(input);
    const button = document.createElement('button');
    button.textContent = 'Outside button';
    document.body.prepend(button);
  });
  await page.getByRole('button', { name: 'Outside button' }).focus();
  await p.press('n', 'b', 'ArrowRight', 'PageDown', '?');
  await p.expectBeat(0);
  await expect(p.blackout).toHaveCount(0);
  await expect(p.help).toBeHidden();
});

test('F asks for fullscreen on the playground root, not the page', async ({ page }) => {
  const p = new Presenter(page);
  await p.open();
  await p.press('m', 'f');
  await expect
    .poll(() => page.evaluate(() => document.fullscreenElement?.classList.contains('playground') ?? false))
    .toBe(true);
  await expect(page.getByRole('button', { name: 'Fullscreen' })).toHaveAttribute('aria-pressed', 'true');
  await p.press('f');
  await expect.poll(() => page.evaluate(() => document.fullscreenElement === null)).toBe(true);
});

test('Play autoplays the guided scenario, its fault included, and Pause stops it', async ({ page }) => {
  // The page's clock, not sleeps: a paused playground must schedule nothing however long we wait.
  await page.clock.install({ time: new Date('2026-01-05T09:00:00Z') });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const p = new Presenter(page);
  await p.open();
  // Paused: from here on only runFor moves time.
  await page.clock.pauseAt(new Date('2026-01-05T09:01:00Z'));
  await page.getByLabel('Speed').selectOption('8');
  const play = page.getByRole('button', { name: 'Play', exact: true });
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  const narration = page.getByTestId('narration');
  // Less than one step (8 steps/s = 125 ms) per tick, so no step's narration goes unseen.
  const tick = () => page.clock.runFor(50);
  await play.click();
  // The scenario's fault, taken by autoplay itself: the ack is lost.
  for (let i = 0; i < 500 && !(await narration.innerText()).includes('loses the ProduceResponse'); i++)
    await tick();
  await expect(narration).toContainText('The network loses the ProduceResponse');
  // Paused mid-run, nothing moves however long the clock runs.
  await pause.click();
  const stopped = await p.counter.innerText();
  await page.clock.runFor(5_000);
  await expect(p.counter).toHaveText(stopped);
  // Played on, it pauses by itself at the lesson's point, with the callout on the diagram.
  await play.click();
  for (let i = 0; i < 1000 && (await pause.count()) > 0; i++) await tick();
  await expect(play).toBeVisible();
  await expect(page.getByTestId('climax-callout')).toBeVisible();
  // Played on again, it stops by itself at rest with the lesson shown: m1 landed twice.
  await play.click();
  for (let i = 0; i < 1000 && (await pause.count()) > 0; i++) await tick();
  await expect(play).toBeVisible();
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeDisabled();
  await expect(page.getByTestId('ledger-risk')).toHaveText('duplicates');
});

test('the presentation controls and the help dialog pass axe (WCAG 2.2 AA), light and dark', async ({
  page,
}) => {
  const p = new Presenter(page);
  await p.open();
  await p.press('m', '?');
  await expect(p.help).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const result = await new AxeBuilder({ page })
      .include('[role="group"][aria-label="Presentation"]')
      .include('[data-testid="help-dialog"]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(result.violations.map((v) => `${scheme}: ${v.id}`)).toEqual([]);
  }
});

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshot: presentation mode at 1920×1080, ${scheme}`, async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    const p = new Presenter(page);
    await p.open();
    await p.press('m');
    for (let i = 0; i < 9; i++) await p.press('ArrowRight');
    await p.expectBeat(9);
    await page.screenshot({ path: `test-results/presentation-${scheme}.png` });
    await p.press('?');
    await expect(p.help).toBeVisible();
    await page.screenshot({ path: `test-results/presentation-help-${scheme}.png` });
  });
}
