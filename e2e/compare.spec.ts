import { expect, test, type Page } from '@playwright/test';
import { scenarioById } from '../src/scenarios/index.ts';
import { runLinkHash } from '../src/share/runLink.ts';
import { runScenario } from '../src/sim/run.ts';

/**
 * The Compare view as a learner uses it: inject a fault by hand, open Compare, and step every column
 * together with the playground's own Next (button, keys, a presenter's PageDown) until all are at rest;
 * the table beneath says what each configuration lost or duplicated. Also consume–transform–produce,
 * and screenshots at phone, desktop and projector widths, light and dark, for a person to judge.
 */

const ACK_LOST = 'At-least-once producer: the ack is lost, the retry duplicates';
const MAX_PRESSES = 60;

const compareButton = (page: Page) => page.getByRole('button', { name: 'Compare semantics', exact: true });
const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true });
const view = (page: Page) => page.getByTestId('compare-view');
/**
 * Every column has replayed the schedule (each in a task of its own): the stepper shows its tick. Not
 * merely "no column busy", which also holds while Compare's chunk is still loading and no column exists
 * yet: a key pressed then lands while the columns replay, when Next is off (a presenter's PageDown on a
 * loaded machine, seen in CI).
 */
const columnsIn = (page: Page) =>
  expect(page.getByTestId('compare-tick')).toHaveText(/^tick \d+ \/ \d+/, { timeout: 30_000 });

async function stepToRest(page: Page, press: () => Promise<void>) {
  for (let i = 0; i < MAX_PRESSES && (await next(page).isEnabled()); i++) await press();
  await expect(next(page)).toBeDisabled();
  await expect(page.getByTestId('compare-tick')).toContainText('all at rest');
}

test('a lost ack injected by hand: stepped together, at-least-once duplicates m1 and exactly-once does not', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('Scenario').selectOption({ label: ACK_LOST });
  const reset = page.getByRole('button', { name: 'Reset', exact: true });
  if (await reset.isEnabled()) await reset.click();
  // By hand: step until the ack is on the wire, then lose it from the action list.
  const loseAck = page.getByRole('button', { name: /^Lose ProduceResponse broker-1 → producer/ });
  for (let i = 0; i < MAX_PRESSES && (await loseAck.count()) === 0; i++) await next(page).click();
  await loseAck.click();

  await compareButton(page).click();
  await columnsIn(page);
  await expect(page.getByTestId('compare-schedule')).toContainText(
    'lose the 1st ProduceResponse for m1 — lands at tick',
  );
  await expect(page.getByTestId('compare-tick')).toContainText(/^tick 0 \//);
  // Nothing is lost before rest; nothing is duplicated before the fault.
  await expect(page.getByTestId('compare-lost-at-least-once')).toHaveText('not at rest yet');
  await expect(page.getByTestId('compare-duplicated-at-least-once')).toHaveText('none');

  // The first Next: every column on the brink of the fault; the second: it lands in all three at once.
  await next(page).click();
  await next(page).click();
  await expect(page.getByTestId('compare-schedule')).toContainText('landed at tick');
  for (const id of ['at-most-once', 'at-least-once', 'exactly-once'])
    await expect(page.getByTestId(`compare-${id}`)).toContainText('the fault lands');

  await stepToRest(page, () => next(page).click());
  await expect(page.getByTestId('compare-duplicated-at-least-once')).toHaveText('m1');
  await expect(page.getByTestId('compare-duplicated-exactly-once')).toHaveText('none');
  await expect(page.getByTestId('compare-lost-exactly-once')).toHaveText('none');
  await expect(page.getByTestId('compare-at-least-once-m1')).toContainText('duplicated');
  await expect(page.getByTestId('compare-exactly-once-m1')).toContainText('once');
  // Exactly-once's cost: a COMMIT marker in its log.
  await expect(page.getByTestId('compare-row-exactly-once')).toContainText('(incl. 1 marker)');

  // Back goes back through the same stops, for every column at once; Home (a key) to the start.
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(page.getByTestId('compare-tick')).not.toContainText('all at rest');
  await page.keyboard.press('Home');
  await expect(page.getByTestId('compare-tick')).toContainText(/^tick 0 \//);
});

test('presentation mode: PageDown steps the comparison, and the lesson’s prompt and point appear there', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('Scenario').selectOption({ label: ACK_LOST });
  await compareButton(page).click();
  await columnsIn(page);
  await page.keyboard.press('m');
  // Before any step, the scenario's scripted fault: its "Try this" shows on the brink of it.
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('compare-try-this')).toContainText('Lose the ack for m1');
  await stepToRest(page, () => page.keyboard.press('PageDown'));
  await expect(page.getByTestId('compare-try-this')).toHaveCount(0);
  await expect(page.getByTestId('compare-at-least-once').getByTestId('compare-callout')).toContainText(
    'a second copy',
  );
});

test('consume–transform–produce: exactly-once aborts and re-processes; presets with no transactional.id run the plain loop', async ({
  page,
}) => {
  const scenario = scenarioById('eos-processor-crash');
  if (!scenario) throw new Error('eos-processor-crash');
  const choices = runScenario(scenario).steps.map((s) => s.action);
  await page.goto(`/${runLinkHash({ v: 1, scenario: scenario.id, choices, step: choices.length })}`);
  await compareButton(page).click();
  await columnsIn(page);
  await expect(page.getByTestId('compare-schedule')).toContainText(
    'crash the processor right after its 1st sendOffsetsToTransaction',
  );
  // The plain loop has no sendOffsetsToTransaction for the schedule's faults to hit: the column says so.
  await expect(page.getByTestId('compare-at-least-once')).toContainText('Found nothing to hit here');
  // The sidebar does not offer the underlying run's actions (they would change the schedule compared).
  const details = page.getByRole('complementary', { name: 'Details' });
  await expect(details.getByRole('heading', { name: 'Comparing' })).toBeVisible();
  await expect(details.getByRole('heading', { name: 'What can happen next' })).toHaveCount(0);
  await page.getByLabel('Add this run’s configuration as a column').check();
  await columnsIn(page);
  await stepToRest(page, () => next(page).click());
  for (const id of ['exactly-once', 'this-run']) {
    await expect(page.getByTestId(`compare-lost-${id}`)).toHaveText('none');
    // Kafka holds each output once; the inventory was updated before the crash and again after it.
    await expect(page.getByTestId(`compare-duplicated-${id}`)).toHaveText('m1, m2');
    await expect(page.getByTestId(`compare-${id}`).getByTestId('partition-log-output-0')).toBeVisible();
  }
  for (const id of ['at-most-once', 'at-least-once']) {
    await expect(page.getByTestId(`compare-lost-${id}`)).toHaveText('none');
    await expect(page.getByTestId(`compare-${id}`).getByTestId('partition-log-output-0')).toBeVisible();
  }
});

const WIDTHS = [390, 1440, 1920];
for (const width of WIDTHS)
  for (const theme of ['light', 'dark'] as const)
    test(`screenshot: compare at ${width} px, ${theme}`, async ({ page }) => {
      await page.setViewportSize({ width, height: width === 390 ? 844 : width === 1440 ? 900 : 1080 });
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      await page.goto('/');
      await page.getByLabel('Scenario').selectOption({ label: ACK_LOST });
      await compareButton(page).click();
      await columnsIn(page);
      // Just after the fault landed: every column has taken it on the same tick.
      for (let i = 0; i < 2; i++) await next(page).click();
      await page.waitForTimeout(300);
      const shot = (part: string) =>
        page.screenshot({ path: `test-results/screens/compare-${width}-${theme}-${part}.png` });
      await shot('fault');
      // At rest, the view scrolled to the table beneath the columns.
      await page.keyboard.press('End');
      await view(page).evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await page.waitForTimeout(300);
      await shot('table');
    });
