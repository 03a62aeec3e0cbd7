import { expect, test } from '@playwright/test';
import { scenarioById } from '../src/scenarios/index.ts';
import { runLinkHash } from '../src/share/runLink.ts';
import { runScenario } from '../src/sim/run.ts';

/**
 * The state panel ("Inside each component") names a machine's state at every level: the producer
 * waiting for EndTxn's answer reads ready.committing.awaitingEndTxn, and the long name stays inside its
 * card, at a phone's and a desktop's width.
 */

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
];

/** The tv2 lesson's scripted run, opened at its first step whose trace puts the producer in `state`. */
function linkAtState(state: string): string {
  const id = 'tv2-epoch-per-transaction';
  const scenario = scenarioById(id);
  if (!scenario) throw new Error(`no scenario ${id}`);
  const world = runScenario(scenario);
  const index = world.steps.findIndex((s) =>
    s.events.some((e) => e.kind === 'state' && e.from === 'producer' && e.name === state),
  );
  if (index < 0) throw new Error(`the producer is never in ${state} in ${id}`);
  return `/${runLinkHash({ v: 1, scenario: id, choices: world.steps.map((s) => s.action), step: index + 1 })}`;
}

for (const size of SIZES)
  test(`at ${size.width} px the producer's card names its state at every level`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(linkAtState('ready.committing.awaitingEndTxn'));
    const card = page.getByTestId('actor-producer');
    const state = card.getByText('ready.committing.awaitingEndTxn', { exact: true });
    await state.scrollIntoViewIfNeeded();
    await expect(state).toBeVisible();
    const [inner, outer] = await Promise.all([state.boundingBox(), card.boundingBox()]);
    expect(inner && outer && inner.x + inner.width <= outer.x + outer.width + 0.5).toBe(true);
  });
