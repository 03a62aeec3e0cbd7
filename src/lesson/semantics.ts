import type { ProducerApplication, Scenario } from '../scenarios/types.ts';
import type { RunSummary } from '../sim/ledger.ts';

/**
 * A run's delivery semantics, derived from its configuration alone: which row of the seeds' table it
 * belongs to, what it risks within Kafka, and the caveats that keep the row honest. One function, so the
 * ledger, the table and the code panel can never disagree about what a configuration promises.
 */

export type Family = 'at-most-once' | 'at-least-once' | 'exactly-once';
export type Risk = RunSummary['risk'];

/** One row of the seeds' table: "Mode · Risk · Guarantee", with when to use it. */
export interface SemanticsRow {
  family: Family;
  risk: 'loss' | 'duplicates' | 'none';
  guarantee: string;
  whenToUse: string;
}

export const SEMANTICS_TABLE: readonly SemanticsRow[] = [
  {
    family: 'at-most-once',
    risk: 'loss',
    guarantee: 'Fastest',
    whenToUse: 'Metrics and logs that can tolerate loss',
  },
  {
    family: 'at-least-once',
    risk: 'duplicates',
    guarantee: 'Reliable',
    whenToUse: 'Payment pipelines with de-duplication downstream',
  },
  {
    family: 'exactly-once',
    risk: 'none',
    guarantee: 'Precise but heavier',
    whenToUse: 'Financial transactions and inventory updates, where duplicates cannot be tolerated',
  },
];

/** What a caveat puts at stake: it explains a run that shows this although its row promises less. */
export type CaveatKind = 'loss' | 'duplicates' | 'order';

export interface Caveat {
  kind: CaveatKind;
  text: string;
}

/** One hop of the pipeline: the producer's writes, or the consuming application's reads and commits. */
export interface HopSemantics {
  family: Family;
  mode: string;
  guarantee: string;
}

export interface DeliverySemantics {
  /** The seeds' row of the whole pipeline: the weaker of its two hops. */
  family: Family;
  producer: HopSemantics;
  consumer: HopSemantics;
  /** The row's name, or each hop's where they differ, qualified where a form is intermediate. */
  mode: string;
  /** What the configuration can produce within Kafka (a run shows it only when the fault happens). */
  risk: Risk;
  /** The seeds' word for the row, never without what it does not cover. */
  guarantee: string;
  whenToUse: string;
  caveats: Caveat[];
}

export const IDEMPOTENT_ONLY = 'idempotent producer: no duplicates from retries within one producer session';

const row = (family: Family): SemanticsRow =>
  SEMANTICS_TABLE.find((r) => r.family === family) as SemanticsRow;

function riskOf(kinds: readonly CaveatKind[]): Risk {
  const loss = kinds.includes('loss');
  const duplicates = kinds.includes('duplicates');
  return loss && duplicates ? 'loss and duplicates' : loss ? 'loss' : duplicates ? 'duplicates' : 'none';
}

/** The producer → broker hop: what acks, retries, idempotence and transactions leave at risk. */
function writeCaveats(s: Pick<Scenario, 'config' | 'pipeline'>, reader: string): Caveat[] {
  const p = s.config.producer;
  const out: Caveat[] = [];
  if (p.acks === 0)
    out.push({
      kind: 'loss',
      text: 'acks=0: the producer never hears back, so a lost write is lost silently (retries has no effect).',
    });
  else if (p.retries === 0)
    out.push({ kind: 'loss', text: 'retries=0: a write that fails or times out is given up.' });
  if (p.acks === 1)
    out.push({
      kind: 'loss',
      text: 'acks=1 risks loss on leader failover: the leader acknowledges before any follower has the record.',
    });
  if (p.acks !== 0 && p.retries > 0 && !p.idempotence) {
    out.push({
      kind: 'duplicates',
      text: 'Retries without idempotence: a retry after a lost acknowledgement writes the record again.',
    });
    if (p.maxInFlight > 1)
      out.push({
        kind: 'order',
        text: `Retries with ${p.maxInFlight} requests in flight and no idempotence can reorder records.`,
      });
  }
  if (p.idempotence && p.transactionalId === null)
    out.push({
      kind: 'duplicates',
      text: `${IDEMPOTENT_ONLY}; a restarted producer re-sending gets a new producer id, and those duplicates it cannot see.`,
    });
  if (p.transactionalId !== null && readerIsolation(s) === 'read_uncommitted')
    out.push({
      kind: 'duplicates',
      text: `The ${reader} reads with read_uncommitted: it sees the data of aborted transactions too.`,
    });
  if (s.config.broker.uncleanLeaderElection)
    out.push({
      kind: 'loss',
      text: 'unclean.leader.election.enable=true: an out-of-sync replica may lead, and committed records can vanish.',
    });
  return out;
}

/** Who reads what the producer wrote: the consumer, or the downstream reader of the processor's output. */
function readerIsolation(s: Pick<Scenario, 'config' | 'pipeline'>): 'read_committed' | 'read_uncommitted' {
  return s.pipeline === 'consume-transform-produce'
    ? s.config.downstreamIsolation
    : s.config.consumer.isolationLevel;
}

/** Whether the consumed offsets are committed inside the producer's transaction (consume–transform–produce). */
const offsetsInTransaction = (s: Pick<Scenario, 'config' | 'pipeline'>) =>
  s.pipeline === 'consume-transform-produce' && s.config.producer.transactionalId !== null;

/** The broker → application hop: where the loop commits the consumed offsets. */
function readCaveats(s: Pick<Scenario, 'config' | 'pipeline'>): Caveat[] {
  const c = s.config.consumer;
  if (offsetsInTransaction(s))
    return c.autoCommit
      ? [
          {
            kind: 'loss',
            text: 'enable.auto.commit=true also commits offsets in poll(), outside the transaction: the input of a transaction that then aborts can be skipped. Exactly-once needs it false.',
          },
        ]
      : [];
  const exactlyOnceWrites = s.config.producer.idempotence;
  const consumerSide = exactlyOnceWrites ? 'duplicates possible on the consumer side' : 'a crash replays';
  if (handsOffToWorker(s))
    return [
      {
        kind: 'loss',
        text: `${c.autoCommit ? 'enable.auto.commit=true' : 'commitSync()'} with a worker thread commits what poll() handed over, processed or not: a crash loses the records the worker had not finished.`,
      },
      {
        kind: 'duplicates',
        text: 'What the worker finished after the last auto-commit is processed again after a crash.',
      },
    ];
  if (c.autoCommit)
    return [
      {
        kind: 'duplicates',
        text: `enable.auto.commit=true commits in poll() what earlier polls returned: ${consumerSide} (records processed again after a crash).`,
      },
    ];
  if (c.commit === 'before-processing')
    return [
      {
        kind: 'loss',
        text: 'The consumer commits before processing: a crash loses the records it had not processed yet.',
      },
    ];
  return [
    {
      kind: 'duplicates',
      text: exactlyOnceWrites
        ? 'The consumer uses commitSync() after processing: duplicates possible on the consumer side (a crash before the commit processes records again).'
        : 'The consumer commits after processing: a crash before the commit processes records again.',
    },
  ];
}

/** The poll loop hands its records to a worker thread (`processing: worker-thread`; produce–consume only). */
const handsOffToWorker = (s: Pick<Scenario, 'config' | 'pipeline'>) =>
  s.pipeline === 'produce-consume' && s.config.consumer.processing === 'worker-thread';

const OUTSIDE_KAFKA: Caveat = {
  kind: 'duplicates',
  text: 'Effects outside Kafka (a charged card, an inventory update) are not covered: processing may run again.',
};

const ORDER: readonly Family[] = ['at-most-once', 'at-least-once', 'exactly-once'];
const weaker = (a: Family, b: Family): Family => (ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b);

function producerHop(s: Pick<Scenario, 'config' | 'pipeline'>): HopSemantics {
  const p = s.config.producer;
  if (p.acks === 0 || p.retries === 0)
    return {
      family: 'at-most-once',
      mode: `at-most-once producer (${p.acks === 0 ? 'acks=0' : 'retries=0'})`,
      guarantee: 'fastest writes: a failed write is given up',
    };
  const leaderOnly = p.acks === 1 ? ', but acks=1 risks loss on leader failover' : '';
  if (!p.idempotence)
    return {
      family: 'at-least-once',
      mode: `at-least-once producer${p.acks === 1 ? ' (acks=1)' : ''}`,
      guarantee: `reliable writes, retried until acknowledged${leaderOnly}`,
    };
  if (p.transactionalId === null)
    return {
      family: 'exactly-once',
      mode: IDEMPOTENT_ONLY,
      guarantee: 'precise for retries within one producer session',
    };
  return readerIsolation(s) === 'read_uncommitted'
    ? {
        family: 'at-least-once',
        mode: 'transactional producer, read with read_uncommitted',
        guarantee: 'atomic writes, but read_uncommitted readers see aborted data',
      }
    : {
        family: 'exactly-once',
        mode: 'exactly-once producer (transactional)',
        guarantee: 'precise, atomic writes',
      };
}

function consumerHop(s: Pick<Scenario, 'config' | 'pipeline'>): HopSemantics {
  const c = s.config.consumer;
  if (offsetsInTransaction(s))
    return c.autoCommit
      ? {
          family: 'at-most-once',
          mode: 'offsets also auto-committed outside the transaction',
          guarantee: 'poll() may commit input whose transaction then aborts',
        }
      : {
          family: 'exactly-once',
          mode: 'offsets committed in the transaction',
          guarantee: 'input offsets commit atomically with the output',
        };
  if (handsOffToWorker(s))
    return {
      family: 'at-most-once',
      mode: `${c.autoCommit ? 'auto-commit' : 'commitSync()'} consumer with a worker thread`,
      guarantee: `at-most-once in practice, although ${c.autoCommit ? 'auto-commit' : 'committing after the loop'} looks like at-least-once: ${c.autoCommit ? 'poll()' : 'commitSync()'} commits records the worker has not processed`,
    };
  if (c.autoCommit)
    return {
      family: 'at-least-once',
      mode: 'auto-commit consumer (commits in poll())',
      guarantee: 'duplicates possible on the consumer side (a crash replays)',
    };
  if (c.commit === 'before-processing')
    return {
      family: 'at-most-once',
      mode: 'consumer commits before processing',
      guarantee: 'a consumer crash loses what it had not processed',
    };
  return {
    family: 'at-least-once',
    mode: 'commitSync() consumer, after processing',
    guarantee: 'duplicates possible on the consumer side (a crash replays)',
  };
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Both hops are the row's plain form, so the row's name says it all; otherwise each hop speaks. */
function oneRow(producer: HopSemantics, consumer: HopSemantics, s: Pick<Scenario, 'config'>): boolean {
  const p = s.config.producer;
  const plainProducer = !p.idempotence || (p.transactionalId !== null && producer.family === 'exactly-once');
  return producer.family === consumer.family && plainProducer;
}

function modeOf(producer: HopSemantics, consumer: HopSemantics, s: Pick<Scenario, 'config'>): string {
  if (!oneRow(producer, consumer, s)) return `${producer.mode} · ${consumer.mode}`;
  return producer.family === 'at-least-once' && s.config.producer.acks === 1
    ? 'at-least-once (acks=1)'
    : producer.family;
}

function guaranteeOf(producer: HopSemantics, consumer: HopSemantics, s: Pick<Scenario, 'config'>): string {
  const unclean = s.config.broker.uncleanLeaderElection
    ? '; unclean leader election can lose committed records'
    : '';
  if (!oneRow(producer, consumer, s))
    return capitalised(`${producer.guarantee}; ${consumer.guarantee}${unclean}`);
  const family = producer.family;
  const word = row(family).guarantee;
  if (family === 'at-least-once' && s.config.producer.acks === 1)
    return `${word} only while the leader lives: acks=1 risks loss on leader failover${unclean}`;
  return `${family === 'exactly-once' ? `${word}, within Kafka` : word}${unclean}`;
}

type SemanticsSource = Pick<Scenario, 'config' | 'pipeline'> & {
  producers?: readonly Pick<ProducerApplication, 'label' | 'config'>[] | undefined;
};

/** The scenario as one producer application sees it: its own producer settings. */
const asApplication = (
  s: SemanticsSource,
  app: Pick<ProducerApplication, 'config'>,
): Pick<Scenario, 'config' | 'pipeline'> => ({
  pipeline: s.pipeline,
  config: { ...s.config, producer: app.config },
});

/**
 * The producer side of several applications with settings of their own: the weakest of them decides
 * the family (a chain is as strong as its weakest writer), and each is named in the words.
 */
function applicationsHop(s: SemanticsSource, apps: readonly Pick<ProducerApplication, 'label' | 'config'>[]) {
  const hops = apps.map((app) => ({ label: app.label, hop: producerHop(asApplication(s, app)) }));
  const same = hops.every((h) => h.hop.mode === hops[0]?.hop.mode);
  const named = (part: (h: HopSemantics) => string) =>
    same ? part(hops[0]?.hop as HopSemantics) : hops.map((h) => `${h.label}: ${part(h.hop)}`).join('; ');
  return {
    family: hops.map((h) => h.hop.family).reduce(weaker),
    mode: named((h) => h.mode),
    guarantee: named((h) => h.guarantee),
  };
}

/** Each application's write caveats, said once (a caveat two applications share is not repeated). */
function applicationsCaveats(
  s: SemanticsSource,
  apps: readonly Pick<ProducerApplication, 'label' | 'config'>[],
  reader: string,
): Caveat[] {
  const seen = new Set<string>();
  return apps.flatMap((app) =>
    writeCaveats(asApplication(s, app), reader)
      .map((c) => ({ ...c, text: `${app.label}: ${c.text}` }))
      .filter((c) => !seen.has(c.text) && seen.add(c.text)),
  );
}

/** The run's delivery semantics, from its validated configuration and pipeline. */
export function deliverySemantics(s: SemanticsSource): DeliverySemantics {
  const reader = s.pipeline === 'consume-transform-produce' ? 'downstream reader' : 'consumer';
  // Several applications with settings of their own are judged each by its own settings.
  const apps = s.producers && s.producers.length > 1 ? s.producers : null;
  const producer = apps ? applicationsHop(s, apps) : producerHop(s);
  const consumer = consumerHop(s);
  const family = weaker(producer.family, consumer.family);
  const writes = apps ? applicationsCaveats(s, apps, reader) : writeCaveats(s, reader);
  const kafka = [...writes, ...readCaveats(s)];
  // Effects outside Kafka are the verdict's business: the row's risk is what Kafka itself may do.
  const risk = riskOf(kafka.map((c) => c.kind));
  const mixed = apps !== null;
  return {
    family,
    producer,
    consumer,
    mode: mixed ? `${producer.mode} · ${consumer.mode}` : modeOf(producer, consumer, s),
    risk,
    guarantee: mixed
      ? capitalised(`${producer.guarantee}; ${consumer.guarantee}`)
      : guaranteeOf(producer, consumer, s),
    whenToUse: row(family).whenToUse,
    caveats: [...kafka, ...(family === 'exactly-once' ? [OUTSIDE_KAFKA] : [])],
  };
}
