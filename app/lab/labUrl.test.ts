import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_SETTINGS, labSettingsFromSearch, searchFor } from './labUrl.ts';
import { wantsLab } from './wantsLab.ts';

describe('the lab in the address bar', () => {
  it('round-trips the settings, writing only what differs from the defaults', () => {
    const settings = {
      runs: 500,
      seed: 7,
      model: { ...DEFAULT_LAB_SETTINGS.model, responseLoss: 0.1, brokerCrash: 0.001 },
      semantics: ['at-most-once', 'exactly-once'] as const,
    };
    const search = searchFor('?presenter=', settings);
    expect(search).toBe(
      '?presenter=&view=lab&runs=500&seed=7&response-loss=0.1&broker-crash=0.001&semantics=at-most-once,exactly-once',
    );
    expect(wantsLab(search)).toBe(true);
    expect(labSettingsFromSearch(search)).toEqual(settings);
    expect(searchFor('?view=lab', DEFAULT_LAB_SETTINGS)).toBe('?view=lab');
  });

  it('carries the scenario as written, and any choice of three that is not the default three', () => {
    const ownAndTwo = {
      ...DEFAULT_LAB_SETTINGS,
      semantics: ['at-most-once', 'at-least-once', 'as-written'] as const,
    };
    const search = searchFor('', ownAndTwo);
    expect(search).toBe('?view=lab&semantics=at-most-once,at-least-once,as-written');
    expect(labSettingsFromSearch(search)).toEqual(ownAndTwo);
  });

  it('leaving the lab takes its parameters out and keeps the others', () => {
    expect(searchFor('?view=lab&runs=5&theme=dark', null)).toBe('?theme=dark');
    expect(searchFor('?view=lab&seed=3', null)).toBe('');
  });

  it('opens with the defaults where a value does not read', () => {
    expect(
      labSettingsFromSearch('?view=lab&runs=0&seed=-1&request-loss=2&timeout=1e-3&semantics=twice'),
    ).toEqual(DEFAULT_LAB_SETTINGS);
    expect(labSettingsFromSearch('?runs=100001').runs).toBe(DEFAULT_LAB_SETTINGS.runs);
  });
});
