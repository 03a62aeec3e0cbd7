import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';

/**
 * The offline build (`npm run build:single`): one HTML file opened from disk, with every request that is
 * not for a file refused and recorded. A teacher's whole lesson must work: pick a scenario, step, lose
 * a message from the diagram, reopen the run from its link, switch themes, view the Mermaid diagram.
 */

const DIR = resolve(import.meta.dirname, '..', 'dist-single');
const FILE = resolve(DIR, 'kafka-semantics-playground.html');
const URL_ = pathToFileURL(FILE).href;
const SCENARIO = 'At-least-once producer: the ack is lost, the retry duplicates';
const ACK_IN_FLIGHT = /^ProduceResponse offset=0 from broker-1 to producer, in flight$/;

/** Refuses the network and remembers every address the page asked for that is not the file itself. */
async function offline(page: Page): Promise<string[]> {
  const asked: string[] = [];
  page.on('request', (r) => {
    const url = r.url().split('#')[0] as string;
    if (url !== URL_ && !/^(data|blob):/.test(url)) asked.push(url);
  });
  await page
    .context()
    .route('**/*', (route) =>
      route.request().url().startsWith('file:') ? route.continue() : route.abort('internetdisconnected'),
    );
  return asked;
}

test.beforeAll(() => {
  if (!existsSync(FILE)) throw new Error(`${FILE} is missing: run npm run build:single first.`);
});

test('the build is one file', () => {
  expect(readdirSync(DIR)).toEqual(['kafka-semantics-playground.html']);
});

test('the single file works from file:// with no network: step, inject a fault, link, themes, Mermaid', async ({
  page,
  context,
}) => {
  const asked = await offline(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(URL_);
  await expect(page.getByTestId('sequence-diagram-svg')).toBeVisible();

  // Pick a scenario and step until the ack is on the wire.
  await page.getByLabel('Scenario').selectOption({ label: SCENARIO });
  const reset = page.getByRole('button', { name: 'Reset', exact: true });
  if (await reset.isEnabled()) await reset.click();
  const next = page.getByRole('button', { name: 'Next', exact: true });
  const ack = page.getByTestId('sequence-diagram').getByRole('button', { name: ACK_IN_FLIGHT });
  for (let i = 0; i < 100 && (await ack.count()) === 0; i++) await next.click();

  // Inject the fault from the diagram: lose the ack.
  await ack.click();
  await page.getByRole('menu').getByRole('menuitem', { name: 'Lose' }).click();
  const lost = page.getByRole('group', {
    name: /^ProduceResponse offset=0 from broker-1 to producer, lost$/,
  });
  await expect(lost).toHaveCount(1);
  await next.click();
  const counter = await page.getByText(/^step \d+ \/ \d+/).textContent();

  // The link in the address bar reopens the same run at the same step, from the file.
  // The address bar is rewritten when the page is idle: read it after that.
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
  await expect(page).toHaveURL(/#run=1\./);
  const link = page.url();
  expect(link.startsWith(URL_)).toBe(true);
  const again = await context.newPage();
  const askedAgain = await offline(again);
  await again.goto(link);
  await expect(again.getByText(/^step \d+ \/ \d+/)).toHaveText(counter ?? '');
  await expect(
    again.getByRole('group', { name: /^ProduceResponse offset=0 from broker-1 to producer, lost$/ }),
  ).toHaveCount(1);
  await again.close();

  // Themes: the tokens switch, with no stylesheet to fetch.
  const playground = page.locator('.playground');
  const background = () => playground.evaluate((el) => getComputedStyle(el).backgroundColor);
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(playground).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe('rgb(17, 20, 24)');
  await page.getByRole('radio', { name: 'Light' }).check();
  expect(await background()).toBe('rgb(255, 255, 255)');

  // The Mermaid view, loaded lazily in the normal build, is inlined here and renders offline.
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await page.getByRole('button', { name: 'View Mermaid', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^Mermaid/ });
  await expect(dialog.getByTestId('mermaid-diagram').locator('svg')).toBeVisible({ timeout: 20_000 });

  expect(asked).toEqual([]);
  expect(askedAgain).toEqual([]);
  expect(errors).toEqual([]);
});
