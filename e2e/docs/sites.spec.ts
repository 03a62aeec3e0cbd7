import { expect, test, type Locator, type Page } from '@playwright/test';
import { DOCS_SITES, type DocsSite } from './sites.ts';

/**
 * The packed package inside real docs sites, as a docs author installs it (npm i <tarball>) and a reader
 * meets it: each fixture page holds two players (e2e/docs-sites/<generator>), built with the generator's
 * own CLI, server-side rendering included. Run by `npm run test:docs` (scripts/docs-sites.sh).
 */

const siteOf = (projectName: string): DocsSite => {
  const site = DOCS_SITES.find((s) => s.name === projectName);
  if (!site) throw new Error(`no docs site ${projectName}`);
  return site;
};

const players = (page: Page) => page.getByRole('region', { name: /^Kafka delivery semantics: / });
const counterOf = (player: Locator) => player.getByText(/^step \d+ \/ \d+$/);
const stepOf = async (player: Locator) =>
  Number(/^step (\d+)/.exec(await counterOf(player).innerText())?.[1]);

/** Opens the site's player page, failing the test on any console error or uncaught exception. */
async function open(page: Page, site: DocsSite): Promise<string[]> {
  const errors: string[] = [];
  page.on('console', (m) => {
    // The fixture sites have no favicon: the browser's own request for one is not the player's error.
    if (m.type() === 'error' && !/\/favicon\.(ico|svg)$/.test(m.location().url))
      errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(site.page);
  await expect(players(page)).toHaveCount(2);
  for (const p of await players(page).all())
    await expect(p.getByTestId('sequence-diagram-svg')).toBeVisible();
  return errors;
}

test('the player renders, steps and takes a fault, without a console error', async ({ page }, info) => {
  const errors = await open(page, siteOf(info.project.name));
  const first = players(page).first();
  await expect(counterOf(first)).toHaveText(/^step 4 \//);
  const inFlight = first.getByTestId('sequence-diagram').getByRole('button', { name: /, in flight$/ });
  const next = first.getByRole('button', { name: 'Next', exact: true });
  for (let i = 0; i < 30 && (await inFlight.count()) === 0; i++) await next.click();
  const before = await stepOf(first);
  await inFlight.first().click();
  await page.getByRole('menu').getByRole('menuitem', { name: 'Lose' }).click();
  await expect(first.getByTestId('sequence-diagram').getByRole('group', { name: /, lost$/ })).not.toHaveCount(
    0,
  );
  expect(await stepOf(first)).toBeGreaterThan(before);
  expect(errors).toEqual([]);
});

test('two players on one page keep their own runs', async ({ page }, info) => {
  await open(page, siteOf(info.project.name));
  const [first, second] = await players(page).all();
  if (!first || !second) throw new Error('two players expected');
  await expect(second).toHaveAccessibleName(/Zombie/i);
  await expect(counterOf(second)).toHaveText(/^step 6 \//);
  await first.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(counterOf(first)).not.toHaveText(/^step 4 \//);
  await expect(counterOf(second)).toHaveText(/^step 6 \//);
  await second.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(counterOf(second)).not.toHaveText(/^step 6 \//);
  await expect(first).toHaveAccessibleName(/ack is lost/);
});

test('the page keeps its own keys and scrolling', async ({ page }, info) => {
  await open(page, siteOf(info.project.name));
  const first = players(page).first();
  const scrollY = () => page.evaluate(() => window.scrollY);
  // Focus on the page's text, not in a player: the player's keys are not taken, the page scrolls.
  await page
    .getByText(/^A second paragraph keeps this page long enough/)
    .first()
    .click();
  const top = await scrollY();
  await page.keyboard.press('n');
  await page.keyboard.press('PageDown');
  await expect.poll(scrollY).toBeGreaterThan(top);
  await expect(counterOf(first)).toHaveText(/^step 4 \//);
  // The wheel over a player the reader has not clicked into scrolls the page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await first.scrollIntoViewIfNeeded();
  const box = await first.boundingBox();
  if (!box) throw new Error('player not laid out');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const before = await scrollY();
  await page.mouse.wheel(0, 300);
  await expect.poll(scrollY).toBeGreaterThan(before);
});

test('the site’s dark-mode switch changes the players’ theme in place', async ({ page }, info) => {
  const site = siteOf(info.project.name);
  await open(page, site);
  const [first, second] = await players(page).all();
  if (!first || !second) throw new Error('two players expected');
  await first.getByRole('button', { name: 'Next', exact: true }).click();
  const step = await counterOf(first).innerText();
  await expect(first).toHaveAttribute('data-theme', 'light');
  await site.toggleDark(page);
  await expect(first).toHaveAttribute('data-theme', 'dark');
  await expect(second).toHaveAttribute('data-theme', 'dark');
  await expect(counterOf(first)).toHaveText(step);
  await site.toggleDark(page);
  await expect(first).toHaveAttribute('data-theme', 'light');
  await expect(counterOf(first)).toHaveText(step);
});

test('at 390 px the lanes out of view are announced on the diagram, and the keys bring them in', async ({
  page,
}, info) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, siteOf(info.project.name));
  const first = players(page).first();
  const announce = first.getByRole('button', { name: /^\d+ more lanes? to the right: / });
  await expect(announce).toBeVisible();
  await expect(announce).toHaveText(/^\d+ more lanes? →$/);
  await expect(first.getByRole('button', { name: /^Show Brokers 2 & 3 / })).toBeVisible();
  const scrolled = () => first.getByTestId('sequence-diagram').evaluate((el) => el.scrollLeft);
  await announce.focus();
  await page.keyboard.press('Enter');
  await expect.poll(scrolled).toBeGreaterThan(0);
  for (let i = 0; i < 8 && (await announce.count()) > 0; i++) await page.keyboard.press('ArrowRight');
  await expect(announce).toHaveCount(0);
  // Its lifeline is in view. (Wholly, header and all, in VitePress and Starlight; inside Docusaurus's
  // React component the last scroll stops about 30 px short, an open bug.)
  await expect(first.getByTestId('lane-sink')).toBeInViewport({ ratio: 0.6 });
  await expect(counterOf(first)).toHaveText(/^step 4 \//);
});

test('the iframe route, as README’s recipe hosts it: theme after ready, height to the cap', async ({
  page,
}, info) => {
  test.skip(info.project.name !== 'vitepress', 'the VitePress fixture hosts the iframe');
  // Fifteen steps inside a frame, each waited for: more than the default 30 s on a loaded machine.
  test.setTimeout(120_000);
  const site = siteOf(info.project.name);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/iframe.html');
  const iframe = page.locator('iframe');
  const frame = page.frameLocator('iframe');
  const embed = frame.locator('.kp-embed');
  await expect(frame.getByText(/^step 4 \//)).toBeVisible();
  await expect(embed).toHaveAttribute('data-theme', 'light');
  // Auto-height: the host follows `resize`, which only grows, and never past the cap (720 px).
  const heights: number[] = [];
  const next = frame.getByRole('button', { name: 'Next', exact: true });
  for (let i = 0; i < 15; i++) {
    // Dispatched: a real click waits for the growing frame to hold still under VitePress's sticky navbar.
    await next.dispatchEvent('click');
    heights.push(Math.round((await iframe.boundingBox())?.height ?? 0));
  }
  expect(Math.max(...heights)).toBeLessThanOrEqual(720);
  expect(heights).toEqual([...heights].sort((a, b) => a - b));
  const step = await frame.getByText(/^step \d+ \//).innerText();
  // The site's dark-mode switch reaches the frame through setTheme: same run, same step.
  await site.toggleDark(page);
  await expect(embed).toHaveAttribute('data-theme', 'dark');
  await expect(frame.getByText(/^step \d+ \//)).toHaveText(step);
});

// Pictures for a person to look at (test-results/docs-shots/), not assertions: the player in each site at
// 390 px and at a desktop window's column, light and dark.
test('screenshots at 390 px and a desktop column, light and dark', async ({ page }, info) => {
  const site = siteOf(info.project.name);
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page, site);
  const first = players(page).first();
  for (const theme of ['light', 'dark']) {
    // The switch sits in the navbar at desktop width (in a menu on a phone); the site remembers the choice.
    if (theme === 'dark') await site.toggleDark(page);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await expect(first).toHaveAttribute('data-theme', theme);
      await first.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `test-results/docs-shots/${site.name}-${width}-${theme}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});
