import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { runLinkHash } from '../src/share/runLink.ts';

/**
 * A transaction across two partitions (issue #11): at the point the partition log shows each partition
 * on its own — orders-1 with its COMMIT marker and LSO 2, orders-0 with m1 still in an open transaction
 * and LSO 0 — and the ledger names each record's partition beside its offsets. Screenshots of the point
 * go to /tmp/shots-h1/ for a person to look at.
 */

const ID = 'eos-transaction-two-partitions';
const SHOTS = '/tmp/shots-h1';
mkdirSync(SHOTS, { recursive: true });

const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click();

test(`${ID}: at the point each partition's log has its own HW and LSO; the ledger names the partitions`, async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/${runLinkHash({ v: 1, scenario: ID, choices: [], step: 0 })}`);
  await page.getByTestId('sequence-diagram-svg').waitFor();
  const callout = page.getByTestId('climax-callout');
  for (let presses = 0; presses < 12 && !(await callout.isVisible()); presses++) await next(page);
  await expect(callout).toContainText('orders-0’s marker was lost');

  const p0 = page.getByTestId('partition-log-orders-0');
  const p1 = page.getByTestId('partition-log-orders-1');
  await expect(p0.getByRole('heading')).toContainText('leader broker-1 · HW 1 · LSO 0');
  await expect(p1.getByRole('heading')).toContainText('leader broker-2 · HW 2 · LSO 2');
  await expect(p0.getByRole('cell', { name: 'offset 0: m1 , open transaction' }).first()).toBeAttached();
  await expect(p1.getByRole('cell', { name: 'offset 1: COMMIT marker' }).first()).toBeAttached();
  await expect(page.getByTestId('ledger-m2').getByRole('cell').nth(1)).toHaveText('orders-1 @ 0');
  await page.screenshot({ path: `${SHOTS}/${ID}-1440-point.png` });
});
