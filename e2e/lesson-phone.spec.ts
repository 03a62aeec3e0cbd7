import { expect, test } from '@playwright/test';
import { runLinkHash } from '../src/share/runLink.ts';

/**
 * A lesson on a phone (390 × 844): the source material, below the whole stage in one column, is one tap
 * from the narration — the semantics table and the code alike — with focus on it.
 */

test.use({ viewport: { width: 390, height: 844 } });

for (const [tab, name, shows] of [
  ['Semantics', 'Source material: the table', 'at-least-once'],
  ['Code', 'Source material: the code', 'enable.idempotence'],
] as const)
  test(`one tap from the lesson to the source material’s ${tab.toLowerCase()}`, async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`/${runLinkHash({ v: 1, scenario: 'alo-producer-ack-lost', choices: [], step: 0 })}`);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    const jump = page.getByRole('button', { name });
    // On the first screen, beside the lesson bar.
    await expect(jump).toBeInViewport();
    await jump.click();
    const selected = page.getByRole('tablist', { name: 'Source material' }).getByRole('tab', { name: tab });
    await expect(selected).toHaveAttribute('aria-selected', 'true');
    await expect(selected).toBeFocused();
    await expect(selected).toBeInViewport();
    const panel = page.getByRole('tabpanel', { name: tab });
    await expect(panel).toBeInViewport();
    await expect(panel).toContainText(shows);
  });

test('wider than a phone the sidebar is beside the diagram, and the jump is not shown', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/${runLinkHash({ v: 1, scenario: 'alo-producer-ack-lost', choices: [], step: 0 })}`);
  await expect(page.getByRole('tablist', { name: 'Source material' })).toBeInViewport();
  await expect(page.getByRole('button', { name: 'Source material: the table' })).toBeHidden();
});
