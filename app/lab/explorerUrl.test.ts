import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EXPLORER_SETTINGS,
  explorerSettingsFromSearch,
  withExplorerSettings,
} from './explorerUrl.ts';
import { DEFAULT_LAB_SETTINGS, searchFor } from './labUrl.ts';

describe('the explorer in the address bar', () => {
  it('round-trips its settings under the CLI’s names, writing only what differs from the defaults', () => {
    const settings = {
      guarantee: 'no-loss',
      semantics: 'exactly-once',
      faults: 3,
      crashes: 'brokers',
    } as const;
    const search = withExplorerSettings('?view=lab&runs=500', settings);
    expect(search).toBe('?view=lab&runs=500&guarantee=no-loss&faults=3&crashes=brokers&under=exactly-once');
    expect(explorerSettingsFromSearch(search)).toEqual(settings);
    expect(withExplorerSettings('?view=lab', DEFAULT_EXPLORER_SETTINGS)).toBe('?view=lab');
  });

  it('the Monte-Carlo settings keep the explorer’s; leaving the lab takes both out', () => {
    const search = '?view=lab&guarantee=order-kept&theme=dark';
    expect(searchFor(search, { ...DEFAULT_LAB_SETTINGS, runs: 50 })).toBe(
      '?guarantee=order-kept&theme=dark&view=lab&runs=50',
    );
    expect(searchFor(search, null)).toBe('?theme=dark');
  });

  it('opens with the defaults where a value does not read', () => {
    expect(explorerSettingsFromSearch('?guarantee=twice&faults=9&crashes=some&under=as-written')).toEqual(
      DEFAULT_EXPLORER_SETTINGS,
    );
    expect(explorerSettingsFromSearch('?faults=-1').faults).toBe(1);
  });
});
