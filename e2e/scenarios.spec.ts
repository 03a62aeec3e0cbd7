import { expect, test } from '@playwright/test';

test('at-least-once: a lost ack duplicates the record; exactly-once absorbs the same fault', async ({
  page,
}) => {
  await page.goto('/');
  await page
    .getByLabel('Scenario')
    .selectOption({ label: 'At-least-once producer: the ack is lost, the retry duplicates' });
  await expect(page.getByTestId('ledger-m1')).toContainText('duplicated');
  await expect(page.getByTestId('ledger-m1')).toContainText('0, 1');
  await expect(page.getByTestId('risk')).toHaveText('duplicates');

  await page.getByLabel('Scenario').selectOption({ label: 'Exactly-once producer: the retry is recognised' });
  await expect(page.getByTestId('ledger-m1')).toContainText('once');
  await expect(page.getByTestId('risk')).toHaveText('none');
  await expect(
    page.getByText(/does not append the retry and answers with the original offset 0/),
  ).toBeVisible();
});

test('at-most-once: committing before processing loses m2 after a crash', async ({ page }) => {
  await page.goto('/');
  await page
    .getByLabel('Scenario')
    .selectOption({ label: 'At-most-once consumer: commit, then crash while processing' });
  await expect(page.getByTestId('ledger-m2')).toContainText('lost');
  await expect(page.getByTestId('risk')).toHaveText('loss');
});
