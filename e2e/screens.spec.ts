import { test } from '@playwright/test';
import { scenarioById } from '../src/scenarios/index.ts';
import { runLinkHash } from '../src/share/runLink.ts';
import { runScenario } from '../src/sim/run.ts';

/**
 * Pictures to look at, not assertions: the playground at phone, desktop and projector widths, light
 * and dark, stopped in the middle of a run where something happens (a lost ack, a transaction). They
 * go to test-results/screens/ (not committed); open them before calling a layout change done.
 */

const WIDTHS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'projector', width: 1920, height: 1080 },
];
const THEMES = ['light', 'dark'] as const;

/** The scenario's scripted run, opened a few steps after its scripted fault. */
function linkInTheMiddle(id: string): string {
  const scenario = scenarioById(id);
  if (!scenario) throw new Error(`no scenario ${id}`);
  const world = runScenario(scenario);
  const choices = world.steps.map((s) => s.action);
  const script = scenario.script ?? [];
  const lastScripted = world.steps.findIndex((s) =>
    s.action.startsWith(script.at(-1)?.action.split(':')[0] ?? ''),
  );
  const step = Math.min(choices.length, Math.max(lastScripted, 0) + 3);
  return `/${runLinkHash({ v: 1, scenario: id, choices, step })}`;
}

const RUNS = [
  { name: 'ack-lost', id: 'alo-producer-ack-lost', compare: false },
  { name: 'transaction', id: 'eos-external-effect', compare: false },
  { name: 'compare', id: 'alo-producer-ack-lost', compare: true },
];

for (const run of RUNS)
  for (const size of WIDTHS)
    for (const theme of THEMES)
      test(`screen ${run.name} ${size.name} ${theme}`, async ({ page }) => {
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
        await page.goto(linkInTheMiddle(run.id));
        await page.getByTestId('sequence-diagram-svg').waitFor();
        if (run.compare) {
          await page.getByRole('button', { name: 'Compare semantics', exact: true }).click();
          await page.getByTestId('compare-view').waitFor();
        }
        await page.waitForTimeout(300);
        await page.screenshot({ path: `test-results/screens/${run.name}-${size.width}-${theme}.png` });
        // A phone scrolls the page: the rest of it, a screen at a time.
        if (size.name === 'phone') {
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          for (let y = size.height, i = 2; y < height; y += size.height, i++)
            await page.screenshot({
              path: `test-results/screens/${run.name}-${size.width}-${theme}-${i}.png`,
              fullPage: true,
              clip: { x: 0, y, width: size.width, height: Math.min(size.height, height - y) },
            });
        }
      });
