import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/**
 * axe over the whole playground in the states a learner meets: both themes, the diagram and the Compare
 * view, the share menu open, the configuration showing Kafka's refusal, the Mermaid dialog. No serious
 * or critical violation may remain; a failure lists each rule with the elements it found.
 */

const THEMES = ['light', 'dark'] as const;

async function open(page: Page, theme: (typeof THEMES)[number]) {
  // The theme follows the system by default: the emulated colour scheme picks it, as a visitor's would.
  await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
  await page.goto('/');
  await expect(page.getByTestId('sequence-diagram-svg')).toBeVisible();
  // A few steps in: arrows, an in-flight message, the ledger and the log have something to show.
  const next = page.getByRole('button', { name: 'Next', exact: true });
  for (let i = 0; i < 6; i++) await next.click();
}

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(serious, serious.join('\n')).toEqual([]);
}

for (const theme of THEMES) {
  test.describe(`${theme} theme`, () => {
    test('the diagram view', async ({ page }) => {
      await open(page, theme);
      await expectNoSeriousViolations(page);
    });

    test('the Compare view', async ({ page }) => {
      await open(page, theme);
      await page.getByRole('button', { name: 'Compare semantics', exact: true }).click();
      await expect(page.getByTestId('compare-view')).toBeVisible();
      await expectNoSeriousViolations(page);
    });

    test('the share menu open', async ({ page }) => {
      await open(page, theme);
      await page.getByRole('button', { name: 'Share', exact: true }).click();
      await expect(page.getByRole('button', { name: 'Copy link', exact: true })).toBeVisible();
      await expectNoSeriousViolations(page);
    });

    test('the configuration refusing an invalid combination', async ({ page }) => {
      await open(page, theme);
      await page.getByText('Configuration', { exact: true }).click();
      await page.getByLabel('enable.idempotence', { exact: true }).selectOption('true');
      await page.getByLabel('acks', { exact: true }).selectOption('1');
      await expect(page.getByLabel('acks', { exact: true })).toHaveAttribute('aria-invalid', 'true');
      await expectNoSeriousViolations(page);
    });

    test('the Mermaid dialog', async ({ page }) => {
      await open(page, theme);
      await page.getByRole('button', { name: 'Share', exact: true }).click();
      await page.getByRole('button', { name: 'View Mermaid', exact: true }).click();
      await expect(page.getByTestId('mermaid-diagram')).toBeVisible();
      await expectNoSeriousViolations(page);
    });
  });
}
