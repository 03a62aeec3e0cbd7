import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The JavaScript a built page loads before anything lazy: its entry script and module preloads, gzipped. */
export function pageJs(dist: string, html: string): { bytes: number; files: string[] } {
  const text = readFileSync(join(dist, html), 'utf8');
  const files = [...text.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  const bytes = files.reduce((n, f) => n + gzipSync(readFileSync(join(dist, f))).length, 0);
  return { bytes, files };
}
