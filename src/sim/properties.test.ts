import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScenarioConfigInput } from '../config/types.ts';
import { validateConfig } from '../config/validate.ts';
import type { ProducerContext } from '../machines/producer/producer.ts';
import { SCENARIOS, scenarioById } from '../scenarios/index.ts';
import { CATALOG } from '../scenarios/catalog.ts';
import { COMBINED_RUN } from '../scenarios/combinedRun.ts';
import { parseScenarioDocument } from '../share/scenarioDocument.ts';
import { PRESETS } from '../scenarios/presets.ts';
import type { Scenario } from '../scenarios/types.ts';
import { outcome, type Outcome } from './ledger.ts';
import { replay, runScenario, runToRest } from './run.ts';
import { enabledActions, naturalAction, step } from './step.ts';
import { createWorld, isDown, partOf, stateName, type World } from './world.ts';

/**
 * Random runs: a list of up to MAX_CHOICES indices; at each step the run takes
 * `enabledActions(world)[index % length]` (any fault the world offers: lose, hold, crash, restart, a timer,
 * an application call…), then `runToRest`. For each semantics, one pass checks:
 *   (a) no invariant is ever violated (world.violations collects every step's violations);
 *   (b) replaying the run's choices gives byte-identical steps and outcome;
 *   (c) exactly-once: a read_committed reader of the output reads every input's result exactly once;
 *   (d) at-most-once: no record is delivered (processed by the consumer) twice;
 *   (e) at-least-once: no record is lost (each is processed by the consumer at least once);
 * and that the run comes to rest at all.
 *
 * Runs that hit one of the bugs documented below (each with a minimal reproduction in a skipped test)
 * are recognised by a narrow signature, counted, and kept out of the property; any other failure fails it.
 */

/** PROPERTY_RUNS=5000 for a deeper search once in a while; 1,000 per semantics by default. */
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 1000);
/** Per test: RUNS runs plus their replays. */
const TIMEOUT_MS = 120 * RUNS;
const MAX_CHOICES = 25;

function scenario(id: string, base: string, configInput: ScenarioConfigInput, records: string[]): Scenario {
  const doc = scenarioById(base);
  const result = validateConfig(configInput);
  if (!doc || !result.ok) throw new Error(`bad test scenario ${id}`);
  const { expected: _expected, script: _script, ...rest } = doc;
  return { ...rest, id, configInput, config: result.config, workload: { ...doc.workload, records } };
}

const RECORDS = ['m1', 'm2'];
const AT_MOST_ONCE = scenario(
  'prop-at-most-once',
  'amo-producer-no-retry',
  PRESETS['at-most-once'].config, // acks=1, retries=0, commit before processing
  RECORDS,
);
/** At-least-once without idempotence, the setting whose duplicates the properties allow. */
const AT_LEAST_ONCE_CONFIG = {
  producer: {
    acks: 'all',
    'enable.idempotence': false,
    retries: 5,
    'max.in.flight.requests.per.connection': 1,
  },
  consumer: { 'enable.auto.commit': false, 'auto.offset.reset': 'earliest', commit: 'after-processing' },
  broker: { 'unclean.leader.election.enable': false },
} satisfies ScenarioConfigInput;
const AT_LEAST_ONCE = scenario('prop-at-least-once', 'alo-producer-ack-lost', AT_LEAST_ONCE_CONFIG, RECORDS);
const EXACTLY_ONCE = scenario(
  'prop-exactly-once',
  'eos-processor-crash',
  scenarioById('eos-processor-crash')?.configInput ?? {},
  RECORDS,
);

interface Run {
  choices: string[];
  world: World;
  /** runToRest threw: the run never comes to rest. `world` is then where the natural steps got stuck. */
  stuck: boolean;
}

function randomRun(s: Scenario, indices: number[], start: readonly string[] = []): Run {
  let world = start.length > 0 ? replay(s, [...start]) : createWorld(s);
  for (const i of indices) {
    const offered = enabledActions(world);
    if (offered.length === 0) break;
    world = step(world, (offered[i % offered.length] as { id: string }).id);
  }
  try {
    const rested = runToRest(world);
    return { choices: rested.steps.map((x) => x.action), world: rested, stuck: false };
  } catch {
    // Diagnose where it got stuck (a shorter walk than runToRest's: ordinary runs rest within ~200 steps).
    let w = world;
    for (let k = 0; k < 400; k++) {
      const next = naturalAction(w);
      if (!next) break;
      w = step(w, next);
    }
    return { choices: world.steps.map((x) => x.action), world: w, stuck: true };
  }
}

const producers = (w: World) =>
  w.participants.flatMap((p) => {
    const s = partOf(w, p.id, 'producer');
    return s ? [{ node: p.id, state: stateName(s), ctx: s.context as ProducerContext }] : [];
  });

/** Known bugs, by a narrow signature of the run (see the skipped tests at the end for each). */
const KNOWN = {
  /**
   * A JoinGroup or SyncGroup (or its answer) lost, or reaching a node that is down, is not re-sent: the
   * member stays out of the group, and may stall it.
   */
  lostJoinOrSync: (r: Run) =>
    r.world.steps.some((s) =>
      s.events.some(
        (e) => (e.kind === 'lose' || e.kind === 'drop') && /^(JoinGroup|SyncGroup)(Response)?$/.test(e.name),
      ),
    ),
  /** A dead processor's late InitProducerId fences its successor, which the application never replaces. */
  staleInitFencesSuccessor: (r: Run) => {
    const steps = r.world.steps;
    const restartAt = steps.map((s) => s.action).lastIndexOf('restart:processor');
    const inits = steps
      .slice(restartAt + 1)
      .flatMap((s) => s.events)
      .filter((e) => e.kind === 'deliver' && e.name === 'InitProducerId' && e.from === 'processor');
    return (
      restartAt >= 0 &&
      inits.length >= 2 &&
      producers(r.world).some((p) => p.state === 'closed' || p.state === 'fatal')
    );
  },
};

type Check = (run: Run, o: Outcome) => void;

function property(
  s: Scenario,
  semanticsHolds: Check,
  known: Partial<Record<keyof typeof KNOWN, (r: Run, o: Outcome) => boolean>>,
  runs = RUNS,
  /** Choices every run starts with (a fault the random walk would rarely find), before its random ones. */
  start: readonly string[] = [],
  /** The share of runs a documented bug may take; more means the property no longer says much. */
  maxExcluded = 0.15,
) {
  const excluded: Record<string, number> = {};
  fc.assert(
    fc.property(fc.array(fc.nat({ max: 10_000 }), { maxLength: MAX_CHOICES }), (indices) => {
      const run = randomRun(s, indices, start);
      const o = outcome(run.world);
      try {
        // The run comes to rest.
        expect(run.stuck, 'runToRest threw: the run never comes to rest').toBe(false);
        // (a) invariants at every step.
        expect(run.world.violations).toEqual([]);
        // (b) replay determinism.
        const again = replay(s, run.choices);
        expect(JSON.stringify({ steps: again.steps, outcome: outcome(again) })).toBe(
          JSON.stringify({ steps: run.world.steps, outcome: o }),
        );
        semanticsHolds(run, o);
      } catch (failure) {
        // Only a failing run may be put down to a documented bug, and only if it carries its signature.
        const bug = Object.entries(known).find(([, matches]) => matches(run, o))?.[0];
        if (!bug) throw failure;
        excluded[bug] = (excluded[bug] ?? 0) + 1;
      }
    }),
    { numRuns: runs },
  );
  if (process.env['PROPERTY_STATS']) console.log(s.id, JSON.stringify(excluded));
  // The exclusions are the documented bugs' territory, not a way around the properties.
  const total = Object.values(excluded).reduce((a, b) => a + b, 0);
  expect(total).toBeLessThan(runs * maxExcluded);
}

describe('random runs (fast-check, 1,000 choice sequences per semantics)', () => {
  it(
    'at-most-once (acks=1, retries=0, commit before processing): invariants, replay, no record delivered twice',
    () => {
      property(
        AT_MOST_ONCE,
        (_run, o) => {
          for (const row of o.ledger) expect(row.delivered, row.record).toBeLessThanOrEqual(1);
        },
        {},
      );
    },
    TIMEOUT_MS,
  );

  it(
    'at-least-once (acks=all, retries=5, commit after processing, unclean=false): invariants, replay, no record lost',
    () => {
      property(
        AT_LEAST_ONCE,
        (_run, o) => {
          for (const row of o.ledger) expect(row.delivered, row.record).toBeGreaterThanOrEqual(1);
        },
        {},
      );
    },
    TIMEOUT_MS,
  );

  it(
    'exactly-once (eos-processor-crash’s config): invariants, replay, read_committed reads each result exactly once',
    () => {
      property(
        EXACTLY_ONCE,
        (_run, o) => {
          expect([...o.reads.read_committed].sort()).toEqual(RECORDS);
          for (const row of o.ledger) expect(row.readCommitted, row.record).toBe(1);
        },
        {
          staleInitFencesSuccessor: KNOWN.staleInitFencesSuccessor,
        },
      );
    },
    TIMEOUT_MS,
  );
});

/**
 * Two producer applications on one partition (issue #11): a transactional one and a plain idempotent
 * one, read by a read_committed consumer. Invariants hold at every step and replays are identical; the
 * transactional records are read exactly once by read_committed, the plain ones at least once (a plain
 * producer's re-send after a crash is a new producer session, which idempotence cannot de-duplicate).
 */
const TWO_PRODUCERS = (() => {
  const doc = scenarioById('lso-plain-record-behind-open-transaction');
  if (!doc?.producers) throw new Error('bad test scenario');
  const { expected: _expected, script: _script, climax: _climax, ...rest } = doc;
  const [payments, audit] = doc.producers;
  if (!payments || !audit) throw new Error('bad test scenario');
  const producers = [
    { ...payments, records: [{ id: 't1' }, { id: 't2' }], transactionSize: 1 },
    { ...audit, records: [{ id: 'a1' }, { id: 'a2' }] },
  ];
  return {
    ...rest,
    id: 'prop-two-producers',
    producers,
    workload: { ...doc.workload, records: ['t1', 't2', 'a1', 'a2'] },
  };
})();
const TWO_PRODUCER_RUNS = Math.max(100, Math.round(RUNS / 4));

describe('random runs with two producer applications on one partition', () => {
  it(
    'invariants at every step, replay, read_committed reads each transactional record once and loses no plain one',
    () => {
      property(
        { ...TWO_PRODUCERS },
        (_run, o) => {
          for (const row of o.ledger)
            if (row.record.startsWith('t')) expect(row.readCommitted, row.record).toBe(1);
            else expect(row.readCommitted, row.record).toBeGreaterThanOrEqual(1);
        },
        {},
        TWO_PRODUCER_RUNS,
      );
    },
    TIMEOUT_MS,
  );
});

/** The rebalance lesson without its script, with `members` members (A slow, the others quick). */
function groupOf(members: number): Scenario {
  const lesson = CATALOG.find((d) => d.id === 'rebalance-after-max-poll-interval');
  const group = lesson?.groups?.[0];
  if (!lesson || !group) throw new Error('no group lesson');
  const { script: _script, climax: _climax, expected: _expected, ...rest } = lesson;
  const ids = ['consumer-a', 'consumer-b', 'consumer-c'].slice(0, members);
  const parsed = parseScenarioDocument({
    ...rest,
    id: `prop-group-${members}`,
    groups: [{ ...group, members: ids.map((id, i) => ({ id, processingMs: i === 0 ? 120000 : 0 })) }],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}
const GROUP_RUNS = Math.max(50, Math.round(RUNS / 4));

describe('random runs with a consumer group of 2 or 3 members', () => {
  it.each([2, 3])(
    '%i members: invariants at every step (one owner per partition per generation, commits only from the current generation), replay, rest',
    (members) => {
      property(groupOf(members), () => {}, {}, GROUP_RUNS);
    },
    TIMEOUT_MS,
  );
});

/**
 * Two exactly-once processor instances in one consumer group (KIP-447): the partition-moving lesson
 * without its script, with two input records. Whatever the faults (stalls past max.poll.interval.ms,
 * crashes, lost answers), a read_committed reader of the output reads each input's result exactly once:
 * a stale instance's offsets are fenced by its group metadata, and a new owner waits out pending ones.
 */
const EOS_GROUP = (() => {
  const lesson = CATALOG.find((d) => d.id === 'eos-partition-moves-between-instances');
  if (!lesson) throw new Error('no partition-moving lesson');
  const { script: _script, climax: _climax, expected: _expected, ...rest } = lesson;
  const parsed = parseScenarioDocument({
    ...rest,
    id: 'prop-eos-group',
    workload: { ...lesson.workload, records: RECORDS },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
})();

/** A live member still waiting to join: its JoinGroup or SyncGroup was lost, and is not re-sent. */
const outsideTheGroup = (w: World) =>
  w.topology.members.some((m) => {
    const c = partOf(w, m, 'consumer');
    return c !== undefined && !isDown(w, m) && stateName(c).startsWith('joiningGroup');
  });

/**
 * Half the runs start as the lesson does, up to processor 1 stalling past max.poll.interval.ms with m1'
 * sent in its open transaction: a random walk seldom finds that window, and it is where a missing fence
 * would let both instances commit.
 */
const STALLED = (() => {
  const script = scenarioById('eos-partition-moves-between-instances')?.script;
  const choices = runScenario({ ...EOS_GROUP, ...(script ? { script } : {}) }).steps.map((x) => x.action);
  const stall = choices.indexOf('timer:processor-1:maxPollInterval');
  if (stall < 0) throw new Error('the stall is not in the run');
  return choices.slice(0, stall + 1);
})();

it('a coordinator that is down comes back while a client backs off waiting on it (found by the property below)', () => {
  // Processor 1 sends its offsets to the transaction, then crashes, while the group coordinator is down:
  // the abort's markers wait for the group coordinator, and the restarted processor's InitProducerId is
  // answered CONCURRENT_TRANSACTIONS again and again. Each retry waits retry.backoff.ms; the coordinator
  // restarts in that time, instead of never (runToRest threw: the run never came to rest).
  const choices = [
    ...STALLED,
    'fetch:broker-2:input-0',
    'crash:group-coordinator',
    'timer:processor-2:heartbeat',
    'timer:processor-2:heartbeat',
    'app:processor-1:process',
    'app:processor-1:sendOffsetsToTransaction',
    'crash:processor-1',
  ];
  const rested = runToRest(replay(EOS_GROUP, choices));
  expect(rested.steps.map((x) => x.action)).toContain('restart:group-coordinator');
  expect(rested.violations).toEqual([]);
});

describe('random runs with two exactly-once processor instances in one group', () => {
  it.each([
    ['from the start', [] as string[]],
    ['from processor 1’s stall', STALLED],
  ])(
    '%s: invariants at every step, replay, rest; read_committed reads each input’s output exactly once',
    (_, start) => {
      property(
        EOS_GROUP,
        (run, o) => {
          for (const row of o.ledger) expect(row.readCommitted, row.record).toBeLessThanOrEqual(1);
          // A lost JoinGroup or SyncGroup is not re-sent (a limit of the model, README): a member left
          // outside the group reads nothing, so loss is checked where every live member got in.
          if (outsideTheGroup(run.world)) return;
          expect([...o.reads.read_committed].sort()).toEqual(RECORDS);
        },
        {},
        GROUP_RUNS,
        start,
      );
    },
    TIMEOUT_MS,
  );
});

/**
 * A consumer group over a topic of several partitions (issue #11): two plain at-least-once producer
 * applications write keyed records over `partitions` partitions, read by a group of `members` members
 * (rebalances come from crashes, restarts and max.poll.interval.ms fired early). Invariants hold at every
 * step (one owner per partition per generation, commits only from the current generation), replays are
 * identical, and nothing is lost: every record's effect runs at least once. A JoinGroup or SyncGroup
 * that is lost or reaches a crashed node is not re-sent (README), which can leave the group waiting:
 * those runs are set aside.
 */
function groupOverPartitions(members: number, partitions: number): Scenario {
  const ids = ['consumer-a', 'consumer-b', 'consumer-c'].slice(0, members);
  const keyed = (id: string, key: string) => ({ id, key });
  const parsed = parseScenarioDocument({
    ...COMBINED_RUN,
    id: `prop-group-${members}-over-${partitions}`,
    config: {
      ...AT_LEAST_ONCE_CONFIG,
      broker: { ...AT_LEAST_ONCE_CONFIG.broker, 'replication.factor': 2 },
    },
    topics: [{ name: 'orders', partitions }],
    producers: [
      { id: 'shop', workload: { records: [keyed('m1', 'order-1'), keyed('m2', 'order-2')] } },
      { id: 'audit', workload: { records: [keyed('a1', 'order-3'), keyed('a2', 'order-4')] } },
    ],
    groups: [{ id: 'shipping', members: ids.map((id) => ({ id })) }],
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.value;
}
const GROUP_PARTITION_RUNS = Math.max(50, Math.round(RUNS / 8));

describe('random runs with a consumer group over several partitions', () => {
  it.each([
    [2, 2],
    [2, 3],
    [3, 2],
    [3, 3],
  ])(
    '%i members over %i partitions: invariants at every step, replay, rest, and at-least-once loses nothing',
    (members, partitions) => {
      property(
        groupOverPartitions(members, partitions),
        (_run, o) => {
          for (const row of o.ledger) expect(row.effects, row.record).toBeGreaterThanOrEqual(1);
        },
        { lostJoinOrSync: KNOWN.lostJoinOrSync },
        GROUP_PARTITION_RUNS,
        [],
        // Every member's JoinGroup is in flight at the first step, so the first random choice often
        // loses one: about 10 to 18 % of these runs (PROPERTY_RUNS=1600) meet that limitation.
        0.3,
      );
    },
    TIMEOUT_MS,
  );
});

/**
 * A consumer handing its records to a worker thread (issue #11), with auto-commit: invariants at every
 * step (the worker lives and dies with its process), identical replays, and the worker never runs a
 * record's effect more often than the poll loop handed the record over.
 */
const WORKER_THREAD = (() => {
  const doc = scenarioById('amo-auto-commit-worker-thread');
  if (!doc) throw new Error('bad test scenario');
  const { expected: _expected, script: _script, climax: _climax, ...rest } = doc;
  return { ...rest, id: 'prop-worker-thread', workload: { ...doc.workload, records: RECORDS } };
})();
const WORKER_RUNS = Math.max(100, Math.round(RUNS / 4));

describe('random runs with a worker thread in the consumer', () => {
  it(
    'invariants at every step, replay, and no effect runs more often than its record was handed over',
    () => {
      property(
        WORKER_THREAD,
        (_run, o) => {
          for (const row of o.ledger) expect(row.effects, row.record).toBeLessThanOrEqual(row.delivered);
        },
        {},
        WORKER_RUNS,
      );
    },
    TIMEOUT_MS,
  );
});

/**
 * A topic of two partitions with two producer applications (issue #11): a transactional one writing one
 * transaction across both partitions (keys order-1 → orders-0, order-2 → orders-1) and a plain idempotent
 * one writing to each, each partition read by its own read_committed consumer. Invariants hold at every
 * step and replays are identical; exactly-once with read_committed neither loses nor duplicates the
 * transactional records, and no plain one is lost.
 */
const TWO_PARTITIONS = (() => {
  const doc = scenarioById('eos-transaction-two-partitions');
  const [shop] = doc?.producers ?? [];
  if (!doc || !shop) throw new Error('bad test scenario');
  const { expected: _expected, script: _script, climax: _climax, ...rest } = doc;
  const audit = validateConfig({ producer: { 'enable.idempotence': true } });
  if (!audit.ok) throw new Error('bad test scenario');
  const producers = [
    shop,
    {
      ...shop,
      id: 'audit',
      label: 'Audit (plain)',
      configInput: {},
      config: audit.config.producer,
      records: [
        { id: 'a1', key: 'order-2' },
        { id: 'a2', key: 'order-1' },
      ],
      document: { id: 'audit', workload: { records: [] } },
    },
  ];
  return {
    ...rest,
    id: 'prop-two-partitions',
    producers,
    workload: { ...doc.workload, records: ['m1', 'm2', 'a1', 'a2'] },
  };
})();

describe('random runs on a topic of two partitions, with two producer applications', () => {
  it(
    'invariants at every step, replay, read_committed reads each transactional record once and loses no plain one',
    () => {
      property(
        TWO_PARTITIONS,
        (_run, o) => {
          for (const row of o.ledger)
            if (row.record.startsWith('m')) expect(row.readCommitted, row.record).toBe(1);
            else expect(row.readCommitted, row.record).toBeGreaterThanOrEqual(1);
        },
        {},
        TWO_PRODUCER_RUNS,
      );
    },
    TIMEOUT_MS,
  );
});

/**
 * Kafka's default settings (retries=2147483647, delivery.timeout.ms=120000, retry.backoff.ms=100 …),
 * with min.insync.replicas=2 so that NOT_ENOUGH_REPLICAS can happen: however the user injected faults,
 * once they stop the natural path comes to rest within REST_BOUND steps. Without the retry back-off
 * (KIP-580) an immediately answered retry keeps the natural path busy and followers never catch up.
 * A batch its leader keeps refusing with a retriable error is retried until delivery.timeout.ms: at
 * most retry.backoff.max.ms=1000 apart, about 120 retries of 3 steps each (the back-off timer, the
 * Produce, its answer). Seed 1423813582 found one that rests after 449 natural steps: m1, answered
 * NOT_LEADER_OR_FOLLOWER, is retried behind m2, which the new leader took as the producer's first
 * batch, so every retry of sequence 0 is OUT_OF_ORDER_SEQUENCE_NUMBER.
 */
const REST_BOUND = 600;
const DEFAULT_RUNS = Math.max(100, Math.round(RUNS / 3));
const withDefaults = (id: string, base: string, producer: ScenarioConfigInput['producer'] = {}) =>
  scenario(id, base, { producer, broker: { 'min.insync.replicas': 2 } }, RECORDS);
const DEFAULTS = [
  withDefaults('defaults-idempotent', 'alo-producer-ack-lost'),
  withDefaults('defaults-plain', 'alo-producer-ack-lost', { 'enable.idempotence': false }),
  withDefaults('defaults-transactional', 'eos-processor-crash', { 'transactional.id': 'processor-1' }),
];

describe('the random runs reach the connection faults (#10 point 6)', () => {
  // (The exactly-once walks of MAX_CHOICES choices reach a lost message but, measured, never a leader's
  // error answer: the processor's first Produce comes late in its run.)
  it('a leader answering with a retriable error, and a lost message breaking its connection', () => {
    const kinds = (s: Scenario) =>
      fc
        .sample(fc.array(fc.nat({ max: 10_000 }), { minLength: MAX_CHOICES, maxLength: MAX_CHOICES }), {
          numRuns: 60,
          seed: 7,
        })
        .flatMap((indices) => randomRun(s, indices).world.steps.map((x) => x.action.split(':')[0]));
    expect(kinds(AT_LEAST_ONCE)).toEqual(expect.arrayContaining(['error', 'lose']));
    expect(kinds(EXACTLY_ONCE)).toContain('lose');
  }, 60_000);
});

describe('with default settings, every random run comes to rest once the faults stop', () => {
  for (const s of DEFAULTS) {
    it(
      `${s.id}: within ${REST_BOUND} natural steps`,
      () => {
        fc.assert(
          fc.property(fc.array(fc.nat({ max: 10_000 }), { maxLength: MAX_CHOICES }), (indices) => {
            let world = createWorld(s);
            for (const i of indices) {
              const offered = enabledActions(world);
              world = step(world, (offered[i % offered.length] as { id: string }).id);
            }
            expect(() => runToRest(world, REST_BOUND)).not.toThrow();
          }),
          { numRuns: DEFAULT_RUNS },
        );
      },
      TIMEOUT_MS,
    );
  }

  it('every built-in scenario, with its script and with default settings and no script', () => {
    for (const s of SCENARIOS) {
      expect(runScenario(s).violations, s.id).toEqual([]);
      const transactionalId = s.config.producer.transactionalId;
      const defaults = scenario(
        `${s.id}-defaults`,
        s.id,
        transactionalId ? { producer: { 'transactional.id': transactionalId } } : {},
        s.workload.records,
      );
      expect(() => runToRest(createWorld(defaults), REST_BOUND), s.id).not.toThrow();
    }
  });
});

/** The runs the properties above set aside, reduced to their shortest reproductions. */
describe('bugs found by the random runs (minimal reproductions)', () => {
  const settle = (s: Scenario, choices: string[]) => runToRest(replay(s, choices));

  it('the reproductions replay as written (the choices are offered)', () => {
    expect(() => replay(AT_MOST_ONCE, ['app:producer:send', 'crash:producer'])).not.toThrow();
    expect(() =>
      replay(AT_LEAST_ONCE, ['crash:broker-1', 'restart:broker-1', 'crash:broker-3', 'crash:broker-2']),
    ).not.toThrow();
    expect(() =>
      replay(EXACTLY_ONCE, ['app:processor:initTransactions', 'timer:processor:InitProducerId:retry']),
    ).not.toThrow();
  });

  // BUG: at-most-once application re-sends after a producer crash. With retries=0 (and acks=1) the world's
  // app model gives up on a record whose callback fails (settleRecord: giveUp when retries === 0), but
  // crash() only clears `outstanding`, so after the restart pending() offers send(m1) again: m1 is written
  // twice (offsets 0 and 1) and processed twice — a duplicate under at-most-once settings. An at-most-once
  // application must not re-send what it may already have sent.
  // Reproduction: AT_MOST_ONCE, ["app:producer:send", "crash:producer"], runToRest → m1 delivered 2×.
  // (fast-check, seed 42: ["crash:broker-1", "app:producer:send", "crash:producer"].)
  it('at-most-once: a producer crash does not make the application send m1 again', () => {
    const o = outcome(settle(AT_MOST_ONCE, ['app:producer:send', 'crash:producer']));
    expect(o.ledger.find((r) => r.record === 'm1')).toMatchObject({ attempts: 1, delivered: 1 });
  });

  // BUG: livelock while a partition is offline. With orders-0 offline (no live ISR member, unclean
  // election off) and broker-1 up but not leader, the producer's Produce gets NOT_LEADER_OR_FOLLOWER and is
  // retried at once (no retry.backoff.ms, no clock advance); when retries run out the at-least-once app
  // sends it again. Message deliveries always out-rank "restart", so the natural path never restarts the
  // crashed brokers and runToRest throws "did not come to rest within 2000 natural steps".
  // Reproduction: AT_LEAST_ONCE, ["crash:broker-1", "restart:broker-1", "crash:broker-3", "crash:broker-2"].
  // (fast-check, seed 42: ["fetch:broker-2:orders-0", "crash:broker-1", "crash:producer", "hold:1",
  // "crash:broker-2", "restart:broker-1", "crash:broker-3"].)
  it('an offline partition does not livelock the natural path: the crashed brokers restart', () => {
    const w = settle(AT_LEAST_ONCE, [
      'crash:broker-1',
      'restart:broker-1',
      'crash:broker-3',
      'crash:broker-2',
    ]);
    expect(outcome(w).ledger.every((r) => r.delivered >= 1)).toBe(true);
  });

  // BUG: a restarted broker is elected "clean" from its own stale ISR view. onBrokerRestart() calls
  // elect(…, isrOf(restarted broker)) for an offline partition, i.e. the ISR the restarted broker last
  // heard of, not the controller's. broker-2 crashed while ISR = {1,2,3}; the leader then shrank the ISR to
  // {1} (follower crash, or replica.lag.time.max.ms — the latter is never reported to the controller at
  // all), acknowledged m1 with acks=all, and crashed. On restart broker-2 elects itself as "in the ISR" and
  // m1 — acknowledged with acks=all, unclean.leader.election.enable=false — is gone. Kafka keeps the
  // partition offline until broker-1 (the last ISR member) returns.
  // Reproduction: AT_LEAST_ONCE, ["crash:broker-2", "crash:broker-3", "app:producer:send", "deliver:2",
  // "deliver:3", "crash:broker-1", "restart:broker-2"] → m1 lost. (Same with the ISR shrunk by
  // "timer:broker-1:replicaLag:orders-0:broker-3".)
  it('unclean election off: an out-of-sync replica never leads, an acks=all record is never lost', () => {
    const choices = [
      'crash:broker-2',
      'crash:broker-3',
      'app:producer:send',
      'deliver:2',
      'deliver:3',
      'crash:broker-1',
      'restart:broker-2',
    ];
    const before = replay(AT_LEAST_ONCE, choices);
    expect(before.steps[4]?.label).toContain('ProduceResponse'); // m1 was acknowledged
    expect(before.leaders['orders-0']?.leader).toBeNull(); // broker-2 was not in the ISR
    expect(
      outcome(runToRest(before)).ledger.find((r) => r.record === 'm1')?.delivered,
    ).toBeGreaterThanOrEqual(1);
  });

  // The first InitProducerId's answer (epoch 0) must not be read once the network client has timed it out
  // and re-sent it: the producer takes the retry's epoch 1 (step.ts retryRequest closes the connection).
  it('a timed-out InitProducerId retry does not fence the producer itself', () => {
    const choices = ['app:processor:initTransactions', 'timer:processor:InitProducerId:retry'];
    const w = settle(EXACTLY_ONCE, choices);
    expect(producers(w).map((p) => p.state)).toEqual(['ready.idle']);
    expect(outcome(w).reads.read_committed).toEqual(RECORDS);
  });

  // BUG (application model, sim/apps.ts): the processor crashes with its InitProducerId still on the wire;
  // the restarted instance gets epoch 0, then the dead instance's request reaches the coordinator, which
  // bumps the epoch to 1 — the successor is fenced (PRODUCER_FENCED on AddPartitionsToTxn), as Kafka would
  // do. A real application (Kafka Streams, say) then closes the fenced producer and creates a new one,
  // which calls initTransactions() again; the simulated processor only closes it, so nothing is ever
  // committed. Before the fatal-timer fix these runs got stuck and hid behind the timersAfterFatal
  // exclusion. Reproduction (fast-check seed -385609309): EXACTLY_ONCE, the choices below.
  it.skip('a dead processor’s late InitProducerId fences its successor; the application recovers', () => {
    const w = settle(EXACTLY_ONCE, [
      'app:processor:initTransactions',
      'crash:processor',
      'crash:broker-1',
      'hold:3',
      'crash:group-coordinator',
      'deliver:1',
      'restart:processor',
    ]);
    expect(outcome(w).reads.read_committed).toEqual(RECORDS);
  });

  // The zombie's Produce arrives after the fence (INVALID_PRODUCER_EPOCH): going fatal fails its batches,
  // so no request/delivery timer stays due for a producer that can only be closed.
  it('a fenced, closed producer leaves no timer behind: the run comes to rest', () => {
    const zombie = scenarioById('zombie-fenced') as Scenario;
    const choices = [
      'deliver:1',
      'deliver:2',
      'app:producer:initTransactions',
      'deliver:3',
      'deliver:4',
      'app:producer:beginTransaction',
      'app:producer:send',
      'deliver:5',
      'deliver:6',
      'app:producer-2:initTransactions',
      'hold:7',
    ];
    const w = settle(zombie, choices);
    expect(producers(w).find((p) => p.node === 'producer')?.state).toBe('closed');
    expect(outcome(w).reads.read_committed).toEqual(['m1']);
  });
});
