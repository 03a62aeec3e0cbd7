import { describe, expect, it } from 'vitest';
import { PRESETS } from '../scenarios/presets.ts';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { runCli } from '../cli/runner.ts';
import {
  ALL_SEMANTICS,
  AS_WRITTEN,
  LAB_CONFIGS,
  labConfigRefusal,
  labVariant,
  PresetMismatch,
  presetRefusal,
  underPreset,
} from './variants.ts';

const lso = scenarioById('lso-plain-record-behind-open-transaction') as Scenario;

describe('a scenario under a preset', () => {
  it('every producer application without settings of its own takes the preset’s (Compare and the lab compare like with like)', () => {
    const plain = (lso.producers ?? []).filter((p) => p.id === 'audit');
    const scenario: Scenario = { ...lso, producers: plain };
    const atMostOnce = underPreset(scenario, 'at-most-once');
    const acks = PRESETS['at-most-once'].config.producer?.acks;
    expect(String(atMostOnce.producers?.[0]?.config.acks)).toBe(String(acks));
    expect(atMostOnce.producers?.[0]?.config.retries).toBe(0);
    expect(underPreset(scenario, 'at-least-once').producers?.[0]?.config.retries).toBeGreaterThan(0);
  });

  it('a preset an application’s own settings contradict is refused in words, and the CLI says so as bad input', () => {
    expect(() => underPreset(lso, 'at-most-once')).toThrow(PresetMismatch);
    const r = runCli(['lab', lso.id, '--runs', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^At-most-once does not fit this scenario: producers\[0\] \(payments\)/);
  });

  it('says, before running, which presets a scenario refuses and why; the others fit', () => {
    // The lesson's two transactional-or-plain applications take none of the three presets.
    const refusals = ALL_SEMANTICS.map((s) => presetRefusal(lso, s));
    expect(refusals[0]).toMatch(
      /^At-most-once does not fit this scenario: producers\[0\] \(payments\): Cannot set a transactional\.id/,
    );
    expect(refusals.every((r) => r !== null)).toBe(true);
    // Its transactional application alone takes exactly-once and refuses the two others.
    const payments: Scenario = {
      ...lso,
      producers: (lso.producers ?? []).filter((p) => p.id === 'payments'),
    };
    const fits = ALL_SEMANTICS.filter((s) => presetRefusal(payments, s) === null);
    expect(fits).toEqual(['exactly-once']);
    for (const s of ALL_SEMANTICS)
      if (fits.includes(s)) expect(() => underPreset(payments, s)).not.toThrow();
      else expect(() => underPreset(payments, s)).toThrow(presetRefusal(payments, s) ?? '');
    const plain = scenarioById('alo-producer-ack-lost') as Scenario;
    expect(ALL_SEMANTICS.map((s) => presetRefusal(plain, s))).toEqual(ALL_SEMANTICS.map(() => null));
  });
});

describe('the scenario as written', () => {
  it('runs a scenario no preset fits under its own applications’ settings, from the CLI as on the page', () => {
    expect(LAB_CONFIGS.filter((c) => labConfigRefusal(lso, c) === null)).toEqual([AS_WRITTEN]);
    const r = runCli(['lab', lso.id, '--runs', '3', '--semantics', 'as-written', '--format', 'csv']);
    expect(r.code).toBe(0);
    const [header, row] = r.stdout.split('\n');
    expect(header).toMatch(/^semantics,runs,/);
    expect(row).toMatch(/^As written,3,/);
    // Its Markdown says why there is no transaction table instead of failing (exactly-once does not fit).
    const md = runCli(['lab', lso.id, '--runs', '2', '--semantics', 'as-written', '--format', 'md']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/No transaction cost table: Exactly-once does not fit this scenario/);
    // The same workload, unscripted: the lesson's crash is the lab's to draw, not a given.
    expect(labVariant(lso, AS_WRITTEN)).toMatchObject({ producers: lso.producers, script: [] });
  });
});
