import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fault, Schedule } from '../lab/faults.ts';
import { applySchedule, documentWithSchedule, scheduleOf } from '../lab/schedule.ts';
import { LOST_ACK, scheduledAckDocument } from '../lab/scheduledAck.fixture.ts';
import { lessonOf } from '../lesson/lesson.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { outcome } from '../sim/ledger.ts';
import { runScenario } from '../sim/run.ts';
import { decodeRunLink, encodeRunLink } from './runLink.ts';
import { parseScenarioDocument, parseScenarioText } from './scenarioDocument.ts';

const withFaults = (faults: unknown) => scheduledAckDocument(faults, ['m1', 'm2']);

const messagesOf = (faults: unknown): string[] => {
  const parsed = parseScenarioDocument(withFaults(faults));
  return parsed.ok ? [] : parsed.errors.map((e) => e.message);
};

describe('a scenario document with a fault schedule', () => {
  it('keeps the schedule, and its lesson takes the faults where the schedule says', () => {
    const parsed = parseScenarioDocument(withFaults([LOST_ACK]));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.value.faults).toEqual([LOST_ACK]);
    const lesson = lessonOf(parsed.value);
    expect(lesson?.choices.filter((c) => c.startsWith('lose:'))).toHaveLength(1);
    expect(lesson?.unmatchedFaults).toBeUndefined();
    const run = applySchedule(parsed.value, [LOST_ACK]);
    expect(outcome(run.world).summary.risk).toBe('duplicates');
  });

  it('says which faults found nothing to hit', () => {
    const parsed = parseScenarioDocument(
      withFaults([LOST_ACK, { kind: 'lose-response', message: 'EndTxnResponse' }]),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(lessonOf(parsed.value)?.unmatchedFaults).toEqual(['lose the first EndTxnResponse']);
  });

  it('names each problem with its fault and field', () => {
    expect(messagesOf({ kind: 'crash' })).toEqual([
      'faults must be a list of at most 100 faults, got an object',
    ]);
    expect(messagesOf([{ kind: 'drop', message: 'Produce' }])[0]).toMatch(
      /^faults\[0\]\.kind must be one of "lose-request", .*, got "drop"$/,
    );
    expect(messagesOf([{ kind: 'lose-response', message: 'ProduceAck' }])[0]).toMatch(
      /^faults\[0\]\.message must be a Kafka response name, got "ProduceAck" \("ProduceResponse", /,
    );
    expect(messagesOf([{ kind: 'lose-request', message: 'ProduceResponse' }])[0]).toMatch(
      /^faults\[0\]\.message must be a Kafka request name, got "ProduceResponse" \("Produce", /,
    );
    expect(messagesOf([{ ...LOST_ACK, nth: 0 }])).toEqual([
      'faults[0].nth must be a whole number from 1 (the 1st) to 5,000, got 0',
    ]);
    expect(messagesOf([{ ...LOST_ACK, record: 'm9' }])).toEqual([
      'faults[0].record must be a record of the workload, got "m9" ("m1", "m2")',
    ]);
    expect(messagesOf([{ kind: 'crash', node: 'processor' }])[0]).toMatch(
      /^faults\[0\]\.node must be one of the scenario's participants, got "processor" \("producer", .*"consumer"/,
    );
    expect(messagesOf([{ kind: 'crash', node: 'consumer', after: 'proces' }])[0]).toMatch(
      /^faults\[0\]\.after must be an application's call, got "proces" \("send", /,
    );
    expect(messagesOf([{ kind: 'restart' }])).toEqual([
      'faults[0].node is missing; a "restart" fault names it',
    ]);
    expect(messagesOf([{ kind: 'restart', node: 'consumer', record: 'm1' }])).toEqual([
      '"record" is not a field of a "restart" fault; its fields are "node"',
    ]);
    expect(messagesOf([LOST_ACK, 'lose the ack'])).toEqual([
      'faults[1] must be a fault: an object with a "kind", got "lose the ack"',
    ]);
  });

  it('is refused beside a script: one or the other says where the faults are', () => {
    const doc = { ...withFaults([LOST_ACK]), script: [{ action: 'lose:ProduceResponse' }] };
    const parsed = parseScenarioDocument(doc);
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.path)).toEqual(['faults']);
  });

  it('travels in a file and a link and replays identically', () => {
    const fault = fc.constantFrom<Fault>(
      LOST_ACK,
      { kind: 'lose-request', message: 'Produce', record: 'm2' },
      { kind: 'lose-response', message: 'FetchResponse', nth: 1 },
      { kind: 'crash', node: 'consumer', after: 'process', record: 'm1' },
      { kind: 'timeout', request: 'Produce', record: 'm2' },
      { kind: 'error-response', request: 'Produce', error: 'NOT_LEADER_OR_FOLLOWER', nth: 2 },
      { kind: 'crash', node: 'broker-1' },
    );
    fc.assert(
      fc.property(fc.array(fault, { minLength: 1, maxLength: 3 }), (schedule: Schedule) => {
        const doc = withFaults(schedule);
        const original = parseScenarioDocument(doc);
        const file = parseScenarioText(JSON.stringify(doc, null, 2));
        const link = decodeRunLink(encodeRunLink({ v: 1, scenario: doc, choices: [], step: 0 }));
        if (!original.ok || !file.ok || !link.ok) throw new Error('a valid schedule was refused');
        const linked = parseScenarioDocument(link.value.scenario);
        if (!linked.ok) throw new Error('the link lost the schedule');
        const choices = lessonOf(original.value)?.choices;
        expect(choices).toBeDefined();
        expect(lessonOf(file.value)?.choices).toEqual(choices);
        expect(lessonOf(linked.value)?.choices).toEqual(choices);
        expect(linked.value.faults).toEqual(schedule);
      }),
      { numRuns: 8 },
    );
  }, 60_000);

  it.each(
    SCENARIOS.filter((x) => x.script?.length)
      .slice(0, 6)
      .map((x) => [x.id, x]),
  )(
    "%s: a run's faults, turned into a schedule and carried in a file, replay the same run",
    (_id, scenario) => {
      const choices = runScenario(scenario).steps.map((st) => st.action);
      const doc = documentWithSchedule(scenario, scheduleOf(scenario, choices));
      const parsed = parseScenarioText(JSON.stringify(doc));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      expect(lessonOf(parsed.value)?.choices).toEqual(choices);
    },
    60_000,
  );
});
