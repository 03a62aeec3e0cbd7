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

/**
 * A playground page opened from a run link (`#run=…`, the speaker view's too) needs the link codec and the
 * catalog before its first render (app/main.tsx); loaded lazily, they would be fetched only once the
 * page's scripts had run. An inline script adds their module preloads when the address has a link, so
 * they download beside the page's own scripts. A first visit (no link) fetches them when idle instead.
 */
const preloadForLinks = (lazyEntries: readonly string[]): Plugin => ({
  name: 'preload-for-links',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler(html, { bundle, filename }) {
      if (!bundle || !filename.endsWith('index.html')) return html;
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const onPage = new Set([...html.matchAll(/"\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]));
      const files = new Set<string>();
      const add = (fileName: string) => {
        if (onPage.has(fileName) || files.has(fileName)) return;
        files.add(fileName);
        chunks.find((c) => c.fileName === fileName)?.imports.forEach(add);
      };
      for (const entry of lazyEntries) {
        const found = chunks.find((c) => c.moduleIds.includes(entry));
        if (!found) throw new Error(`preload-for-links: no chunk for ${entry}`);
        add(found.fileName);
      }
      const hrefs = JSON.stringify([...files].map((f) => `./${f}`));
      const script = `<script>if (/^#?run=/.test(location.hash)) for (const href of ${hrefs}) document.head.append(Object.assign(document.createElement('link'), { rel: 'modulepreload', href }));</script>`;
      return html.replace('</head>', `    ${script}\n  </head>`);
    },
  },
});

/**
 * The modules the playground page's entry reaches by static imports, i.e. what its first load must carry
 * (recorded as the build parses each module). The shared chunk takes only these: the embed also imports
 * statically what the playground page loads lazily (the catalog, the link codec, the partition log: an
 * embed's address may name any scenario, and it shows the log beside the diagram); tagged $initial through
 * the embed, they would otherwise land in the shared chunk and in the playground's first load.
 */
function staticallyReached(entry: string) {
  const imports = new Map<string, readonly string[]>();
  let reached: Set<string> | null = null;
  const plugin: Plugin = {
    name: 'statically-reached',
    apply: 'build',
    moduleParsed(info) {
      imports.set(info.id, info.importedIds);
      reached = null;
    },
  };
  const has = (id: string): boolean => {
    if (!reached) {
      const seen = new Set([entry]);
      for (const at of seen) for (const next of imports.get(at) ?? []) seen.add(next);
      reached = seen;
    }
    return reached.has(id);
  };
  return { plugin, has };
}
const playgroundPage = staticallyReached(resolve(import.meta.dirname, 'index.html'));

// One config for the app build and for Vitest (unit tests live next to the code in src/ and app/).
export default defineConfig({
  plugins: [
    react(),
    diagramCssModule(),
    alsoBuildElement(),
    lowPriorityScripts(),
    playgroundPage.plugin,
    preloadForLinks([
      resolve(import.meta.dirname, 'app/share/runLinks.ts'),
      resolve(import.meta.dirname, 'src/catalog.ts'),
    ]),
  ],
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
      // Only what the playground page itself reaches statically, though (staticallyReached above).
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'playground',
              tags: ['$initial'],
              minShareCount: 2,
              test: playgroundPage.has,
            },
          ],
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
