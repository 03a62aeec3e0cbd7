/**
 * The Node-only part of the public API: the headless runner, which reads scenario files and writes its
 * output. Kept out of ./index.ts so that no page bundle pulls in node:fs. app/static (server-side
 * rendering for `npm run sim`) is the one part of app/ that may import it.
 */
export { main, runCli, type CliResult } from './cli/runner.ts';
