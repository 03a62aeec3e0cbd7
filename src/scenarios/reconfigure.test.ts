import { describe, expect, it } from 'vitest';
import { scenarioById } from './index.ts';
import { reconfigured } from './reconfigure.ts';
import type { Scenario } from './types.ts';

const lesson = scenarioById('lso-plain-record-behind-open-transaction') as Scenario;

describe('a scenario with producer applications, under another configuration', () => {
  it('gives every application the new producer default it does not set itself', () => {
    const r = reconfigured(lesson, { ...lesson.configInput, producer: { 'request.timeout.ms': 20000 } });
    expect(r.ok && r.scenario.producers?.map((p) => [p.id, p.config.requestTimeoutMs])).toEqual([
      ['payments', 20000],
      ['audit', 20000],
    ]);
  });

  it('refuses a default that breaks Kafka’s rules for one application, naming it', () => {
    const r = reconfigured(lesson, { ...lesson.configInput, producer: { 'enable.idempotence': false } });
    expect(r.ok ? [] : r.issues.map((i) => i.message)).toEqual([
      'producers[0] (payments): Cannot set a transactional.id without also enabling idempotence.',
    ]);
  });
});
