import { expect, test } from '@playwright/test';
import { lessonOf } from '../src/lesson/lesson.ts';
import { scenarioById } from '../src/scenarios/index.ts';
import { runLinkHash } from '../src/share/runLink.ts';
import { runScenario } from '../src/sim/run.ts';

/**
 * Routine traffic folds into worded notes on the diagram, and each note expands in place: by click or
 * by keyboard, as a button with a name that says what it holds. A message in flight inside an expanded
 * fold can still be broken, which takes the run off the lesson.
 */

const ID = 'alo-producer-ack-lost';

test.use({ viewport: { width: 1440, height: 900 } });

test('the consumer’s start-up is one worded note; Enter shows its messages in place and folds them again', async ({
  page,
}) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`/${runLinkHash({ v: 1, scenario: ID, choices: [], step: 0 })}`);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  const diagram = page.getByTestId('sequence-diagram');
  const offsetFetch = diagram.getByRole('group', { name: /OffsetFetch/ });
  await expect(offsetFetch).toHaveCount(0);
  // Its name says what it holds and what a press does; the name changes with it, the button stays.
  await expect(
    diagram.getByRole('button', {
      name: 'The consumer has no committed offset yet: 2 messages folded; show them',
    }),
  ).toHaveAttribute('aria-expanded', 'false');
  const note = diagram.getByRole('button', { name: /^The consumer has no committed offset yet/ });
  await note.focus();
  await page.keyboard.press('Enter');
  await expect(note).toHaveAttribute('aria-expanded', 'true');
  await expect(offsetFetch).toHaveCount(2);
  // Space on the note is the note's, not Next's: the run stays where it was.
  const step = await page.getByRole('slider', { name: 'Timeline' }).inputValue();
  await page.keyboard.press(' ');
  await expect(note).toHaveAttribute('aria-expanded', 'false');
  await expect(offsetFetch).toHaveCount(0);
  await expect(page.getByRole('slider', { name: 'Timeline' })).toHaveValue(step);
});

test('a fault can be injected inside an expanded fold', async ({ page }) => {
  // The lesson's run at the first step where a follower's Fetch is in flight (folded into a note).
  const scenario = scenarioById(ID);
  if (!scenario) throw new Error(ID);
  const choices = [...(lessonOf(scenario)?.choices ?? [])];
  const steps = runScenario(scenario).steps;
  const at = steps.find((s) => s.events.some((e) => e.kind === 'send' && e.name === 'Fetch'))?.index ?? 0;
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`/${runLinkHash({ v: 1, scenario: ID, choices, step: at })}`);
  const diagram = page.getByTestId('sequence-diagram');
  const folded = diagram.getByRole('button', { name: /messages? folded; show them$/ }).last();
  const fold = diagram.locator(`[data-fold-id="${await folded.getAttribute('data-fold-id')}"]`);
  await fold.click();
  await expect(fold).toHaveAttribute('aria-expanded', 'true');
  const fetch = diagram.getByRole('button', { name: /^Fetch/ }).first();
  await fetch.click();
  await page.getByRole('menuitem', { name: /Lose/ }).click();
  await expect(page.getByTestId('lesson-bar')).toContainText('you left the lesson at step');
});
