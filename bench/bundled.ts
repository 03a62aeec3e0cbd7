/**
 * Runs a bench entry on the code as the browser gets it: bundled by rolldown (the bundler of the app's
 * Vite build, with its default transform), then run by a plain `node`, not under tsx.
 *
 * Why: tsx transforms each TypeScript file with esbuild's keepNames, which wraps every named function and
 * class in a `__name()` call (an Object.defineProperty each time a closure is created). The app's build
 * does not; in a CPU profile of the world bench under tsx those wrappers took about 3 % of the self time,
 * and more of what some handlers cost, so a bench under tsx measured code that is never shipped.
 *
 * Usage: `tsx bench/bundled.ts <bench entry> [more entries…] [-- args…]` (only this runner itself goes
 * through tsx). The first entry is run; the others are bundled beside it as `<name>.mjs`, for the bench to
 * start as worker threads (`new URL('./labWorker.mjs', import.meta.url)`), as the page's workers get their
 * code bundled too. Packages stay external and are loaded by node as they are published; they are plain
 * JavaScript already.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'rolldown';

const argv = process.argv.slice(2);
const dashes = argv.indexOf('--');
const entries = dashes < 0 ? argv : argv.slice(0, dashes);
const args = dashes < 0 ? [] : argv.slice(dashes + 1);
const [entry] = entries;
if (!entry) throw new Error('usage: tsx bench/bundled.ts <bench entry> [more entries…] [-- args…]');

// Inside the project, so that node finds the external packages from the bundle's own place.
const cache = join(import.meta.dirname, '..', 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'bench-bundled-'));
try {
  await build({
    input: entries,
    platform: 'node',
    // Bare specifiers (packages, node: builtins) are left to node; only the project's own files are bundled.
    external: /^[^./]/,
    logLevel: 'warn',
    // Code the entries share goes into chunks of its own, loaded once per thread like the page's chunks.
    output: { dir, format: 'esm', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
  });
  const file = join(dir, `${basename(entry, '.ts')}.mjs`);
  const { status, signal } = spawnSync(process.execPath, [file, ...args], { stdio: 'inherit' });
  process.exitCode = status ?? (signal ? 1 : 0);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
