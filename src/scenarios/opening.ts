import { SCENARIO_FORMAT, SCENARIO_VERSION, type ScenarioDocument } from './types.ts';

type Doc = Omit<ScenarioDocument, 'format' | 'version'>;
export const doc = (d: Doc): ScenarioDocument => ({
  format: SCENARIO_FORMAT,
  version: SCENARIO_VERSION,
  ...d,
});

export const plainConsumer = { 'enable.auto.commit': false, 'auto.offset.reset': 'earliest' as const };

/**
 * The lesson the playground opens with, apart from the rest of the catalog (catalog.ts, where it keeps
 * its place): a first visit needs this one scenario, and the page loads the others after its first paint.
 */
export const OPENING: ScenarioDocument = doc({
  id: 'alo-producer-ack-lost',
  title: 'At-least-once producer: the ack is lost, the retry duplicates',
  chapter: 'at-least-once',
  description: 'The leader appends m1, the ack is lost, the producer retries: the log holds m1 twice.',
  pipeline: 'produce-consume',
  config: {
    producer: {
      acks: 'all',
      'enable.idempotence': false,
      retries: 5,
      'max.in.flight.requests.per.connection': 1,
    },
    consumer: plainConsumer,
  },
  workload: { records: ['m1'] },
  script: [
    {
      action: 'lose:ProduceResponse',
      tryThis: 'Lose the ack for m1 and press Next.',
      notes:
        'Before pressing Next, ask: did the write succeed? (Yes: the leader has m1. The producer just cannot know.)',
    },
  ],
  notes:
    'The leader has appended m1; only the answer is lost. A producer cannot tell a lost request from a lost answer, so it retries, and without idempotence the leader appends m1 again. Afterwards open Compare semantics: under exactly-once the same fault is absorbed.',
  climax: {
    at: 'deliver:Produce#2',
    callout:
      'm1 appended again at offset 1: a second copy. Without idempotence the leader cannot tell a retry from a new record.',
  },
  expected: { risk: 'duplicates', verdicts: { m1: 'duplicated' } },
});
