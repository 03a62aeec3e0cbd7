import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEFAULT_SCENARIO } from '../app/state/store.ts';
import { stepAfter } from './beats.ts';

/** Where n presses of Next leave the default lesson (Next takes a beat). */
const beat = (n: number) => stepAfter(DEFAULT_SCENARIO, n);

/**
 * The speaker view: a second window at `?presenter=<id>` that recomputes the run from what the main
 * window announces over a BroadcastChannel, drives it with its own buttons, and says so when the main
 * window goes away. Locators are roles, labels and test ids only.
 */

class Main {
  readonly counter: Locator;
  readonly next: Locator;
  readonly narration: Locator;

  constructor(readonly page: Page) {
    this.counter = page.getByText(/^step \d+ \/ \d+/);
    this.next = page.getByRole('button', { name: 'Next', exact: true });
    this.narration = page.getByTestId('narration');
  }

  async open() {
    await this.page.goto('/');
    await expect(this.page.getByTestId('sequence-diagram-svg')).toBeVisible();
  }

  /** Opens the speaker view from the top bar; resolves when it is connected. */
  async openSpeaker(): Promise<Speaker> {
    const [popup] = await Promise.all([
      this.page.context().waitForEvent('page'),
      this.page.getByRole('button', { name: 'Speaker view' }).click(),
    ]);
    const speaker = new Speaker(popup);
    await expect(speaker.status).toHaveText(/Connected/);
    return speaker;
  }
}

class Speaker {
  readonly status: Locator;
  readonly step: Locator;
  readonly narration: Locator;
  readonly nextLabel: Locator;
  readonly next: Locator;
  readonly back: Locator;
  readonly blackout: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByTestId('speaker-status');
    this.step = page.getByTestId('speaker-step');
    this.narration = page.getByTestId('speaker-narration');
    this.nextLabel = page.getByTestId('speaker-next');
    const controls = page.getByRole('toolbar', { name: 'Drive the presentation' });
    this.next = controls.getByRole('button', { name: 'Next', exact: true });
    this.back = controls.getByRole('button', { name: 'Back', exact: true });
    this.blackout = controls.getByRole('button', { name: 'Blackout' });
  }
}

test('the speaker view follows the main window, and drives it', async ({ page }) => {
  const main = new Main(page);
  await main.open();
  await main.next.click();
  await main.next.click();
  const speaker = await main.openSpeaker();
  // Its own address: the presentation's channel, and the run hash kept.
  expect(speaker.page.url()).toMatch(/\?presenter=[0-9a-f]{16}#run=1\./);
  await expect(speaker.step).toHaveText(`step ${beat(2)}`);

  // Step in the main window → the speaker view shows the same step, narration and what Next will do.
  await main.next.click();
  await expect(main.counter).toContainText(`step ${beat(3)} /`);
  await expect(speaker.step).toHaveText(`step ${beat(3)}`);
  // The whole beat's words, as the room's screen says them.
  await expect(speaker.narration).toHaveText((await main.narration.innerText()).trim());
  // What Next will do is the action the main window's action list badges "Next".
  const marked = page.getByTestId(/^action-/).filter({ hasText: /Next$/ });
  await expect(marked).toHaveCount(1);
  await expect(speaker.nextLabel).toHaveText((await marked.getAttribute('title')) ?? '');

  // Next in the speaker view → the main window advances; Back takes it back.
  await speaker.next.click();
  await expect(main.counter).toContainText(`step ${beat(4)} /`);
  await expect(speaker.step).toHaveText(`step ${beat(4)}`);
  await speaker.back.click();
  await expect(main.counter).toContainText(`step ${beat(3)} /`);
  // The speaker's keys drive the main window too.
  await speaker.page.keyboard.press('PageDown');
  await expect(main.counter).toContainText(`step ${beat(4)} /`);

  // Blackout from the speaker view blacks out the main window; pressed again, it returns.
  await speaker.blackout.click();
  await expect(page.getByTestId('blackout')).toBeVisible();
  await expect(speaker.blackout).toHaveAttribute('aria-pressed', 'true');
  await speaker.blackout.click();
  await expect(page.getByTestId('blackout')).toHaveCount(0);
  await expect(speaker.blackout).toHaveAttribute('aria-pressed', 'false');

  await speaker.page.setViewportSize({ width: 1280, height: 800 });
  await speaker.page.screenshot({ path: 'test-results/speaker-view.png' });

  // The main window closes → the speaker view says so, and its buttons stop.
  await page.close({ runBeforeUnload: true });
  await expect(speaker.page.getByRole('alert')).toContainText('The playground window was closed');
  await expect(speaker.next).toBeDisabled();
});

test('the speaker view shows the guided scenario’s prompt and notes, and passes axe', async ({ page }) => {
  const main = new Main(page);
  await main.open();
  const speaker = await main.openSpeaker();
  const notes = speaker.page.getByRole('region', { name: 'Notes' });
  await expect(notes.getByRole('listitem').first()).toContainText('Lose the ack');
  // The scenario author's notes for the presenter: in the speaker view, never in the room's window.
  await expect(notes.getByTestId('speaker-author-notes')).toContainText('only the answer is lost');
  await expect(notes.getByRole('listitem').first()).toContainText('did the write succeed?');
  await expect(page.getByText('only the answer is lost')).toHaveCount(0);
  // Step until the main window offers the scenario's fault: its prompt shows in both windows.
  const tryThis = speaker.page.getByTestId('speaker-try-this');
  for (let i = 0; i < 60 && (await tryThis.count()) === 0; i++) await main.next.click();
  await expect(tryThis).toContainText('Lose the ack for m1');
  await expect(page.getByTestId('try-this')).toContainText('Lose the ack for m1');
  await expect(notes.locator('[aria-current="step"]')).toContainText('Lose the ack');

  for (const scheme of ['light', 'dark'] as const) {
    await speaker.page.emulateMedia({ colorScheme: scheme });
    const result = await new AxeBuilder({ page: speaker.page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(result.violations.map((v) => `${scheme}: ${v.id}`)).toEqual([]);
  }
});

test('two presentations in two tabs do not cross-talk', async ({ context }) => {
  const a = new Main(await context.newPage());
  const b = new Main(await context.newPage());
  await a.open();
  await b.open();
  const speakerA = await a.openSpeaker();
  const speakerB = await b.openSpeaker();
  await speakerA.next.click();
  await speakerA.next.click();
  await expect(a.counter).toContainText(`step ${beat(2)} /`);
  await expect(speakerA.step).toHaveText(`step ${beat(2)}`);
  await speakerB.next.click();
  await expect(b.counter).toContainText(`step ${beat(1)} /`);
  await expect(speakerB.step).toHaveText(`step ${beat(1)}`);
  await expect(a.counter).toContainText(`step ${beat(2)} /`);
});

test('a speaker view link with a bad id says so instead of showing a blank page', async ({ page }) => {
  await page.goto('/?presenter=not-an-id');
  await expect(page.getByRole('alert')).toContainText('no valid presentation id');
});

test('in Compare, the speaker view says where the columns stand, and its Next moves them', async ({
  page,
}) => {
  const main = new Main(page);
  await main.open();
  await page.getByRole('button', { name: 'Compare semantics' }).click();
  const compare = page.getByTestId('compare-view');
  await expect(compare).toHaveAttribute('data-tick', '0');
  const speaker = await main.openSpeaker();
  await expect(speaker.narration).toHaveText(/^Compare, tick 0 of \d+: 0 of 1 faults landed\.$/);
  await expect(speaker.back).toBeDisabled();
  // Next from the speaker view steps the columns in the main window, not the run's cursor.
  await speaker.next.click();
  await expect(compare).not.toHaveAttribute('data-tick', '0');
  const tick = await compare.getAttribute('data-tick');
  await expect(speaker.narration).toContainText(`Compare, tick ${tick} of`);
  // On the fault's brink the speaker view shows the lesson's prompt, as the room's screen does.
  while (!(await speaker.nextLabel.innerText()).startsWith('The fault lands')) await speaker.next.click();
  await expect(speaker.page.getByTestId('speaker-try-this')).toBeVisible();
  await expect(compare.getByTestId('compare-try-this')).toBeVisible();
  await speaker.page.keyboard.press('PageDown');
  await expect(speaker.narration).toContainText('1 of 1 faults landed');
  await expect(compare.getByTestId('compare-try-this')).toHaveCount(0);
  await speaker.back.click();
  await expect(speaker.narration).toContainText('0 of 1 faults landed');
});
