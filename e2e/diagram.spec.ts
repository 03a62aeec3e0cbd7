import { mkdirSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { runLinkHash } from '../src/share/runLink.ts';

/**
 * The sequence diagram as a learner uses it: step until the ack is on the wire, lose it from the
 * diagram itself, step to rest, and read the result off the arrows. Pointer, keyboard-only, and with
 * reduced motion. Locators are roles, labels and test ids only.
 */

const SCENARIO = 'At-least-once producer: the ack is lost, the retry duplicates';
/** The ack of m1's first Produce, while it is on the wire. */
const ACK_IN_FLIGHT = /^ProduceResponse offset=0 from broker-1 to producer, in flight$/;
const MAX_STEPS = 200;
/** Screenshots for a person to look at. */
const SHOTS = '/tmp/shots-h8';
mkdirSync(SHOTS, { recursive: true });

class DiagramPage {
  readonly diagram: Locator;
  readonly next: Locator;
  readonly ack: Locator;

  constructor(readonly page: Page) {
    this.diagram = page.getByTestId('sequence-diagram');
    this.next = page.getByRole('button', { name: 'Next', exact: true });
    this.ack = this.diagram.getByRole('button', { name: ACK_IN_FLIGHT });
  }

  async open() {
    await this.page.goto('/');
    await this.page.getByLabel('Scenario').selectOption({ label: SCENARIO });
    await expect(this.page.getByTestId('sequence-diagram-svg')).toBeVisible();
    // Whether the picker loads the scenario at its start or at its end, begin from step 0.
    const reset = this.page.getByRole('button', { name: 'Reset', exact: true });
    if (await reset.isEnabled()) await reset.click();
  }

  /** Presses Next until the first ack is in flight. */
  async stepUntilAckInFlight() {
    for (let i = 0; i < MAX_STEPS && (await this.ack.count()) === 0; i++) await this.next.click();
    await expect(this.ack).toHaveCount(1);
  }

  async stepToRest() {
    for (let i = 0; i < MAX_STEPS && (await this.next.isEnabled()); i++) await this.next.click();
    await expect(this.next).toBeDisabled();
  }

  async expectLostAckAndRetry() {
    const lost = this.diagram.getByRole('group', {
      name: /^ProduceResponse offset=0 from broker-1 to producer, lost$/,
    });
    await expect(lost).toHaveCount(1);
    await expect(lost.getByTestId('arrow-cross')).toBeVisible();
    await expect(lost).toContainText('lost');
    // The first Produce and its retry: two arrows carry m1 to the leader.
    await expect(
      this.diagram.getByRole('group', { name: /^Produce m1 .* from producer to broker-1, delivered$/ }),
    ).toHaveCount(2);
  }
}

test('lose the ack from the diagram: the retry carries m1 a second time', async ({ page }) => {
  const d = new DiagramPage(page);
  await d.open();
  await d.stepUntilAckInFlight();
  await d.ack.click();
  const menu = page.getByRole('menu');
  await expect(menu.getByRole('menuitem')).toHaveText([/Deliver/, /Lose/, /Hold back/]);
  await menu.getByRole('menuitem', { name: 'Lose' }).click();
  await expect(menu).toHaveCount(0);
  await d.stepToRest();
  await d.expectLostAckAndRetry();
});

test('keyboard only: Tab to the ack, Enter, choose Lose, Enter on Next until rest', async ({ page }) => {
  const d = new DiagramPage(page);
  await d.open();
  const focusedName = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
    });
  const tabTo = async (matches: (name: string) => boolean, key: 'Tab' | 'Shift+Tab') => {
    for (let i = 0; i < 80; i++) {
      if (matches(await focusedName())) return;
      await page.keyboard.press(key);
    }
    throw new Error(`${key} never reached the element`);
  };

  await tabTo((n) => n === 'Next', 'Tab');
  for (let i = 0; i < MAX_STEPS && (await d.ack.count()) === 0; i++) await page.keyboard.press('Enter');
  await expect(d.ack).toHaveCount(1);

  await tabTo((n) => ACK_IN_FLIGHT.test(n), 'Shift+Tab');
  await expect(d.ack).toBeFocused();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu');
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  // Escape closes the menu and gives focus back to the arrow.
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(d.ack).toBeFocused();
  // Space opens it too; arrow keys move to Lose.
  await page.keyboard.press(' ');
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  for (let i = 0; i < 3; i++) {
    if ((await focusedName()).endsWith('Lose')) break;
    await page.keyboard.press('ArrowDown');
  }
  await expect(menu.getByRole('menuitem', { name: 'Lose' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveCount(0);

  await tabTo((n) => n === 'Next', 'Tab');
  for (let i = 0; i < MAX_STEPS && (await d.next.isEnabled()); i++) await page.keyboard.press('Enter');
  await expect(d.next).toBeDisabled();
  await d.expectLostAckAndRetry();
});

test('with reduced motion the arrows are all there, in their end state', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const d = new DiagramPage(page);
  await d.open();
  await d.stepUntilAckInFlight();
  // The in-flight dot is drawn at once, without travelling.
  await expect(d.ack.getByTestId('message-dot')).toBeVisible();
  await d.ack.click();
  await page.getByRole('menu').getByRole('menuitem', { name: 'Lose' }).click();
  await d.stepToRest();
  await d.expectLostAckAndRetry();
});

test('two producer applications collapse into one lane and open again, as the followers do', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const hash = runLinkHash({
    v: 1,
    scenario: 'lso-plain-record-behind-open-transaction',
    choices: [],
    step: 0,
  });
  await page.goto(`/${hash}`);
  const diagram = page.getByTestId('sequence-diagram');
  const next = page.getByRole('button', { name: 'Next', exact: true });
  for (let i = 0; i < 6; i++) await next.click();
  const collapse = page.getByRole('button', { name: 'Collapse producers', exact: true });
  await expect(collapse).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('lane-payments')).toBeVisible();

  await collapse.click();
  await expect(collapse).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('lane-producers')).toContainText('Producers (2)');
  await expect(page.getByTestId('lane-payments')).toHaveCount(0);
  await expect(page.getByTestId('lane-audit')).toHaveCount(0);
  // The applications' arrows still say who sent them.
  await expect(diagram.getByRole('group', { name: /from payments to / }).first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/producers-collapsed-1440.png` });

  await collapse.click();
  await expect(page.getByTestId('lane-payments')).toBeVisible();
  await expect(page.getByTestId('lane-audit')).toBeVisible();
});

test('a consumer group’s members collapse into one lane under the group id, from the keyboard too', async ({
  page,
}) => {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(
      `/${runLinkHash({ v: 1, scenario: 'rebalance-after-max-poll-interval', choices: [], step: 0 })}`,
    );
    const next = page.getByRole('button', { name: 'Next', exact: true });
    for (let i = 0; i < 4; i++) await next.click();
    const collapse = page.getByRole('button', { name: 'Collapse followers and group billing', exact: true });
    // Each member's lane names its group in words, not only by colour.
    await expect(page.getByTestId('lane-consumer-a')).toContainText('member of group billing');
    await expect(page.getByTestId('lane-consumer-b')).toContainText('member of group billing');
    await page.screenshot({ path: `${SHOTS}/group-open-${width}.png` });

    await collapse.focus();
    await page.keyboard.press('Enter');
    await expect(collapse).toHaveAttribute('aria-pressed', 'true');
    const group = page.getByTestId('lane-group:billing');
    await expect(group).toContainText('Group billing (2)');
    await expect(group).toContainText('2 members, one lane');
    await expect(page.getByTestId('lane-consumer-a')).toHaveCount(0);
    // Where the members' arrows land is the lane model's to say (src/diagram/lanes.test.ts).
    await page.screenshot({ path: `${SHOTS}/group-collapsed-${width}.png` });

    await page.keyboard.press('Enter');
    await expect(page.getByTestId('lane-consumer-a')).toBeAttached();
  }
});

test('a zombie scenario has one control for its followers and its producers', async ({ page }) => {
  // Too narrow for every lane: the followers share one by default, the two producers stay apart.
  await page.setViewportSize({ width: 1000, height: 800 });
  await page.goto(`/${runLinkHash({ v: 1, scenario: 'zombie-fenced', choices: [], step: 0 })}`);
  const collapse = page.getByRole('button', { name: 'Collapse followers and producers', exact: true });
  await expect(collapse).toHaveAttribute('aria-pressed', 'mixed');
  await expect(page.getByTestId('lane-producer-2')).toBeAttached();
  await collapse.click();
  await expect(collapse).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('lane-producers')).toContainText('Producers (2)');
  // The followers are not involved yet: their shared lane stands folded aside, under its own name.
  await expect(page.getByTestId('lane-folded:followers')).toContainText('Brokers 2 & 3');
  await page.screenshot({ path: `${SHOTS}/zombie-collapsed-1000.png` });
});

test('on a phone the lane-overflow buttons cover neither the point’s badge nor its labels', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const scenario = 'lso-plain-record-behind-open-transaction';
  await page.goto(`/${runLinkHash({ v: 1, scenario, choices: [], step: 0 })}`);
  const callout = page.getByTestId('climax-callout');
  const next = page.getByRole('button', { name: 'Next', exact: true });
  for (let n = 0; n < 25 && !(await callout.isVisible()); n++) await next.click();
  await expect(callout).toBeVisible();
  const overflow = page.getByRole('button', { name: /^\d+ more lanes? to the (left|right):/ });
  await expect(overflow.first()).toBeVisible();
  // The badge, and the point's labels a reader could otherwise read: wholly in the view, under the headers.
  const boxes = () =>
    page.evaluate(() => {
      const box = (e: Element) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      };
      const all = (sel: string) => Array.from(document.querySelectorAll(sel), box);
      const view = box(document.querySelector('[data-testid="sequence-diagram"]') as Element);
      const under = box(document.querySelector('.sd-header') as Element).bottom;
      const readable = (c: ReturnType<typeof box>) =>
        c.left >= view.left && c.right <= view.right && c.top >= under && c.bottom <= view.bottom;
      const labels = all('.sd-arrow.is-point text, .sd-note.is-point text').filter(readable);
      return { buttons: all('.sd-lane-overflow'), shown: [...all('.sd-callout__badge'), ...labels] };
    });
  // Once the scroll has settled: the boxes stop moving.
  await expect
    .poll(async () => JSON.stringify(await boxes()), { intervals: [200] })
    .toBe(JSON.stringify(await boxes()));
  const { buttons, shown } = await boxes();
  for (const b of buttons)
    for (const c of shown)
      expect(
        b.left < c.right && c.left < b.right && b.top < c.bottom && c.top < b.bottom,
        `a lane-overflow button at ${JSON.stringify(b)} covers ${JSON.stringify(c)}`,
      ).toBe(false);
});
