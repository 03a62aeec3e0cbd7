import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { scenarioById } from '../src/scenarios/index.ts';
import { runScenario } from '../src/sim/run.ts';
import { runLinkHash } from '../src/share/runLink.ts';

/**
 * Static output for docs builds: `npm run sim -- <id> --format svg` draws the same arrows as the live
 * view, and the file renders on its own in Chromium, in both themes. The CLI runs as a user runs it,
 * through npm; the live view is opened at the same run through a share link.
 */

const ROOT = resolve(import.meta.dirname, '..');
// Each test starts the CLI through npm and tsx: seconds each on a busy machine.
test.describe.configure({ timeout: 90_000 });
const OUT = mkdtempSync(join(tmpdir(), 'static-svg-'));
const SHOTS = join(ROOT, 'test-results', 'static');

function sim(...args: string[]) {
  return spawnSync('npm', ['run', '--silent', 'sim', '--', ...args], { cwd: ROOT, encoding: 'utf8' });
}

function svgFile(name: string, ...args: string[]): string {
  const path = join(OUT, `${name}.svg`);
  const r = sim(...args, '--format', 'svg', '--output', path);
  expect(r.stderr.replace(/^npm warn .*\n/gm, '')).toBe('');
  expect(r.status).toBe(0);
  return path;
}

interface ArrowSeen {
  id: string | null;
  status: string | null;
  /** The full words: the accessible name in the live view, the <title> in the file. */
  name: string;
  /** The words drawn on the arrow (shortened with "…" where the room ends). */
  label: string;
}

/** The diagram's arrows in document order, from whichever page shows them. */
function arrowsOn(page: Page): Promise<ArrowSeen[]> {
  return page.locator('[data-testid="diagram-arrow"]').evaluateAll((els) =>
    els.map((g) => ({
      id: g.getAttribute('data-arrow-id'),
      status: g.getAttribute('data-status'),
      name: g.getAttribute('aria-label') ?? '',
      label: g.querySelector('.sd-arrow__label')?.textContent ?? '',
    })),
  );
}

const CASES = [
  { id: 'alo-producer-ack-lost', step: undefined },
  // Mid-run: messages in flight, a crashed processor, an open transaction.
  { id: 'eos-processor-crash', step: 40 },
];

for (const { id, step } of CASES) {
  test(`the CLI's SVG of ${id}${step ? ` at step ${step}` : ''} shows the live view's arrows, in order`, async ({
    page,
  }) => {
    const world = runScenario(scenarioById(id)!);
    const choices = world.steps.map((s) => s.action);
    const path = svgFile(`${id}-${step ?? 'end'}`, id, ...(step ? ['--step', String(step)] : []));

    await page.goto(`/${runLinkHash({ v: 1, scenario: id, choices, step: step ?? choices.length })}`);
    await expect(page.getByTestId('sequence-diagram-svg')).toBeVisible();
    // At rest the verdict card covers the diagram's toolbar: close it first.
    const close = page.getByRole('button', { name: 'Close the verdict' });
    if (step === undefined) await close.click();
    // The live view folds replication and routine exchanges into notes; the file, like every export, draws
    // every message.
    const expand = page.getByRole('button', { name: 'Show every message', exact: true });
    await expand.click();
    await expect(expand).toHaveAttribute('aria-pressed', 'true');
    const live = await arrowsOn(page);
    expect(live.length).toBeGreaterThan(5);

    await page.goto(pathToFileURL(path).href);
    const file = await arrowsOn(page);
    expect(file.map(({ id, status, name }) => ({ id, status, name }))).toEqual(
      live.map(({ id, status, name }) => ({ id, status, name })),
    );
    // Both draw the same words; only where each runs out of room may differ (the columns' widths).
    file.forEach((f, i) => {
      const words = [f.label, live[i]!.label].map((l) => l.replace(/…$/, ''));
      const [short, long] = words.sort((a, b) => a.length - b.length);
      expect(long!.startsWith(short!)).toBe(true);
    });
  });
}

for (const theme of ['light', 'dark'] as const) {
  test(`the SVG file renders on its own in Chromium, ${theme} theme`, async ({ page }) => {
    const path = svgFile(
      `eos-processor-crash-${theme}`,
      'eos-processor-crash',
      '--theme',
      theme,
      '--step',
      '45',
    );
    await page.setViewportSize({ width: 1700, height: 1100 });
    await page.goto(pathToFileURL(path).href);
    const svg = page.locator('svg').first();
    // Its declared size is the size Chromium gives it, and its theme's colours are applied.
    const box = await svg.boundingBox();
    expect(box?.width).toBe(Number(await svg.getAttribute('width')));
    const colours = await page.evaluate(() => {
      const fill = (sel: string) => getComputedStyle(document.querySelector(sel)!).fill;
      const stroke = (sel: string) => getComputedStyle(document.querySelector(sel)!).stroke;
      return { bg: fill('.sd-static__bg'), line: stroke('.sd-arrow--request .sd-arrow__line') };
    });
    expect(colours).toEqual(
      theme === 'light'
        ? { bg: 'rgb(255, 255, 255)', line: 'rgb(27, 31, 36)' }
        : { bg: 'rgb(17, 20, 24)', line: 'rgb(230, 232, 235)' },
    );
    await expect(page.getByText('Transaction Coordinator', { exact: true })).toBeVisible();
    await expect(page.getByText('✕ down').first()).toBeVisible();
    mkdirSync(SHOTS, { recursive: true });
    // The whole picture (fullPage does not finish on an SVG document: the viewport takes its size).
    await page.setViewportSize({ width: box!.width, height: box!.height });
    await page.screenshot({ path: join(SHOTS, `eos-processor-crash-${theme}.png`) });
  });
}

test('bad input through npm run sim: a message naming the problem on stderr, exit code 2', () => {
  const unknown = sim('no-such-scenario', '--format', 'svg');
  expect(unknown.status).toBe(2);
  expect(unknown.stdout).toBe('');
  expect(unknown.stderr).toContain('"no-such-scenario" is neither a built-in scenario nor a readable file.');
  expect(unknown.stderr).not.toMatch(/^\s+at /m);
  const format = sim('alo-producer-ack-lost', '--format', 'gif');
  expect(format.status).toBe(2);
  expect(format.stderr).toContain('Unknown --format "gif". Use one of: outcome, trace, mermaid, svg.');
});

test('Share → Download SVG writes the same file as the CLI, byte for byte', async ({ page }) => {
  const id = 'eos-processor-crash';
  const world = runScenario(scenarioById(id)!);
  const choices = world.steps.map((s) => s.action);
  const cli = readFileSync(svgFile(`${id}-40-dark-cli`, id, '--theme', 'dark', '--step', '40'), 'utf8');

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`/${runLinkHash({ v: 1, scenario: id, choices, step: 40 })}`);
  await expect(page.getByTestId('sequence-diagram-svg')).toBeVisible();
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download SVG', exact: true }).click();
  const file = readFileSync(await (await download).path(), 'utf8');
  expect(file).toBe(cli);
});
