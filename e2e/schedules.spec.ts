import { expect, test, type Page } from '@playwright/test';
import { LOST_ACK, scheduledAckDocument } from '../src/lab/scheduledAck.fixture.ts';
import type { ScenarioDocument } from '../src/scenarios/types.ts';
import { runLinkHash } from '../src/share/runLink.ts';

/**
 * Fault schedules on the page: a link whose scenario carries one makes its fault happen on Next; faults
 * injected by hand come back as a schedule in words (Share menu) and open in the lab; the lab keeps
 * itself in the address bar across a reload, and its keys never step the hidden diagram.
 */

const MAX_STEPS = 60;

const openRun = (page: Page, doc: ScenarioDocument) =>
  page.goto(`/${runLinkHash({ v: 1, scenario: doc, choices: [], step: 0 })}`);

const lostAck = (page: Page) =>
  page
    .getByTestId('sequence-diagram')
    .getByRole('group', { name: /^ProduceResponse offset=0 from broker-1 to producer, lost$/ });

test('a link whose scenario carries a schedule: Next takes the scheduled fault', async ({ page }) => {
  await openRun(page, scheduledAckDocument([LOST_ACK, { kind: 'lose-response', message: 'EndTxnResponse' }]));
  const next = page.getByRole('button', { name: 'Next', exact: true });
  for (let i = 0; i < MAX_STEPS && (await lostAck(page).count()) === 0; i++) await next.click();
  await expect(lostAck(page)).toHaveCount(1);
  await expect(page.getByTestId('lesson-bar')).toContainText(
    'Scheduled faults that found nothing to hit here: lose the first EndTxnResponse.',
  );
});

test('faults injected by hand: the Share menu says them as a schedule and opens the lab with it, which a reload keeps', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openRun(page, scheduledAckDocument());
  const next = page.getByRole('button', { name: 'Next', exact: true });
  const ack = page
    .getByTestId('sequence-diagram')
    .getByRole('button', { name: /^ProduceResponse offset=0 from broker-1 to producer, in flight$/ });
  for (let i = 0; i < MAX_STEPS && (await ack.count()) === 0; i++) await next.click();
  await ack.click();
  await page.getByRole('menu').getByRole('menuitem', { name: 'Lose' }).click();

  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByTestId('fault-schedule')).toHaveText('lose the 1st ProduceResponse for m1');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download scenario with the schedule' }).click();
  expect((await download).suggestedFilename()).toBe('scheduled-ack-schedule.json');
  await page.getByRole('button', { name: 'Open in the lab with the schedule' }).click();
  await expect(page.getByRole('heading', { name: 'Monte-Carlo lab' })).toBeVisible();

  // The lab's settings and view go to the address bar; a reload opens the same lab.
  await page.getByLabel('Runs per semantics').fill('3');
  await expect(page).toHaveURL(/\?view=lab&runs=3#run=1\./);
  // The explorer's too, under the CLI's names.
  await page.getByLabel('Guarantee', { exact: true }).selectOption('no-loss');
  await page.getByLabel('Faults at most (k)').fill('2');
  await expect(page).toHaveURL(/\?view=lab&runs=3&guarantee=no-loss&faults=2#run=1\./);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Monte-Carlo lab' })).toBeVisible();
  await expect(page.getByLabel('Runs per semantics')).toHaveValue('3');
  await expect(page.getByLabel('Guarantee', { exact: true })).toHaveValue('no-loss');
  await expect(page.getByLabel('Faults at most (k)')).toHaveValue('2');
  for (const label of ['Request lost', 'Response lost', 'Crash after processing', 'Timeout (late response)'])
    await page.getByLabel(label).fill('0');
  await page.getByRole('button', { name: 'Run lab' }).click();
  // Every run takes the schedule's lost ack: at-least-once duplicates m1 each time, exactly-once never.
  const table = page.getByRole('table', { name: /^Latency, reliability/ });
  await expect(table.getByRole('row', { name: /^At-least-once/ })).toContainText('100.00 %', {
    timeout: 60_000,
  });
  await expect(page.getByRole('table', { name: /per transaction, not per record/ })).toBeVisible();

  // Keys pressed on the lab's controls are the lab's: the hidden diagram stays where it was.
  await page.getByRole('button', { name: 'Run lab' }).focus();
  for (const key of ['ArrowRight', 'n', 'End', 'PageDown']) await page.keyboard.press(key);
  await page.getByRole('button', { name: 'Diagram', exact: true }).click();
  await expect(page).not.toHaveURL(/view=lab/);
  await expect(page.getByRole('slider', { name: 'Timeline' })).toHaveValue('0');
});

test('an embed asked for view=lab says it shows runs only and where the lab is', async ({ page }) => {
  await page.goto('/embed.html?scenario=alo-producer-ack-lost&view=lab');
  await expect(page.getByText(/an embed shows a run, not the lab/)).toBeVisible();
});
