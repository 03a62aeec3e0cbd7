import { expect, test, type Locator, type Page } from '@playwright/test';

/**
 * The panels around the diagram as a learner uses them: the action list to inject the fault, the
 * narration with the scenario's prompt, then the ledger and the partition log to read the result.
 * Locators are roles, labels and test ids only.
 */

const SCENARIO = 'At-least-once producer: the ack is lost, the retry duplicates';
const MAX_STEPS = 200;

class Panels {
  readonly next: Locator;
  /** The action list's Lose button for the ack of m1 (its name says which message it loses). */
  readonly loseAck: Locator;
  readonly ledger: Locator;
  readonly log: Locator;

  constructor(readonly page: Page) {
    this.next = page.getByRole('button', { name: 'Next', exact: true });
    this.loseAck = page.getByRole('button', { name: /^Lose ProduceResponse broker-1 → producer/ });
    this.ledger = page.getByRole('region', { name: 'Ledger', exact: true });
    this.log = page.getByTestId('partition-log-orders-0');
  }

  async open() {
    await this.page.goto('/');
    await this.page.getByLabel('Scenario').selectOption({ label: SCENARIO });
    // Whether the picker loads the scenario at its start or at its end, begin from step 0.
    const reset = this.page.getByRole('button', { name: 'Reset', exact: true });
    if (await reset.isEnabled()) await reset.click();
  }

  async stepUntilAckOffered() {
    for (let i = 0; i < MAX_STEPS && (await this.loseAck.count()) === 0; i++) await this.next.click();
    await expect(this.loseAck).toHaveCount(1);
  }

  async stepToRest() {
    for (let i = 0; i < MAX_STEPS && (await this.next.isEnabled()); i++) await this.next.click();
    await expect(this.next).toBeDisabled();
  }

  /** A cell of the partition log, by its accessible text: "offset 1: m1". */
  logCell(offset: number, record: string): Locator {
    return this.log.getByRole('cell', { name: `offset ${offset}: ${record}`, exact: true });
  }
}

test('lose the ack from the action list: the ledger and the log show m1 twice', async ({ page }) => {
  const p = new Panels(page);
  await p.open();
  await expect(p.ledger.getByRole('columnheader', { name: 'Verdict so far' })).toBeVisible();

  await p.stepUntilAckOffered();
  await expect(p.loseAck).toHaveAttribute('data-testid', /^action-lose:\d+$/);
  // The scenario suggests exactly this fault, in the narration and on the button.
  await expect(page.getByTestId('try-this')).toContainText('Lose the ack for m1');
  await expect(p.loseAck).toContainText('Suggested');
  await p.loseAck.click();
  await expect(page.getByTestId('narration')).toContainText('The network loses the ProduceResponse');
  await expect(page.getByTestId('try-this')).toHaveCount(0);

  await p.stepToRest();
  await expect(p.ledger.getByRole('columnheader', { name: 'Verdict', exact: true })).toBeVisible();
  const m1 = page.getByTestId('ledger-m1');
  await expect(m1).toContainText('duplicated');
  await expect(m1.getByRole('cell').nth(1)).toHaveText('0, 1');
  await expect(page.getByTestId('ledger-risk')).toHaveText('duplicates');
  // Every replica holds both copies; the leader's strip is the first.
  await expect(p.logCell(0, 'm1')).toHaveCount(3);
  await expect(p.logCell(1, 'm1')).toHaveCount(3);
  await expect(p.logCell(0, 'm1').first()).toBeVisible();
  await expect(p.logCell(1, 'm1').first()).toBeVisible();
});

test('the next step is badged with text, and the narration is a polite live region', async ({ page }) => {
  const p = new Panels(page);
  await p.open();
  const narration = page.getByTestId('narration');
  await expect(narration).toHaveAttribute('aria-live', 'polite');
  // Step 0 tells the scenario's story.
  await expect(narration).toContainText('the log holds m1 twice');

  // Exactly one action carries the "Next" badge, as a word (the arrow beside it is decoration).
  const badged = page.getByTestId(/^action-/).filter({ hasText: /Next$/ });
  await expect(badged).toHaveCount(1);
  await expect(badged).toHaveAccessibleName(/ Next$/);
  // Keyboard: the badged action is a button like any other; Enter takes it.
  await badged.focus();
  await page.keyboard.press('Enter');
  await expect(narration).not.toContainText('the log holds m1 twice');
});
