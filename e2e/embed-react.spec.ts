import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { oneScriptBuild } from '../app/embed/oneScript.ts';

/**
 * The React component (app/embed/index.ts) inside a React host page, as a React docs site would use it:
 * the host is bundled here with Vite from a virtual entry and served from memory, so nothing extra has to
 * sit in dist/. Props configure it and changes apply; each instance has its own shadow root and store;
 * `onEvent` receives the protocol's events.
 */

const HOST = `
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { KafkaSemanticsPlayground } from ${JSON.stringify(resolve('app/embed/index.ts'))};

function Host() {
  const [theme, setTheme] = useState('light');
  const [step, setStep] = useState(2);
  const [events, setEvents] = useState([]);
  return (
    <main>
      <h1>A React docs page</h1>
      <button onClick={() => setTheme(theme === 'light' ? 'dark' : 'light')}>Host: theme</button>
      <button onClick={() => setStep(5)}>Host: step 5</button>
      <KafkaSemanticsPlayground scenario="amo-acks-0" step={step} theme={theme}
        onEvent={(e) => setEvents((l) => [...l, e.type + ':' + (e.cursor ?? '')])} />
      <KafkaSemanticsPlayground scenario="eos-idempotent-retry" controls={false} />
      <p data-testid="events">{events.filter((e) => !e.startsWith('resize')).join(' ')}</p>
    </main>
  );
}
createRoot(document.getElementById('root')).render(<Host />);
`;

let outDir = '';
test.beforeAll(async () => {
  test.setTimeout(120_000);
  outDir = mkdtempSync(join(tmpdir(), 'react-host-'));
  await build({
    configFile: false,
    logLevel: 'silent',
    plugins: [
      react(),
      // As the packaged component is built (vite.element.config.ts): its components' sheets go to the shadow root.
      oneScriptBuild(),
      {
        name: 'virtual-host',
        resolveId: (id) => (id === 'virtual:host.jsx' ? '\0host.jsx' : null),
        load: (id) => (id === '\0host.jsx' ? HOST : null),
      },
    ],
    build: {
      outDir,
      minify: false,
      rolldownOptions: {
        input: 'virtual:host.jsx',
        output: { entryFileNames: 'host.js', codeSplitting: false },
      },
    },
  });
});
test.afterAll(() => rmSync(outDir, { recursive: true, force: true }));

test('the React component: props, live updates, separate instances, onEvent', async ({ page }) => {
  await page.route('**/react-host/**', (route) =>
    route.fulfill(
      route.request().url().endsWith('host.js')
        ? { body: readFileSync(join(outDir, 'host.js')), contentType: 'text/javascript' }
        : {
            contentType: 'text/html',
            body: '<!doctype html><html lang="en"><body><div id="root"></div><script type="module" src="host.js"></script></body></html>',
          },
    ),
  );
  await page.goto('/react-host/index.html');
  const players = page.locator('main > div');
  await expect(players).toHaveCount(2);
  const first = players.nth(0);
  const second = players.nth(1);
  const counter = first.getByText(/^step \d+ \/ \d+$/);
  await expect(first.getByRole('region', { name: /acks=0: fire and forget/ })).toBeVisible();
  await expect(counter).toHaveText(/^step 2 \//);
  await expect(second.getByRole('region', { name: /the retry is recognised/ })).toBeVisible();
  await expect(second.getByRole('toolbar', { name: 'Playback' })).toHaveCount(0);

  // Its own shadow root, with the styles inside; nothing added to the page's head.
  const shadowStyle = await first.evaluate((el) => el.shadowRoot?.querySelector('style')?.textContent ?? '');
  expect(shadowStyle).toContain('.kp-embed');
  // A component's own sheet too (the diagram's), not only the base rules.
  expect(shadowStyle).toContain('.sd-lifeline__line');
  expect(
    await page.evaluate(() => document.head.querySelectorAll('style, link[rel=stylesheet]').length),
  ).toBe(0);

  await first.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(counter).toHaveText(/^step 3 \//);
  await expect(second.getByTestId('embed-narration')).toContainText('Before the first step');

  await page.getByRole('button', { name: 'Host: theme' }).click();
  await expect(first.locator('.kp-embed')).toHaveAttribute('data-theme', 'dark');
  await expect(counter).toHaveText(/^step 3 \//);
  await page.getByRole('button', { name: 'Host: step 5' }).click();
  await expect(counter).toHaveText(/^step 5 \//);

  await expect(page.getByTestId('events')).toHaveText('ready:2 step:3 step:5');
});

/** A TypeScript docs site's page, against the built component and its bundled declarations. */
const TYPED_HOST = `
import { KafkaSemanticsPlayground, type EmbedEvent } from '../../dist/react/kafka-semantics-playground-react.js';

const onEvent = (e: EmbedEvent) => (e.type === 'outcome' ? e.risk : e.type);
export const ok = <KafkaSemanticsPlayground scenario="zombie-fenced" step={6} theme="auto" onEvent={onEvent} />;
// @ts-expect-error step is a number (an untyped module would let this through, and this line would fail)
export const wrong = <KafkaSemanticsPlayground step="six" />;
// @ts-expect-error theme is light, dark or auto
export const alsoWrong = <KafkaSemanticsPlayground theme="blue" />;
`;

test('npm run build:react ships types: a strict TypeScript host compiles, and wrong props are errors', () => {
  test.setTimeout(180_000);
  execFileSync('npm', ['run', '-s', 'build:react'], { stdio: 'pipe' });
  // Inside the checkout, so the host resolves react's types from node_modules as a docs site would.
  mkdirSync('test-results', { recursive: true });
  const dir = mkdtempSync(join(resolve('test-results'), 'react-types-'));
  writeFileSync(join(dir, 'host.tsx'), TYPED_HOST);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        jsx: 'react-jsx',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        target: 'ES2022',
        noEmit: true,
        skipLibCheck: false,
        types: [],
      },
      files: ['host.tsx'],
    }),
  );
  const tsc = resolve('node_modules/typescript/bin/tsc');
  let output = '';
  try {
    execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
  } catch (e) {
    output = (e as { stdout?: string }).stdout ?? String(e);
  }
  expect(output).toBe('');
  const types = readFileSync('dist/react/kafka-semantics-playground-react.d.ts', 'utf8');
  // One self-contained file: React is the only package it refers to (xstate, zustand… are bundled).
  expect([...types.matchAll(/from '([^.][^']*)'/g)].map((m) => m[1])).toEqual(['react']);
});
