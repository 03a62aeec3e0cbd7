import { SCENARIO_FORMAT, SCENARIO_VERSION, type ScenarioDocument } from '../scenarios/types.ts';
import type { Fault } from './faults.ts';

/** The fault the schedule tests lose: the ack of m1's first Produce. */
export const LOST_ACK: Fault = { kind: 'lose-response', message: 'ProduceResponse', record: 'm1', nth: 1 };

/**
 * At-least-once with no script (Next is the natural path), whose faults come from `faults` when given:
 * what the schedule tests open as a file, a link or on the page. `faults` is whatever the test feeds the
 * validator, right or wrong.
 */
export function scheduledAckDocument(faults?: unknown, records = ['m1']): ScenarioDocument {
  return {
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    id: 'scheduled-ack',
    title: 'A lost ack, by schedule',
    chapter: 'at-least-once',
    description: 'The ack for m1 is lost wherever it is.',
    pipeline: 'produce-consume',
    config: { producer: { acks: 'all', 'enable.idempotence': false } },
    workload: { records },
    ...(faults === undefined ? {} : { faults: faults as Fault[] }),
  };
}
