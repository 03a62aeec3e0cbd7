import AxeBuilder from '@axe-core/playwright';
import { expect, test, type FrameLocator, type Page } from '@playwright/test';
import { runLinkHash } from '../src/share/runLink.ts';
import { stepAfter } from './beats.ts';

/** Where n presses of Next leave the default lesson (Next takes a beat). */
const beat = (n: number) => stepAfter('alo-producer-ack-lost', n);

/**
 * The embed page (embed.html) on its own and inside host pages: every query parameter, the postMessage
 * protocol both ways, no scroll trap, two embeds on one page, and nothing scheduled while off screen.
 */

const counter = (scope: Page | FrameLocator) => scope.getByText(/^step \d+ \/ \d+$/);
const stepOf = async (scope: Page | FrameLocator) =>
  Number(/^step (\d+)/.exec((await counter(scope).textContent()) ?? '')?.[1]);

async function openEmbed(page: Page, query: string, hash = '') {
  await page.goto(`/embed.html${query}${hash}`);
  await expect(page.locator('.kp-embed')).toBeVisible();
}

test.describe('query parameters', () => {
  test('scenario and step open that scenario at that step', async ({ page }) => {
    await openEmbed(page, '?scenario=eos-processor-crash&step=3');
    await expect(
      page.getByRole('region', { name: /Exactly-once consumer: crash inside the transaction/ }),
    ).toBeVisible();
    await expect(counter(page)).toHaveText(/^step 3 \/ \d+$/);
    await expect(page.getByTestId('embed-narration')).toContainText('Step 3');
  });

  test('controls=0 hides the playback bar; controls=1 shows it', async ({ page }) => {
    await openEmbed(page, '?controls=0');
    await expect(page.getByTestId('sequence-diagram-svg')).toBeVisible();
    await expect(page.getByRole('toolbar', { name: 'Playback' })).toHaveCount(0);
    await openEmbed(page, '?controls=1');
    await expect(page.getByRole('toolbar', { name: 'Playback' })).toBeVisible();
  });

  test('theme=dark and theme=light set the theme; auto follows the system', async ({ page }) => {
    const root = page.locator('.kp-embed');
    const bg = () => root.evaluate((el) => getComputedStyle(el).backgroundColor);
    await openEmbed(page, '?theme=dark');
    await expect(root).toHaveAttribute('data-theme', 'dark');
    expect(await bg()).toBe('rgb(17, 20, 24)');
    await openEmbed(page, '?theme=light');
    expect(await bg()).toBe('rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'dark' });
    await openEmbed(page, '?theme=auto');
    await expect(root).toHaveAttribute('data-theme', 'auto');
    expect(await bg()).toBe('rgb(17, 20, 24)');
  });

  test('view=log shows the partition log, view=compare the comparison', async ({ page }) => {
    await openEmbed(page, '?view=log&step=10');
    await expect(page.getByTestId('sequence-diagram-svg')).toHaveCount(0);
    await expect(page.locator('[data-view="log"]')).toContainText(/orders-0/);
    await openEmbed(page, '?view=compare');
    await expect(page.locator('[data-view="compare"]')).toContainText(/exactly-once/i);
  });

  test('autoplay plays at speed, pauses at the lesson’s point, then plays to the end of the run', async ({
    page,
  }) => {
    // At 16 beats/s it may reach the point (and pause) before a check for Pause could see it playing.
    await openEmbed(page, '?autoplay=1&speed=16&scenario=amo-acks-0');
    const play = page.getByRole('button', { name: 'Play', exact: true });
    await expect(play).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('climax-callout')).toBeVisible();
    await play.click();
    const end = stepAfter('amo-acks-0', Infinity);
    await expect(counter(page)).toHaveText(`step ${end} / ${end}`, { timeout: 15_000 });
    await expect(play).toBeVisible();
  });

  test('without autoplay nothing moves', async ({ page }) => {
    await openEmbed(page, '?speed=16');
    await page.waitForTimeout(500);
    expect(await stepOf(page)).toBe(0);
  });

  test('bad values are named on screen and the defaults are used, never a blank frame', async ({ page }) => {
    await openEmbed(
      page,
      '?scenario=nope&step=-2&speed=fast&theme=pink&view=table&controls=maybe&autoplay=x&origin=docs',
    );
    const notice = page.getByTestId('embed-notice');
    for (const param of [
      'scenario=',
      'step=',
      'speed=',
      'theme=',
      'view=',
      'controls=',
      'autoplay=',
      'origin=',
    ])
      await expect(notice).toContainText(param);
    await expect(page.getByTestId('sequence-diagram-svg')).toBeVisible();
    await expect(counter(page)).toHaveText(/^step 0 \//);
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toHaveCount(0);
  });

  test('a step past the end shows the last step and says so', async ({ page }) => {
    await openEmbed(page, '?scenario=amo-acks-0&step=9999');
    await expect(page.getByTestId('embed-notice')).toContainText('step=9999 is past the end');
    const length = Number(/\/ (\d+)/.exec((await counter(page).textContent()) ?? '')?.[1]);
    expect(await stepOf(page)).toBe(length);
  });

  test('the #run hash reproduces a run exactly; a damaged one is explained', async ({ page }) => {
    const hash = runLinkHash({ v: 1, scenario: 'amo-acks-0', choices: ['app:producer:send'], step: 1 });
    await page.goto(`/embed.html${hash}`);
    await expect(counter(page)).toHaveText('step 1 / 1');
    await page.goto('/embed.html?scenario=amo-acks-0#run=1.garbage');
    await expect(page.getByTestId('embed-notice')).toContainText('This link cannot be opened');
    await expect(page.getByTestId('sequence-diagram-svg')).toBeVisible();
  });
});

test('keys step the embed while it has focus', async ({ page }) => {
  await openEmbed(page, '');
  await page.getByTestId('embed-narration').click();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('n');
  await expect(counter(page)).toHaveText(new RegExp(`^step ${beat(2)} /`));
  await page.keyboard.press('ArrowLeft');
  await expect(counter(page)).toHaveText(new RegExp(`^step ${beat(1)} /`));
});

test.describe('postMessage protocol', () => {
  const events = (page: Page) => page.locator('#events li');
  const lastOf = async (page: Page, type: string) =>
    JSON.parse(
      (await events(page)
        .filter({ has: page.locator(`xpath=self::li[@data-type="${type}"]`) })
        .last()
        .textContent()) ?? '{}',
    );

  test('auto-height settles: through the lesson, resize heights increase up to the 720 px cap, then stop', async ({
    page,
  }) => {
    await page.goto('/examples/postmessage.html');
    await expect(page.locator('#events li[data-type="ready"]')).toHaveCount(1);
    await page.locator('#auto-height').check();
    for (let i = 0; i < 10; i++) await page.getByRole('button', { name: 'Host: next' }).click();
    await expect(page.locator('#events li[data-type="step"]')).toHaveCount(10);
    const heights = await page
      .locator('#events li[data-type="resize"]')
      .evaluateAll((lis) =>
        lis.map((li) => (JSON.parse(li.textContent ?? '{}') as { height: number }).height),
      );
    expect(heights.length).toBeGreaterThan(0);
    heights.forEach((h, i) => {
      expect(h).toBeLessThanOrEqual(720);
      if (i > 0) expect(h).toBeGreaterThan(heights[i - 1] ?? 0);
    });
    // The frame, sized to the last report, stays put: no report follows its own resizing.
    const frameHeight = () => page.locator('#embed').evaluate((f) => f.getBoundingClientRect().height);
    const settled = await frameHeight();
    expect(settled).toBe(heights.at(-1));
    await page.waitForTimeout(500);
    expect(await frameHeight()).toBe(settled);
  });

  test('the embed announces ready, step, outcome and resize; the host drives it', async ({ page }) => {
    await page.goto('/examples/postmessage.html');
    const frame = page.frameLocator('#embed');
    await expect(page.locator('#events li[data-type="ready"]')).toHaveCount(1);
    expect(await lastOf(page, 'ready')).toMatchObject({
      type: 'ready',
      scenario: 'alo-producer-ack-lost',
      cursor: 0,
    });
    await expect(page.locator('#events li[data-type="resize"]').first()).toBeVisible();
    expect((await lastOf(page, 'resize')).height).toBeGreaterThan(200);

    await page.getByRole('button', { name: 'Host: next' }).click();
    await page.getByRole('button', { name: 'Host: next' }).click();
    await expect(frame.getByTestId('embed-narration')).toContainText(new RegExp(`^Step ${beat(2)}\\b`));
    await expect(page.locator('#events li[data-type="step"]')).toHaveCount(2);
    expect(await lastOf(page, 'step')).toMatchObject({ cursor: beat(2), scenario: 'alo-producer-ack-lost' });
    expect((await lastOf(page, 'step')).narration.length).toBeGreaterThan(10);

    await page.getByRole('button', { name: 'Host: back' }).click();
    await expect(frame.getByTestId('embed-narration')).toContainText(new RegExp(`^Step ${beat(1)}\\b`));
    await page.getByRole('button', { name: 'Host: reset' }).click();
    await expect(frame.getByTestId('embed-narration')).toContainText('Before the first step');

    await page.getByRole('button', { name: 'Host: load “zombie-fenced”' }).click();
    await expect(frame.getByRole('region', { name: /zombie/i })).toBeVisible();
    expect(await lastOf(page, 'step')).toMatchObject({ scenario: 'zombie-fenced', cursor: 0 });

    // To the end of the run (a press of Next is a beat; presses at rest do nothing): the ledger's
    // summary arrives as `outcome`.
    const length = 40;
    await page.evaluate((n) => {
      const w = (document.getElementById('embed') as HTMLIFrameElement).contentWindow as Window;
      for (let i = 0; i < n; i++)
        w.postMessage({ source: 'kafka-semantics-playground', v: 1, type: 'next' }, '*');
    }, length);
    await expect(page.locator('#events li[data-type="outcome"]')).toHaveCount(1);
    expect(await lastOf(page, 'outcome')).toMatchObject({
      scenario: 'zombie-fenced',
      risk: expect.any(String),
      lost: expect.any(Number),
    });
  });

  test('load with a bad scenario answers error; malformed messages are ignored', async ({ page }) => {
    await page.goto('/examples/postmessage.html');
    const frame = page.frameLocator('#embed');
    await expect(page.locator('#events li[data-type="ready"]')).toHaveCount(1);
    await page.evaluate(() => {
      const w = (document.getElementById('embed') as HTMLIFrameElement).contentWindow as Window;
      const S = 'kafka-semantics-playground';
      for (const m of [
        'next',
        null,
        { type: 'next' },
        { source: S, type: 'next' },
        { source: S, v: 2, type: 'next' },
        { source: S, v: 1, type: 'seek', to: 5 },
        { source: S, v: 1, type: 'load', scenario: 42 },
        { source: 'other', v: 1, type: 'next' },
      ])
        w.postMessage(m, '*');
      w.postMessage({ source: S, v: 1, type: 'load', scenario: 'no-such-scenario' }, '*');
    });
    await expect(page.locator('#events li[data-type="error"]')).toHaveCount(1);
    expect(await lastOf(page, 'error')).toMatchObject({
      message: expect.stringContaining('no-such-scenario'),
    });
    await expect(frame.getByTestId('embed-notice')).toContainText('no-such-scenario');
    await expect(frame.getByTestId('embed-narration')).toContainText('Before the first step');
    await expect(page.locator('#events li[data-type="step"]')).toHaveCount(0);
  });

  test('with origin=…, commands from another origin are ignored', async ({ page }) => {
    await page.goto('/examples/index.html');
    await page.setContent(
      `<iframe id="embed" src="/embed.html?origin=https://docs.example.com" style="width:800px;height:500px"></iframe>`,
    );
    const frame = page.frameLocator('#embed');
    await expect(frame.getByTestId('sequence-diagram-svg')).toBeVisible();
    await page.evaluate(() =>
      (document.getElementById('embed') as HTMLIFrameElement).contentWindow?.postMessage(
        { source: 'kafka-semantics-playground', v: 1, type: 'next' },
        '*',
      ),
    );
    await page.waitForTimeout(300);
    await expect(frame.getByTestId('embed-narration')).toContainText('Before the first step');
  });
});

test('no scroll trap: the wheel over an embed scrolls the page until the diagram is clicked', async ({
  page,
}) => {
  await page.setViewportSize({ width: 900, height: 700 });
  await page.goto('/examples/iframe.html');
  const frame = page.frameLocator('iframe');
  await expect(frame.getByTestId('sequence-diagram-svg')).toBeVisible();
  const box = (await page.locator('iframe').boundingBox()) as {
    x: number;
    y: number;
    width: number;
    height: number;
  };
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 300);
  await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(100);
  await expect(frame.locator('.kp-embed')).not.toHaveAttribute('data-engaged', /.*/);
  await frame.getByTestId('sequence-diagram').click({ position: { x: 20, y: 20 } });
  await expect(frame.locator('.kp-embed')).toHaveAttribute('data-engaged', 'true');
  expect(await frame.locator('.sd-scroll').evaluate((el) => getComputedStyle(el).overflowY)).toBe('auto');
  // From a focused arrow, a click on empty diagram space moves focus up to the embed's root: still
  // inside the diagram, so it stays engaged.
  await frame.locator('[data-arrow-id][tabindex="0"]').first().focus();
  await frame.getByTestId('sequence-diagram').click({ position: { x: 20, y: 20 } });
  await expect(frame.locator('.kp-embed')).toHaveAttribute('data-engaged', 'true');
  // A click outside the diagram (the narration) releases it.
  await frame.getByTestId('embed-narration').click();
  await expect(frame.locator('.kp-embed')).not.toHaveAttribute('data-engaged', /.*/);
});

test('two embeds on one page step independently; keys act only in the focused one', async ({ page }) => {
  await page.goto('/examples/two-embeds.html');
  const first = page.frameLocator('#first');
  const second = page.frameLocator('#second');
  await expect(first.getByRole('region', { name: /acks=0/ })).toBeVisible();
  await page.locator('#second').scrollIntoViewIfNeeded();
  await expect(second.getByRole('region', { name: /retry is recognised/ })).toBeVisible();

  await page.locator('#first').scrollIntoViewIfNeeded();
  await first.getByTestId('embed-narration').click();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const [first2, second1, second2] = [
    stepAfter('amo-acks-0', 2),
    stepAfter('eos-idempotent-retry', 1),
    stepAfter('eos-idempotent-retry', 2),
  ];
  await expect(counter(first)).toHaveText(new RegExp(`^step ${first2} /`));
  expect(await stepOf(second)).toBe(0);

  await second.getByTestId('embed-narration').click();
  await page.keyboard.press('n');
  await expect(counter(second)).toHaveText(new RegExp(`^step ${second1} /`));
  expect(await stepOf(first)).toBe(first2);
  await second.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(counter(second)).toHaveText(new RegExp(`^step ${second2} /`));
  expect(await stepOf(first)).toBe(first2);
  // Keys on the host page itself reach neither.
  await page.getByRole('heading', { level: 1 }).click();
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(200);
  expect([await stepOf(first), await stepOf(second)]).toEqual([first2, second2]);
});

test('an off-screen autoplay embed schedules nothing until it is scrolled into view', async ({ page }) => {
  // Counts every requestAnimationFrame and setTimeout/setInterval in every frame, from the first script on.
  await page.addInitScript(() => {
    const w = window as unknown as { __scheduled: number };
    w.__scheduled = 0;
    for (const name of ['requestAnimationFrame', 'setTimeout', 'setInterval'] as const) {
      const original = window[name].bind(window) as (...a: unknown[]) => number;
      (window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        w.__scheduled++;
        return original(...args);
      };
    }
  });
  await page.goto('/examples/index.html');
  await page.setContent(
    `<p>Top of a long page.</p><div style="height:3000px"></div>
     <iframe id="late" src="/embed.html?autoplay=1&speed=8" style="width:720px;aspect-ratio:16/10;border:0"></iframe>`,
  );
  const frame = page.frame({ url: /embed\.html/ });
  await expect.poll(() => frame?.evaluate(() => document.querySelector('.kp-embed') !== null)).toBe(true);
  const embed = page.frame({ url: /embed\.html/ });
  if (!embed) throw new Error('no embed frame');
  await page.waitForTimeout(1000);
  const before = await embed.evaluate(() => (window as unknown as { __scheduled: number }).__scheduled);
  await page.waitForTimeout(2000);
  const after = await embed.evaluate(() => (window as unknown as { __scheduled: number }).__scheduled);
  expect(after - before).toBe(0);
  expect(await stepOf(page.frameLocator('#late'))).toBe(0);

  // On screen, autoplay starts: the same counter sees the play loop, so the check above could fail.
  await page.locator('#late').scrollIntoViewIfNeeded();
  await expect.poll(() => stepOf(page.frameLocator('#late'))).toBeGreaterThan(1);
  expect(
    await embed.evaluate(() => (window as unknown as { __scheduled: number }).__scheduled),
  ).toBeGreaterThan(after);
});

test('a hidden tab pauses a playing embed', async ({ page }) => {
  await openEmbed(page, '?autoplay=1&speed=1');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const at = await stepOf(page);
  await page.waitForTimeout(1500);
  expect(await stepOf(page)).toBe(at);
});

test('Copy embed code in the playground opens the same run at the same step', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/?');
  await expect(page.getByTestId('sequence-diagram-svg')).toBeVisible();
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await page.getByRole('button', { name: 'Copy embed code' }).click();
  const snippet = await page.getByTestId('embed-snippet').inputValue();
  expect(snippet).toMatch(
    /^<iframe src="[^"]*\/embed\.html#run=1\.[^"]+" title="[^"]+" loading="lazy" allow="fullscreen" style="width:100%;aspect-ratio:16\/10;min-height:480px;border:0"><\/iframe>$/,
  );
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
  const narration = await page.getByTestId('narration').textContent();

  await page.setContent(`<h1>Docs page</h1>${snippet}`);
  const frame = page.frameLocator('iframe');
  await expect(counter(frame)).toHaveText(`step ${beat(4)} / ${beat(4)}`);
  expect(narration).toContain(
    (await frame.getByTestId('embed-narration').textContent())?.replace(/^Step \d+ /, '').slice(0, 40),
  );
});

test('axe finds no WCAG A/AA violations in the embed, light or dark', async ({ page }) => {
  await page.setViewportSize({ width: 720, height: 450 });
  for (const theme of ['light', 'dark'] as const) {
    await openEmbed(page, `?scenario=alo-producer-ack-lost&step=12&theme=${theme}&speed=99`);
    await expect(page.getByTestId('embed-notice')).toBeVisible();
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
      [],
    );
  }
});

test('screenshots of an embed at 720 px wide, light and dark', async ({ page }) => {
  await page.setViewportSize({ width: 720, height: 450 });
  for (const theme of ['light', 'dark'] as const) {
    await page.goto(`/embed.html?scenario=alo-producer-ack-lost&step=12&theme=${theme}`);
    await expect(page.getByTestId('sequence-diagram-svg')).toBeVisible();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `test-results/embed-720-${theme}.png` });
  }
});

test('presenter keys in an embed: F makes the embed itself fullscreen, B blacks it out, ? lists the keys', async ({
  page,
}) => {
  await openEmbed(page, '?scenario=alo-producer-ack-lost');
  const root = page.locator('.kp-embed');
  await root.click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await expect
    .poll(() => page.evaluate(() => document.fullscreenElement?.classList.contains('kp-embed') ?? false))
    .toBe(true);
  await page.keyboard.press('f');
  await expect.poll(() => page.evaluate(() => document.fullscreenElement === null)).toBe(true);

  await page.keyboard.press('b');
  await expect(page.getByTestId('blackout')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('blackout')).toHaveCount(0);
  await expect(counter(page)).toHaveText(/^step 0 \//);

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: /shortcuts/i });
  await expect(help).toBeVisible();
  // It lists what works here: stepping, F, B, not the playground's presentation mode or speaker view.
  await expect(help.getByTestId('shortcut-next')).toBeVisible();
  await expect(help.getByTestId('shortcut-fullscreen')).toBeVisible();
  for (const id of ['present', 'panels', 'bigger', 'smaller', 'speaker'])
    await expect(help.getByTestId(`shortcut-${id}`)).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // M (presentation mode) is not a key here: the embed leaves it to the page (not even preventDefault).
  await page.evaluate(() =>
    window.addEventListener('keydown', (e) => {
      if (e.key === 'm') (window as unknown as { mHandled: boolean }).mHandled = e.defaultPrevented;
    }),
  );
  await page.keyboard.press('m');
  expect(await page.evaluate(() => (window as unknown as { mHandled?: boolean }).mHandled)).toBe(false);
  await page.keyboard.press('ArrowRight');
  await expect(counter(page)).toHaveText(new RegExp(`^step ${beat(1)} /`));
});
