import { type Semantics } from '../../src/index.ts';
import { ALL_SEMANTICS, isGuarantee, type Guarantee } from '../../src/analysis.ts';

/**
 * The explorer's settings in the address bar, beside the Monte-Carlo lab's (`labUrl.ts`), under the CLI's
 * names: `?view=lab&guarantee=no-loss&faults=2&crashes=brokers&under=exactly-once` is
 * `npm run sim -- explore <scenario> --guarantee no-loss --faults 2 --crashes brokers --semantics exactly-once`
 * (`under`, since the Monte-Carlo lab's `semantics` is a list). Only what differs from the defaults is
 * written; a value that does not read opens at its default.
 */

export interface ExplorerSettings {
  guarantee: Guarantee;
  /** A preset, or null for the scenario's own configuration. */
  semantics: Semantics | null;
  faults: number;
  crashes: 'all' | 'brokers';
}

/** The explorer's bound on faults (the CLI's is the same): the search grows about tenfold with each. */
export const MAX_EXPLORER_FAULTS = 5;

export const DEFAULT_EXPLORER_SETTINGS: ExplorerSettings = {
  guarantee: 'no-duplicates',
  semantics: null,
  faults: 1,
  crashes: 'all',
};

export const EXPLORER_PARAMS = ['guarantee', 'faults', 'crashes', 'under'] as const;

export function explorerSettingsFromSearch(search: string): ExplorerSettings {
  const params = new URLSearchParams(search);
  const d = DEFAULT_EXPLORER_SETTINGS;
  const guarantee = params.get('guarantee') ?? '';
  const faults = params.get('faults') ?? '';
  const under = params.get('under') ?? '';
  const crashes = params.get('crashes');
  return {
    guarantee: isGuarantee(guarantee) ? guarantee : d.guarantee,
    semantics: (ALL_SEMANTICS as readonly string[]).includes(under) ? (under as Semantics) : d.semantics,
    faults: /^\d$/.test(faults) && Number(faults) <= MAX_EXPLORER_FAULTS ? Number(faults) : d.faults,
    crashes: crashes === 'brokers' || crashes === 'all' ? crashes : d.crashes,
  };
}

/** `search` with the explorer's settings written (those that differ from the defaults); others kept. */
export function withExplorerSettings(search: string, settings: ExplorerSettings): string {
  const params = new URLSearchParams(search);
  for (const p of EXPLORER_PARAMS) params.delete(p);
  const d = DEFAULT_EXPLORER_SETTINGS;
  if (settings.guarantee !== d.guarantee) params.set('guarantee', settings.guarantee);
  if (settings.faults !== d.faults) params.set('faults', String(settings.faults));
  if (settings.crashes !== d.crashes) params.set('crashes', settings.crashes);
  if (settings.semantics !== null) params.set('under', settings.semantics);
  const text = params.toString().replace(/%2C/g, ',');
  return text === '' ? '' : `?${text}`;
}
