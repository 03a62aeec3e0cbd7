/**
 * Before/after for the simulation benches (world.bench.ts, lab.bench.ts): BENCH_SAVE=file.json keeps
 * this run's figures, one section per bench in the same file; BENCH_BEFORE=file.json prints a saved
 * run's figures beside this run's. Run the benches on the old commit with BENCH_SAVE, then on the new
 * one with BENCH_BEFORE.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

/** A bench's headline figures by name, e.g. "play to rest: steps/s (p50)" → 19399. */
export type Figures = Record<string, string | number>;

const loadNow = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function readSections(file: string): Record<string, Figures> {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, Figures>) : {};
}

/** Saves (BENCH_SAVE) and prints beside a saved run (BENCH_BEFORE) the figures of bench `section`. */
export function beside(section: string, figures: Figures): void {
  const withLoad: Figures = { ...figures, 'load average (1, 5, 15 min)': loadNow() };
  const saveTo = process.env['BENCH_SAVE'];
  if (saveTo)
    writeFileSync(saveTo, JSON.stringify({ ...readSections(saveTo), [section]: withLoad }, null, 2));
  const beforeFile = process.env['BENCH_BEFORE'];
  if (!beforeFile) return;
  const before = readSections(beforeFile)[section] ?? {};
  const table: Record<string, { before: string | number; after: string | number }> = {};
  for (const key of Object.keys(withLoad))
    table[key] = { before: before[key] ?? '—', after: withLoad[key] ?? '—' };
  console.log(`\n${section}: before (BENCH_BEFORE) and after (this run)`);
  console.table(table);
}
