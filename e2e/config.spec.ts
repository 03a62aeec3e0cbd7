import { DEFAULT_SCENARIO } from '../app/state/store.ts';
import { stepAfter } from './beats.ts';
import { expect, test, type Page } from '@playwright/test';

/**
 * The configuration panel: presets, and Kafka's own settings validated with Kafka's rules. A refused
 * configuration is explained next to its field and never reaches the run.
 */

const ACKS_FOR_IDEMPOTENCE =
  'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.';

async function openConfiguration(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('sequence-diagram-svg')).toBeVisible();
  await page.getByText('Configuration', { exact: true }).click();
  return {
    acks: page.getByLabel('acks', { exact: true }),
    idempotence: page.getByLabel('enable.idempotence', { exact: true }),
    apply: page.getByRole('button', { name: 'Apply', exact: true }),
    effective: page.getByTestId('effective-config'),
  };
}

test('enable.idempotence=true with acks=1 is refused next to acks and not applied', async ({ page }) => {
  const f = await openConfiguration(page);
  const before = await f.effective.innerText();
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  await f.idempotence.selectOption('true');
  await f.acks.selectOption('1');

  await expect(f.acks).toHaveAttribute('aria-invalid', 'true');
  await expect(f.acks).toHaveAccessibleDescription(ACKS_FOR_IDEMPOTENCE);
  await expect(page.getByRole('alert').filter({ hasText: ACKS_FOR_IDEMPOTENCE })).toBeVisible();
  await expect(f.apply).toBeDisabled();
  await expect(f.effective).toHaveText(before);
  const beat = stepAfter(DEFAULT_SCENARIO, 1);
  await expect(page.getByText(new RegExp(`^step ${beat} / ${beat}`))).toBeVisible();

  // Fixing the field clears the message; the valid edit applies and restarts the run.
  await f.acks.selectOption('all');
  await expect(page.getByRole('alert').filter({ hasText: ACKS_FOR_IDEMPOTENCE })).toHaveCount(0);
  await f.apply.click();
  await expect(f.effective).toContainText('idempotence on');
  await expect(page.getByText(/^step 0 \/ 0/)).toBeVisible();
});

test('left at its default, idempotence is switched off silently, and the panel says why', async ({
  page,
}) => {
  const f = await openConfiguration(page);
  await f.idempotence.selectOption({ label: 'not set (default)' });
  await f.acks.selectOption('1');
  await expect(f.acks).not.toHaveAttribute('aria-invalid', 'true');
  await f.apply.click();
  await expect(f.effective).toContainText('acks=1');
  await expect(f.effective).toContainText('idempotence off');
  await expect(page.getByRole('note').filter({ hasText: 'switched it off silently' })).toBeVisible();
});

test('presets set the whole configuration and show which one is on', async ({ page }) => {
  await page.goto('/');
  const presets = page.getByRole('group', { name: 'Presets' });
  for (const name of ['At-most-once', 'At-least-once', 'Exactly-once']) {
    await presets.getByRole('button', { name }).click();
    await expect(presets.getByRole('button', { name })).toHaveAttribute('aria-pressed', 'true');
    await expect(presets.getByRole('button', { pressed: true })).toHaveCount(1);
  }
  await expect(page.getByTestId('effective-config')).toContainText('read_committed');
});
