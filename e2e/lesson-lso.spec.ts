import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { verdictOf } from '../src/lesson/verdict.ts';
import { scenarioById } from '../src/scenarios/index.ts';
import { runLinkHash } from '../src/share/runLink.ts';
import { runScenario } from '../src/sim/run.ts';
import { untilCardOrNext } from './verdictWait.ts';

/**
 * The first lesson with two producer applications (issue #11): Next alone reaches the point — the
 * read_committed consumer's empty poll while a1 sits committed behind the open transaction — then the
 * verdict. Screenshots of the point at a phone's and a laptop's width go to /tmp/shots-h5/ for a person
 * to look at.
 */

const ID = 'lso-plain-record-behind-open-transaction';
const SHOTS = '/tmp/shots-h5';
mkdirSync(SHOTS, { recursive: true });

const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click();

for (const screen of [
  { name: '390', width: 390, height: 844 },
  { name: '1440', width: 1440, height: 900 },
])
  test(`${ID} at ${screen.name}: Next reaches the empty read_committed poll, then the verdict`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: screen.width, height: screen.height });
    await page.goto(`/${runLinkHash({ v: 1, scenario: ID, choices: [], step: 0 })}`);
    await page.getByTestId('sequence-diagram-svg').waitFor();
    // One lifeline per producer application.
    const diagram = page.getByTestId('sequence-diagram');
    await expect(diagram.getByText('Payments (transactional)').first()).toBeAttached();
    await expect(diagram.getByText('Audit (plain)').first()).toBeAttached();

    const callout = page.getByTestId('climax-callout');
    let presses = 0;
    while (!(await callout.isVisible()) && presses < 12) {
      await next(page);
      presses++;
    }
    await expect(callout).toContainText('the last stable offset is 0');
    await expect(callout).toContainText('not even a1');
    await page.screenshot({ path: `${SHOTS}/${ID}-${screen.name}-point.png` });

    const card = page.getByRole('dialog', { name: /^Verdict/ });
    for (let n = 0; n < 12 && !(await card.isVisible()); n++) {
      await next(page);
      await untilCardOrNext(page, card);
    }
    const scenario = scenarioById(ID);
    if (!scenario) throw new Error(`no scenario ${ID}`);
    await expect(card).toContainText(verdictOf(runScenario(scenario)).sentence);
    await page.screenshot({ path: `${SHOTS}/${ID}-${screen.name}-verdict.png` });
  });
