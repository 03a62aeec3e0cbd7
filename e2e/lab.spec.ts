import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousAxeFindings } from './axe.ts';

/**
 * The lab page: a small Monte-Carlo lab in workers (progress bar, table, charts), a failing run opened
 * in the diagram, the explorer finding at-least-once's duplicate and opening it; screenshots at a
 * phone's and a desktop's width in both themes, and axe over the page.
 */

/** The lab on alo-producer-ack-lost, picked in the top bar as the lab's scenario is the run's. */
async function openLab(page: Page) {
  await page.goto('/#');
  await page.getByTestId('sequence-diagram-svg').waitFor();
  await page.getByLabel('Scenario', { exact: true }).selectOption('alo-producer-ack-lost');
  await page.getByRole('button', { name: 'Lab', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Monte-Carlo lab' })).toBeVisible();
}

async function runSmallLab(page: Page) {
  await page.getByLabel('Runs per semantics').fill('50');
  await page.getByLabel('Seed').fill('7');
  await page.getByLabel('Response lost').fill('0.2');
  await page.getByRole('button', { name: 'Run lab' }).click();
  await expect(page.getByRole('table', { name: /^Latency, reliability/ })).toBeVisible({ timeout: 60_000 });
}

test('a small lab shows its progress, the table and the charts, and opens a failing run in the diagram', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openLab(page);
  await page.getByLabel('Runs per semantics').fill('50');
  await page.getByLabel('Seed').fill('7');
  await page.getByLabel('Response lost').fill('0.2');
  await page.getByRole('button', { name: 'Run lab' }).click();
  // The bar shows the runs done as they come; Cancel is offered while the workers run.
  await expect(page.getByRole('progressbar', { name: 'Lab progress' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel' }).first()).toBeEnabled();
  const table = page.getByRole('table', { name: /^Latency, reliability and resource usage/ });
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(table.getByRole('rowheader')).toHaveText(['At-most-once', 'At-least-once', 'Exactly-once'], {
    ignoreCase: true,
  });
  await expect(page.getByRole('button', { name: 'Export Markdown' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeVisible();
  // uPlot draws each distribution on a canvas.
  await expect(page.locator('.lab-chart canvas')).toHaveCount(4);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  expect((await download).suggestedFilename()).toBe('lab-alo-producer-ack-lost-seed-7.csv');

  // Each semantics' failing runs fold under its name, a summary to open.
  const failing = page.locator('.lab-failures summary', { hasText: /failing runs? listed/ }).first();
  await failing.click();
  const open = page.getByRole('button', { name: /^Open run \d+ in the diagram$/ }).first();
  await expect(open).toBeVisible();
  await open.click();
  await expect(page.getByTestId('sequence-diagram-svg')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Diagram', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page).toHaveURL(/#run=1\./);
});

test('a scenario whose producer applications take no preset: the lab says why, per semantics, and runs it as written', async ({
  page,
}) => {
  await page.goto('/#');
  await page.getByTestId('sequence-diagram-svg').waitFor();
  await page.getByLabel('Scenario', { exact: true }).selectOption('lso-plain-record-behind-open-transaction');
  await page.getByRole('button', { name: 'Lab', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Monte-Carlo lab' })).toBeVisible();
  // Each preset's checkbox is off and described by the sentence the CLI answers with.
  const atMostOnce = page.getByRole('checkbox', { name: 'At-most-once' });
  await expect(atMostOnce).toBeDisabled();
  await expect(atMostOnce).toHaveAccessibleDescription(
    /^At-most-once does not fit this scenario: producers\[0\] \(payments\): Cannot set a transactional\.id/,
  );
  await expect(page.getByRole('checkbox', { name: 'Exactly-once' })).toHaveAccessibleDescription(
    /^Exactly-once does not fit this scenario: payments and audit are both transactional/,
  );
  await expect(page.getByRole('status').filter({ hasText: 'No preset fits' })).toContainText('as written');
  // The scenario's own settings are chosen instead, and run.
  await expect(page.getByRole('checkbox', { name: /^As written/ })).toBeChecked();
  await page.getByLabel('Runs per semantics').fill('20');
  await page.getByRole('button', { name: 'Run lab' }).click();
  const table = page.getByRole('table', { name: /^Latency, reliability and resource usage/ });
  await expect(table.getByRole('rowheader')).toHaveText(['As written'], { timeout: 60_000 });
  // The explorer on a preset says the same sentence; on the scenario's own configuration it searches.
  await page.getByLabel('Configuration', { exact: true }).selectOption({ label: 'At-least-once' });
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'At-least-once does not fit this scenario' }),
  ).toBeVisible();
  await page.getByLabel('Configuration', { exact: true }).selectOption({ label: 'the scenario’s own' });
  await page.getByLabel('Faults at most (k)').fill('1');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.locator('.lab-sentence')).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: '/tmp/shots-h8/lab-lso.png', fullPage: true });
});

test('Cancel stops a long lab', async ({ page }) => {
  await openLab(page);
  await page.getByLabel('Runs per semantics').fill('100000');
  await page.getByRole('button', { name: 'Run lab' }).click();
  await expect(page.getByRole('progressbar', { name: 'Lab progress' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).first().click();
  await expect(page.getByText('Cancelled: the workers were stopped.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run lab' })).toBeEnabled();
  // The pool makes new workers for the stopped ones: the next lab runs.
  await runSmallLab(page);
});

test('a second lab and a search run on the workers the first lab made', async ({ page }) => {
  test.setTimeout(120_000);
  // Counts the workers the page makes: the lab's inlined worker is made with the page's Worker.
  await page.addInitScript(() => {
    const Base = window.Worker;
    const counted = window as unknown as { workersMade: number };
    counted.workersMade = 0;
    window.Worker = class extends Base {
      constructor(...args: ConstructorParameters<typeof Worker>) {
        super(...args);
        counted.workersMade++;
      }
    };
  });
  const made = () => page.evaluate(() => (window as unknown as { workersMade: number }).workersMade);
  await openLab(page);
  await runSmallLab(page);
  const first = await made();
  expect(first).toBeGreaterThan(0);
  await page.getByLabel('Seed').fill('8');
  await page.getByRole('button', { name: 'Run lab' }).click();
  await expect(page.getByText(/runs per semantics of alo-producer-ack-lost, seed 8, in/)).toBeVisible({
    timeout: 60_000,
  });
  await page.getByLabel('Faults at most (k)').fill('1');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.locator('.lab-sentence')).toBeVisible({ timeout: 60_000 });
  expect(await made()).toBe(first);
});

test("the explorer finds at-least-once's duplicate and opens it at its decisive step", async ({ page }) => {
  test.setTimeout(90_000);
  await openLab(page);
  await page.getByLabel('Guarantee').selectOption('no-duplicates');
  await page
    .getByRole('main', { name: 'Lab' })
    .getByLabel('Configuration', { exact: true })
    .selectOption('at-least-once');
  await page.getByLabel('Faults at most (k)').fill('1');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('Counterexample with 1 fault')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.lab-sentence')).toContainText('2 times');
  const open = page.getByRole('button', { name: /^Open the counterexample in the diagram at step \d+$/ });
  const step = Number((await open.textContent())?.match(/step (\d+)/)?.[1]);
  await open.click();
  await expect(page.getByTestId('sequence-diagram-svg')).toBeVisible();
  await expect(page).toHaveURL(/#run=1\./);
  expect(step).toBeGreaterThan(0);
});

test('a long search shows a bar with the worlds it branches from, and Cancel stops it', async ({ page }) => {
  test.setTimeout(120_000);
  await openLab(page);
  const explorer = page.getByRole('region', { name: 'Counterexample explorer' });
  await explorer.getByLabel('Guarantee').selectOption('no-duplicates');
  await explorer.getByLabel('Configuration', { exact: true }).selectOption('exactly-once');
  await explorer.getByLabel('Faults at most (k)').fill('3');
  await explorer.getByLabel('Crashes').selectOption('brokers');
  await explorer.getByRole('button', { name: 'Search' }).click();
  // Below the last level there is only a count; then the worlds it branches from, and the time so far.
  await expect(explorer.getByRole('progressbar', { name: 'Search progress' })).toBeVisible({
    timeout: 90_000,
  });
  await expect(explorer.getByRole('status')).toHaveText(
    /^About [\d,]+ states explored, at [23] faults · [\d,]+ \/ [\d,]+ worlds after 2 faults followed · [\d.]+ s so far$/,
  );
  await explorer.getByRole('button', { name: 'Cancel' }).click();
  await expect(explorer.getByText('Cancelled: the search was stopped.')).toBeVisible();
});

for (const theme of ['light', 'dark'] as const)
  for (const width of [390, 1440])
    test(`the lab page with results, ${width} px, ${theme}`, async ({ page }) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width, height: width < 800 ? 844 : 900 });
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      await openLab(page);
      await runSmallLab(page);
      await expect(page.locator('.lab-chart canvas')).toHaveCount(4);
      await page.screenshot({ path: `test-results/screens/lab-${width}-${theme}.png` });
      await page
        .locator('.lab-results')
        .screenshot({ path: `test-results/screens/lab-results-${width}-${theme}.png` });
      // Every control is at least 24 px tall and wide (WCAG 2.2's target size) and has a name.
      const small = await page.locator('.lab-page :is(button, input, select)').evaluateAll((els) =>
        els
          .map((el) => ({ el, r: el.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && (r.width < 24 || r.height < 24))
          .map(({ el }) => el.outerHTML.slice(0, 80)),
      );
      expect(small).toEqual([]);
      // Nothing pokes past the window's edge but inside a scroller (the table's): a fieldset is as wide as
      // its widest select unless told otherwise, and the explorer's pushed past a phone's.
      const past = await page
        .locator('.lab-page *')
        .evaluateAll((els) =>
          els
            .filter(
              (el) => !el.closest('.lab-table-scroll') && el.getBoundingClientRect().right > innerWidth + 0.5,
            )
            .map((el) => el.outerHTML.slice(0, 80)),
        );
      expect(past).toEqual([]);
      await expectNoSeriousAxeFindings(page, '.lab-page');
    });
