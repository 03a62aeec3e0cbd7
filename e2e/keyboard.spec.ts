import { DEFAULT_SCENARIO } from '../app/state/store.ts';
import { stepAfter } from './beats.ts';
import { expect, test, type Page } from '@playwright/test';

/**
 * A whole run without the mouse: Tab reaches every control and each shows its focus, the shortcuts
 * step, a fault is injected on an in-flight message through its menu, stepping back and choosing
 * otherwise forks the run, a preset is switched on and the Compare view is reached. Only the keyboard
 * touches the page after it is loaded.
 */

/** The ack of m1's first Produce, while it is on the wire, and once it is lost. */
const ACK_IN_FLIGHT = /^ProduceResponse offset=0 from broker-1 to producer, in flight$/;
const ACK_LOST = /^ProduceResponse offset=0 from broker-1 to producer, lost$/;
const MAX_PRESSES = 250;

/** What a sighted keyboard user sees of the focused control: its name, and whether a ring shows. */
interface Focused {
  name: string;
  ring: boolean;
}

function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { name: '', ring: false };
    const label = el instanceof HTMLInputElement || el instanceof HTMLSelectElement ? el.labels?.[0] : null;
    const name = (
      el.getAttribute('aria-label') ??
      label?.textContent ??
      (el.tagName === 'SUMMARY' ? el.textContent : null) ??
      el.textContent ??
      ''
    ).trim();
    // The ring is the element's own outline, its label's (the theme toggle's hidden radios), or the
    // stroke of a diagram arrow's ring.
    const outlined = (e: Element | null | undefined) => {
      if (!e) return false;
      const s = getComputedStyle(e);
      return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    };
    const svgRing = el.querySelector('.sd-arrow__ring');
    const ring =
      outlined(el) ||
      outlined(el.closest('label')) ||
      (svgRing !== null && getComputedStyle(svgRing).stroke !== 'none');
    return { name, ring };
  });
}

/** Presses `key` until the focused control's name matches; fails if it never does. */
async function tabTo(page: Page, matches: (name: string) => boolean, key: 'Tab' | 'Shift+Tab' = 'Tab') {
  for (let i = 0; i < MAX_PRESSES; i++) {
    if (matches((await focused(page)).name)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${key} never reached the control`);
}

const is = (text: string) => (name: string) => name === text;

test('a keyboard-only run: every control, shortcuts, a fault from the menu, a fork, a preset, Compare', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('sequence-diagram-svg')).toBeVisible();
  const counter = page.getByText(/^step \d+ \/ \d+/);
  const diagram = page.getByTestId('sequence-diagram');

  // Shortcuts take beats: n and → go forward (a redo after a step back), ← and PageUp go back.
  const [two, three] = [stepAfter(DEFAULT_SCENARIO, 2), stepAfter(DEFAULT_SCENARIO, 3)];
  await tabTo(page, is('Next'));
  for (let i = 0; i < 3; i++) await page.keyboard.press('n');
  await expect(counter).toContainText(`step ${three} / ${three}`);
  await page.keyboard.press('PageUp');
  await expect(counter).toContainText(`step ${two} / ${three}`);
  await page.keyboard.press('ArrowRight');
  await expect(counter).toContainText(`step ${three} / ${three}`);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowRight');
  await expect(counter).toContainText(`step ${three} / ${three}`);

  // Tab goes round the whole playground; every stop shows a focus ring. The sidebar's panels load when
  // the page is first idle (app/lazy/panels.ts): the walk starts once the configuration panel, whose
  // presets it names below, is in.
  await expect(page.getByRole('group', { name: 'Presets' })).toBeAttached();
  const seen: Focused[] = [];
  await page.keyboard.press('Tab');
  const first = await focused(page);
  seen.push(first);
  for (let i = 0; i < MAX_PRESSES; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now.name === first.name && seen.length > 1) break;
    if (now.name !== '') seen.push(now);
  }
  const names = seen.map((f) => f.name);
  for (const control of [
    'Scenario',
    'Open a scenario file…',
    'Diagram',
    'Compare semantics',
    'Share',
    'Auto',
    'Collapse followers',
    'Reset',
    'Back',
    'Play',
    'Next',
    'Speed',
    'Timeline',
    'At-most-once',
    'At-least-once',
    'Exactly-once',
    'Configuration',
  ])
    expect(names, `Tab never reached “${control}”`).toContain(control);
  expect(seen.filter((f) => !f.ring).map((f) => f.name)).toEqual([]);

  // A fault from the keyboard: back to the start (the lesson's beats took the run past the ack), step
  // until the ack is in flight, open its menu, choose Lose.
  await tabTo(page, is('Next'));
  await page.keyboard.press('Home');
  await expect(counter).toContainText('step 0 /');
  const ack = diagram.getByRole('button', { name: ACK_IN_FLIGHT });
  for (let i = 0; i < MAX_PRESSES && (await ack.count()) === 0; i++) await page.keyboard.press('n');
  await tabTo(page, (n) => ACK_IN_FLIGHT.test(n), 'Shift+Tab');
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu');
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  for (let i = 0; i < 3 && !(await focused(page)).name.endsWith('Lose'); i++)
    await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Lose' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveCount(0);
  await expect(diagram.getByRole('group', { name: ACK_LOST })).toHaveCount(1);
  const lostAt = Number((await counter.innerText()).match(/^step (\d+)/)?.[1]);

  // Two more beats, then back to before the loss and deliver the ack instead: the run forks there.
  const stepNow = async () => Number((await counter.innerText()).match(/^step (\d+)/)?.[1]);
  // Back to the Next button first, as a keyboard user would: keys act only with focus in the playground.
  await tabTo(page, is('Next'));
  await page.keyboard.press('n');
  await page.keyboard.press('n');
  await expect.poll(stepNow).toBeGreaterThan(lostAt + 1);
  const recorded = await stepNow();
  for (let i = 0; i < 5 && (await stepNow()) >= lostAt; i++) await page.keyboard.press('ArrowLeft');
  const before = await stepNow();
  expect(before).toBe(lostAt - 1);
  await expect(counter).toContainText(`step ${before} / ${recorded}`);
  await tabTo(page, (n) => ACK_IN_FLIGHT.test(n), 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(menu.getByRole('menuitem', { name: 'Deliver' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(counter).toContainText(`step ${lostAt} / ${lostAt}`);
  await expect(diagram.getByRole('group', { name: ACK_LOST })).toHaveCount(0);
  // The steps the fork replaced are kept, one action away.
  await expect(page.getByRole('button', { name: /Back to the other run/ })).toBeVisible();

  // A preset from the keyboard: exactly-once is on, and the run starts again under it.
  await tabTo(page, is('Exactly-once'));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Exactly-once', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(counter).toContainText('step 0 / 0');

  // And the Compare view.
  await tabTo(page, is('Compare semantics'), 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('compare-view')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Compare semantics', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
});
