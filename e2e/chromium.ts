/**
 * Debian's Chromium, not a Playwright-downloaded build (the machines reach only npm and Debian), with
 * the flags every run uses: the e2e suite (playwright.config.ts) and the browser benchmarks.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
