import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../chromium.ts';
import { DOCS_SITES } from './sites.ts';

/**
 * The player inside real docs sites (e2e/docs-sites), built by scripts/docs-sites.sh, each served by its
 * generator's own preview server. Run through `npm run test:docs`, which installs and builds them first.
 */
export default defineConfig({
  testDir: '.',
  fullyParallel: true,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS }, trace: 'off' },
  projects: DOCS_SITES.map((site) => ({ name: site.name, use: { baseURL: site.url } })),
  webServer: DOCS_SITES.map((site) => ({
    command: site.serve,
    cwd: site.dir,
    url: site.url + site.page,
    reuseExistingServer: false,
    timeout: 60_000,
  })),
});
