import { ALL_SEMANTICS, LAB_CONFIGS, type FaultModel, type LabConfig } from '../../src/analysis.ts';
import { EXPLORER_PARAMS } from './explorerUrl.ts';

/**
 * The lab in the address bar: `?view=lab&runs=500&seed=7&response-loss=0.05&semantics=at-most-once,exactly-once`
 * beside the run's `#run=1.…` (which carries the scenario and its configuration), so a lab page can be
 * reloaded and shared. The names are the CLI's (`npm run sim -- lab --runs 500 --response-loss 0.05`).
 * A value that does not read is left at its default: the page opens anyway.
 */

export interface LabSettings {
  runs: number;
  seed: number;
  model: FaultModel;
  /** The presets, and `as-written` for the scenario's own settings. */
  semantics: readonly LabConfig[];
}

export const MAX_RUNS = 100_000;

export const DEFAULT_LAB_SETTINGS: LabSettings = {
  runs: 200,
  seed: 1,
  model: { requestLoss: 0.02, responseLoss: 0.05, brokerCrash: 0, processingCrash: 0.05, timeout: 0.02 },
  semantics: ALL_SEMANTICS,
};

/** Each rate's parameter, as the CLI names its option. */
const RATE_PARAMS: Record<keyof FaultModel, string> = {
  requestLoss: 'request-loss',
  responseLoss: 'response-loss',
  brokerCrash: 'broker-crash',
  processingCrash: 'processing-crash',
  timeout: 'timeout',
};
const LAB_PARAMS = ['runs', 'seed', 'semantics', ...Object.values(RATE_PARAMS)];

const DECIMAL = /^\d+(\.\d+)?$/;

function wholeNumber(text: string | null, min: number, max: number): number | undefined {
  if (text === null || !/^\d{1,9}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

function probability(text: string | null): number | undefined {
  if (text === null || !DECIMAL.test(text)) return undefined;
  const n = Number(text);
  return n <= 1 ? n : undefined;
}

/** The lab's settings from the address's query; defaults where a value is missing or does not read. */
export function labSettingsFromSearch(search: string): LabSettings {
  const params = new URLSearchParams(search);
  const d = DEFAULT_LAB_SETTINGS;
  const model = { ...d.model };
  for (const [key, param] of Object.entries(RATE_PARAMS) as [keyof FaultModel, string][])
    model[key] = probability(params.get(param)) ?? d.model[key];
  const named = params.get('semantics')?.split(',') ?? [];
  const semantics = LAB_CONFIGS.filter((s) => named.includes(s));
  return {
    runs: wholeNumber(params.get('runs'), 1, MAX_RUNS) ?? d.runs,
    seed: wholeNumber(params.get('seed'), 0, 2 ** 31 - 1) ?? d.seed,
    model,
    semantics: semantics.length > 0 ? semantics : d.semantics,
  };
}

/**
 * The query for the page: `view=lab` and the lab's settings (those that differ from the defaults) while
 * the lab is shown, none of them otherwise; any other parameter is kept.
 */
export function searchFor(search: string, lab: LabSettings | null): string {
  const params = new URLSearchParams(search);
  // Leaving the lab takes the explorer's settings out too; changing the Monte-Carlo settings keeps them.
  for (const p of ['view', ...LAB_PARAMS, ...(lab ? [] : EXPLORER_PARAMS)]) params.delete(p);
  if (lab) {
    const d = DEFAULT_LAB_SETTINGS;
    params.set('view', 'lab');
    if (lab.runs !== d.runs) params.set('runs', String(lab.runs));
    if (lab.seed !== d.seed) params.set('seed', String(lab.seed));
    for (const [key, param] of Object.entries(RATE_PARAMS) as [keyof FaultModel, string][])
      if (lab.model[key] !== d.model[key]) params.set(param, String(lab.model[key]));
    const chosen = lab.semantics.join(',');
    if (chosen !== d.semantics.join(',')) params.set('semantics', chosen);
  }
  const text = params.toString().replace(/%2C/g, ',');
  return text === '' ? '' : `?${text}`;
}

/** Puts `search` in the address bar, keeping the path and the run's hash (no history entry). */
export function replaceSearch(search: string): void {
  if (search === location.search) return;
  history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
}
