import { expect, test, type Locator, type Page } from '@playwright/test';
import { scenarioById } from '../src/scenarios/index.ts';
import { runLinkHash } from '../src/share/runLink.ts';
import { runScenario } from '../src/sim/run.ts';
import { expectNoSeriousAxeFindings } from './axe.ts';

/**
 * The source material beside the run: the seeds' mode / risk / guarantee table with the run's row
 * marked, and the code panel whose executing line follows the steps and whose config lines lead to the
 * config panel. At a phone's and a desktop's width; axe in both themes.
 */

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
];

/** The scenario's scripted run to rest, opened at the step just before the processor's first call `call`. */
function linkBefore(id: string, node: string, call: string): string {
  const scenario = scenarioById(id);
  if (!scenario) throw new Error(`no scenario ${id}`);
  const world = runScenario(scenario);
  const choices = world.steps.map((s) => s.action);
  const step = world.steps.findIndex((s) =>
    s.events.some((e) => e.kind === 'app' && e.from === node && e.name === call),
  );
  if (step < 0) throw new Error(`${node} never calls ${call} in ${id}`);
  return `/${runLinkHash({ v: 1, scenario: id, choices, step })}`;
}

class Source {
  readonly tabs: Locator;
  readonly semanticsTab: Locator;
  readonly codeTab: Locator;
  readonly next: Locator;

  constructor(readonly page: Page) {
    this.tabs = page.getByRole('tablist', { name: 'Source material' });
    this.semanticsTab = this.tabs.getByRole('tab', { name: 'Semantics' });
    this.codeTab = this.tabs.getByRole('tab', { name: 'Code' });
    this.next = page.getByRole('button', { name: 'Next', exact: true });
  }

  async open(path: string) {
    await this.page.emulateMedia({ reducedMotion: 'reduce' });
    await this.page.goto(path);
    await expect(this.page.getByTestId('sequence-diagram-svg')).toBeVisible();
  }

  /** The program's executing line, by its aria-current mark. */
  executing(node: string): Locator {
    return this.page.getByTestId(`code-program-${node}`).locator('li[aria-current="step"]');
  }
}

for (const size of SIZES)
  test.describe(`at ${size.width} px`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test('the table marks the run’s row, and says what the run showed only at rest', async ({ page }) => {
      const s = new Source(page);
      await s.open(linkBefore('acks-1-failover-loss', 'producer', 'send'));
      await s.semanticsTab.scrollIntoViewIfNeeded();
      await expect(s.semanticsTab).toHaveAttribute('aria-selected', 'true');
      const current = page.getByTestId('semantics-table').locator('[aria-current="true"]');
      await expect(current).toHaveCount(1);
      await expect(current).toHaveAttribute('data-testid', 'semantics-row-at-least-once');
      await expect(current.getByTestId('semantics-current')).toHaveText('this run');
      await expect(page.getByTestId('semantics-observed')).toHaveText('this run: not at rest yet');
      await expect(page.getByTestId('semantics-mode')).toHaveText('at-least-once (acks=1)');
      // The row's "Reliable" never stands without what acks=1 risks.
      await expect(current.getByTestId('semantics-guarantee')).toHaveText(
        'This run’s guarantee: Reliable only while the leader lives: acks=1 risks loss on leader failover',
      );

      // End: to the last recorded step, where the run is at rest.
      await page.keyboard.press('End');
      await expect(page.getByTestId('semantics-observed')).toHaveText('this run: loss');
      await expect(page.getByTestId('semantics-reason')).toContainText(
        'acks=1 risks loss on leader failover',
      );
    });

    test('the code panel marks the executing line, which moves as the run steps', async ({ page }) => {
      const s = new Source(page);
      await s.open(linkBefore('eos-processor-crash', 'processor', 'beginTransaction'));
      await s.codeTab.scrollIntoViewIfNeeded();
      await s.codeTab.click();
      await expect(s.codeTab).toHaveAttribute('aria-selected', 'true');
      const line = s.executing('processor');
      await expect(line).toContainText('consumer.poll(');
      await expect(line).toContainText('the application’s last call');
      // beginTransaction() shares its beat with the send that follows it (a local call takes no press).
      await s.next.click();
      await expect(line).toContainText('producer.send(process(record));');
      // The panels catch up after the step's paint: wait for each beat's line before judging it, or a
      // stale read presses once too often and passes the call.
      for (let i = 0; i < 3; i++) {
        const reached = await expect(line)
          .toContainText('producer.sendOffsetsToTransaction(', { timeout: 2_000 })
          .then(() => true)
          .catch(() => false);
        if (reached) break;
        await s.next.click();
      }
      await expect(line).toContainText('producer.sendOffsetsToTransaction(');
      await expect(line).toContainText('called in this step');
    });

    test('a config line leads to its field in the config panel', async ({ page }) => {
      const s = new Source(page);
      await s.open(linkBefore('eos-idempotent-retry', 'producer', 'send'));
      await s.codeTab.scrollIntoViewIfNeeded();
      await s.codeTab.click();
      await page.getByRole('button', { name: /^max\.in\.flight\.requests\.per\.connection=1: show/ }).click();
      const field = page.getByLabel('max.in.flight.requests.per.connection', { exact: true });
      await expect(field).toBeFocused();
      await expect(field).toBeInViewport();
      await expect(field).toHaveValue('1');
    });
  });

test('the tabs answer the arrow keys, and the playground’s → does not also step', async ({ page }) => {
  const s = new Source(page);
  await s.open(linkBefore('alo-producer-ack-lost', 'consumer', 'poll'));
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  const before = await timeline.inputValue();
  await s.semanticsTab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(s.codeTab).toBeFocused();
  await expect(s.codeTab).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('code-panel')).toBeVisible();
  await expect(timeline).toHaveValue(before);
});

for (const theme of ['light', 'dark'] as const)
  test(`axe: no serious or critical finding on either tab, ${theme}`, async ({ page }) => {
    // Two axe passes: on a loaded machine one takes longer than a default test's 30 s.
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await page.goto(linkBefore('eos-processor-crash', 'processor', 'process'));
    const s = new Source(page);
    await expect(page.getByTestId('semantics-table')).toBeVisible();
    for (const tab of [s.semanticsTab, s.codeTab]) {
      await tab.click();
      await expectNoSeriousAxeFindings(page, '.source');
    }
  });
