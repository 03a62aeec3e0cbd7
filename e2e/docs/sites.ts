import { resolve } from 'node:path';
import type { Page } from '@playwright/test';

/** One built docs site: where it is served, its player page, and how a reader switches it to dark. */
export interface DocsSite {
  name: string;
  dir: string;
  serve: string;
  url: string;
  page: string;
  toggleDark: (page: Page) => Promise<void>;
}

const fixture = (name: string) => resolve(import.meta.dirname, '../docs-sites', name);

// Ports 4320-4329 are this suite's, apart from the main e2e suite's preview server.
const docusaurus = (build: 'babel' | 'faster', port: number): DocsSite => ({
  name: `docusaurus-${build}`,
  dir: fixture('docusaurus'),
  serve: `npx docusaurus serve --dir build-${build} --port ${port} --host 127.0.0.1 --no-open`,
  url: `http://127.0.0.1:${port}`,
  page: '/player',
  toggleDark: (page) => page.getByRole('button', { name: /Switch between dark and light mode/ }).click(),
});

export const DOCS_SITES: DocsSite[] = [
  {
    name: 'vitepress',
    dir: fixture('vitepress'),
    serve: 'npx vitepress preview docs --port 4320 --host 127.0.0.1',
    url: 'http://127.0.0.1:4320',
    page: '/player.html',
    toggleDark: (page) => page.locator('.VPNavBar .VPSwitchAppearance').locator('visible=true').click(),
  },
  docusaurus('babel', 4321),
  docusaurus('faster', 4322),
  {
    name: 'starlight',
    dir: fixture('starlight'),
    serve: 'npx astro preview --port 4323 --host 127.0.0.1',
    url: 'http://127.0.0.1:4323',
    page: '/player/',
    toggleDark: async (page) => {
      const select = page.locator('starlight-theme-select select').first();
      const now = await page.evaluate(() => document.documentElement.dataset.theme);
      await select.selectOption(now === 'dark' ? 'light' : 'dark');
    },
  },
];
