import { resolve } from 'node:path';
import { build, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { diagramCssModule } from './app/static/diagramCssPlugin.ts';

/**
 * After the pages are built, build the custom element's single script too (vite.element.config.ts), so a
 * plain `vite build` leaves everything the host pages and the e2e tests load in dist/.
 */
const alsoBuildElement = (): Plugin => ({
  name: 'also-build-element',
  apply: 'build',
  async closeBundle() {
    await build({ configFile: resolve(import.meta.dirname, 'vite.element.config.ts'), logLevel: 'warn' });
  },
});

/**
 * The pages' scripts and their module preloads at low fetch priority. The first paint needs only the HTML
 * and its CSS (index.html paints the header and the intro itself); at the default high priority the
 * JavaScript (~190 KB gzip) shared a slow link with the CSS and held the first paint back by its own
 * download time (Lighthouse mobile: First Contentful Paint 2.2 s, 0.9 s with this).
 */
const lowPriorityScripts = (): Plugin => ({
  name: 'low-priority-scripts',
  apply: 'build',
  transformIndexHtml: {
    // After Vite has added the module preloads.
    order: 'post',
    handler: (html) =>
      html.replace(
        /<(script type="module"|link rel="modulepreload")(?![^>]*fetchpriority)/g,
        '<$1 fetchpriority="low"',
      ),
  },
});

// One config for the app build and for Vitest (unit tests live next to the code in src/ and app/).
export default defineConfig({
  plugins: [react(), diagramCssModule(), alsoBuildElement(), lowPriorityScripts()],
  base: './',
  build: {
    outDir: 'dist',
    sourcemap: true,
    // The playground and the embed page (minimal chrome, for iframes) share their chunks.
    rolldownOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        embed: resolve(import.meta.dirname, 'embed.html'),
      },
      // What a page loads before its first paint, in one chunk shared by the playground and the embed
      // page plus each page's own entry: the modules statically imported by a page ($initial) and used
      // by more than one chunk. Left alone, rolldown cut them by which lazy panels also use them, into a
      // dozen small chunks: each another request on a slow network, and its own gzip window.
      output: {
        codeSplitting: {
          groups: [{ name: 'playground', tags: ['$initial'], minShareCount: 2 }],
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'app/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Tests check behaviour, not speed (that is the benchmarks'): a property test that takes 2 s alone
    // takes 8 s on two cores shared with a build, and must not fail for it.
    testTimeout: 30_000,
  },
});
