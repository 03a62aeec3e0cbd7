import { replay } from '../sim/run.ts';
import type { Scenario } from '../scenarios/types.ts';
import { breach, type Guarantee } from './guarantees.ts';

/**
 * A failing lab run's break in one sentence, as the explorer says it: "m1 never reached consumer".
 * A loss under exactly-once needs its reason, or it reads as a broken guarantee: the transaction timed
 * out, the coordinator fenced the producer's epoch, PRODUCER_FENCED is fatal, and the application
 * closed the producer — the KafkaProducer javadoc's transactional loop does not send again.
 */
export function failureWhy(variant: Scenario, choices: readonly string[], guarantee: Guarantee): string {
  const world = replay(variant, choices);
  const what = breach(world, guarantee)?.what ?? '';
  const closed = world.steps.some((s) => s.events.some((e) => e.kind === 'app' && e.name === 'close'));
  return guarantee === 'no-loss' && closed
    ? `${what}: the producer was fenced (fatal) and the application closed it, as the KafkaProducer javadoc’s loop does, without sending again`
    : what;
}
