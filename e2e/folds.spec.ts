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

// WCAG's relative luminance of an sRGB colour.
const luminance = ([r, g, b]: readonly number[]) => {
  const lin = (v: number) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r ?? 0) + 0.7152 * lin(g ?? 0) + 0.0722 * lin(b ?? 0);
};

for (const scheme of ['light', 'dark'] as const)
  test(`a fold note's words are readable in ${scheme}: at least 4.5:1 on the pixels drawn`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await page.goto(`/${runLinkHash({ v: 1, scenario: ID, choices: [], step: 0 })}`);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    const words = page.locator('.sd-note.is-fold text').first();
    await expect(words).toBeVisible();
    // The two commonest colours of the words' box are the background and the glyphs' fill (measured on
    // the screenshot, so an opacity or a layer drawn over them counts too).
    const png = (await words.screenshot({ scale: 'device' })).toString('base64');
    const [bg, fg] = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, img.width, img.height).data;
      const counts = new Map<string, number>();
      for (let i = 0; i < d.length; i += 4) {
        const key = `${d[i]},${d[i + 1]},${d[i + 2]}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return [...counts].sort((a, b) => b[1] - a[1]).map(([key]) => key.split(',').map(Number));
    }, png);
    const [hi, lo] = [luminance(bg ?? []), luminance(fg ?? [])].sort((a, b) => b - a);
    const ratio = ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
    expect(ratio, `${bg} behind ${fg}`).toBeGreaterThanOrEqual(4.5);
  });
