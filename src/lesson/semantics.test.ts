import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/validate.ts';
import type { ScenarioConfigInput } from '../config/types.ts';
import { SCENARIOS, scenarioById } from '../scenarios/index.ts';
import type { Pipeline, Scenario } from '../scenarios/types.ts';
import { deliverySemantics, IDEMPOTENT_ONLY, type DeliverySemantics } from './semantics.ts';

/**
 * Every valid combination of acks × retries × enable.idempotence × transactional.id × isolation.level ×
 * where the loop commits × pipeline, with the exact row, risk, mode and guarantee. A key reads
 * "pipeline acks retries idempotence transactional isolation commit"; combinations Kafka refuses with a
 * ConfigException (idempotence with acks≠all or retries=0, a transactional.id without idempotence) are
 * not semantics at all, and the last test checks the table leaves out exactly those.
 */
type Row = [key: string, family: string, risk: string, mode: string, guarantee: string];

const TABLE: Row[] = [
  ['pc  acks=0   retries=0 ---- --- rc before', 'at-most-once', 'loss', 'at-most-once', 'Fastest'],
  [
    'pc  acks=0   retries=0 ---- --- rc after ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (acks=0) · commitSync() consumer, after processing',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'pc  acks=0   retries=0 ---- --- rc auto  ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (acks=0) · auto-commit consumer (commits in poll())',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  ['pc  acks=0   retries=0 ---- --- ru before', 'at-most-once', 'loss', 'at-most-once', 'Fastest'],
  [
    'pc  acks=0   retries=0 ---- --- ru after ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (acks=0) · commitSync() consumer, after processing',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'pc  acks=0   retries=0 ---- --- ru auto  ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (acks=0) · auto-commit consumer (commits in poll())',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  ['pc  acks=0   retries=5 ---- --- rc before', 'at-most-once', 'loss', 'at-most-once', 'Fastest'],
  [
    'pc  acks=0   retries=5 ---- --- rc after ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (acks=0) · commitSync() consumer, after processing',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'pc  acks=0   retries=5 ---- --- rc auto  ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (acks=0) · auto-commit consumer (commits in poll())',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  ['pc  acks=0   retries=5 ---- --- ru before', 'at-most-once', 'loss', 'at-most-once', 'Fastest'],
  [
    'pc  acks=0   retries=5 ---- --- ru after ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (acks=0) · commitSync() consumer, after processing',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'pc  acks=0   retries=5 ---- --- ru auto  ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (acks=0) · auto-commit consumer (commits in poll())',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  ['pc  acks=1   retries=0 ---- --- rc before', 'at-most-once', 'loss', 'at-most-once', 'Fastest'],
  [
    'pc  acks=1   retries=0 ---- --- rc after ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (retries=0) · commitSync() consumer, after processing',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'pc  acks=1   retries=0 ---- --- rc auto  ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (retries=0) · auto-commit consumer (commits in poll())',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  ['pc  acks=1   retries=0 ---- --- ru before', 'at-most-once', 'loss', 'at-most-once', 'Fastest'],
  [
    'pc  acks=1   retries=0 ---- --- ru after ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (retries=0) · commitSync() consumer, after processing',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'pc  acks=1   retries=0 ---- --- ru auto  ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (retries=0) · auto-commit consumer (commits in poll())',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'pc  acks=1   retries=5 ---- --- rc before',
    'at-most-once',
    'loss and duplicates',
    'at-least-once producer (acks=1) · consumer commits before processing',
    'Reliable writes, retried until acknowledged, but acks=1 risks loss on leader failover; a consumer crash loses what it had not processed',
  ],
  [
    'pc  acks=1   retries=5 ---- --- rc after ',
    'at-least-once',
    'loss and duplicates',
    'at-least-once (acks=1)',
    'Reliable only while the leader lives: acks=1 risks loss on leader failover',
  ],
  [
    'pc  acks=1   retries=5 ---- --- rc auto  ',
    'at-least-once',
    'loss and duplicates',
    'at-least-once (acks=1)',
    'Reliable only while the leader lives: acks=1 risks loss on leader failover',
  ],
  [
    'pc  acks=1   retries=5 ---- --- ru before',
    'at-most-once',
    'loss and duplicates',
    'at-least-once producer (acks=1) · consumer commits before processing',
    'Reliable writes, retried until acknowledged, but acks=1 risks loss on leader failover; a consumer crash loses what it had not processed',
  ],
  [
    'pc  acks=1   retries=5 ---- --- ru after ',
    'at-least-once',
    'loss and duplicates',
    'at-least-once (acks=1)',
    'Reliable only while the leader lives: acks=1 risks loss on leader failover',
  ],
  [
    'pc  acks=1   retries=5 ---- --- ru auto  ',
    'at-least-once',
    'loss and duplicates',
    'at-least-once (acks=1)',
    'Reliable only while the leader lives: acks=1 risks loss on leader failover',
  ],
  ['pc  acks=all retries=0 ---- --- rc before', 'at-most-once', 'loss', 'at-most-once', 'Fastest'],
  [
    'pc  acks=all retries=0 ---- --- rc after ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (retries=0) · commitSync() consumer, after processing',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'pc  acks=all retries=0 ---- --- rc auto  ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (retries=0) · auto-commit consumer (commits in poll())',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  ['pc  acks=all retries=0 ---- --- ru before', 'at-most-once', 'loss', 'at-most-once', 'Fastest'],
  [
    'pc  acks=all retries=0 ---- --- ru after ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (retries=0) · commitSync() consumer, after processing',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'pc  acks=all retries=0 ---- --- ru auto  ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (retries=0) · auto-commit consumer (commits in poll())',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'pc  acks=all retries=5 ---- --- rc before',
    'at-most-once',
    'loss and duplicates',
    'at-least-once producer · consumer commits before processing',
    'Reliable writes, retried until acknowledged; a consumer crash loses what it had not processed',
  ],
  ['pc  acks=all retries=5 ---- --- rc after ', 'at-least-once', 'duplicates', 'at-least-once', 'Reliable'],
  ['pc  acks=all retries=5 ---- --- rc auto  ', 'at-least-once', 'duplicates', 'at-least-once', 'Reliable'],
  [
    'pc  acks=all retries=5 ---- --- ru before',
    'at-most-once',
    'loss and duplicates',
    'at-least-once producer · consumer commits before processing',
    'Reliable writes, retried until acknowledged; a consumer crash loses what it had not processed',
  ],
  ['pc  acks=all retries=5 ---- --- ru after ', 'at-least-once', 'duplicates', 'at-least-once', 'Reliable'],
  ['pc  acks=all retries=5 ---- --- ru auto  ', 'at-least-once', 'duplicates', 'at-least-once', 'Reliable'],
  [
    'pc  acks=all retries=5 idem --- rc before',
    'at-most-once',
    'loss and duplicates',
    'idempotent producer: no duplicates from retries within one producer session · consumer commits before processing',
    'Precise for retries within one producer session; a consumer crash loses what it had not processed',
  ],
  [
    'pc  acks=all retries=5 idem --- rc after ',
    'at-least-once',
    'duplicates',
    'idempotent producer: no duplicates from retries within one producer session · commitSync() consumer, after processing',
    'Precise for retries within one producer session; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'pc  acks=all retries=5 idem --- rc auto  ',
    'at-least-once',
    'duplicates',
    'idempotent producer: no duplicates from retries within one producer session · auto-commit consumer (commits in poll())',
    'Precise for retries within one producer session; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'pc  acks=all retries=5 idem --- ru before',
    'at-most-once',
    'loss and duplicates',
    'idempotent producer: no duplicates from retries within one producer session · consumer commits before processing',
    'Precise for retries within one producer session; a consumer crash loses what it had not processed',
  ],
  [
    'pc  acks=all retries=5 idem --- ru after ',
    'at-least-once',
    'duplicates',
    'idempotent producer: no duplicates from retries within one producer session · commitSync() consumer, after processing',
    'Precise for retries within one producer session; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'pc  acks=all retries=5 idem --- ru auto  ',
    'at-least-once',
    'duplicates',
    'idempotent producer: no duplicates from retries within one producer session · auto-commit consumer (commits in poll())',
    'Precise for retries within one producer session; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'pc  acks=all retries=5 idem txn rc before',
    'at-most-once',
    'loss',
    'exactly-once producer (transactional) · consumer commits before processing',
    'Precise, atomic writes; a consumer crash loses what it had not processed',
  ],
  [
    'pc  acks=all retries=5 idem txn rc after ',
    'at-least-once',
    'duplicates',
    'exactly-once producer (transactional) · commitSync() consumer, after processing',
    'Precise, atomic writes; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'pc  acks=all retries=5 idem txn rc auto  ',
    'at-least-once',
    'duplicates',
    'exactly-once producer (transactional) · auto-commit consumer (commits in poll())',
    'Precise, atomic writes; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'pc  acks=all retries=5 idem txn ru before',
    'at-most-once',
    'loss and duplicates',
    'transactional producer, read with read_uncommitted · consumer commits before processing',
    'Atomic writes, but read_uncommitted readers see aborted data; a consumer crash loses what it had not processed',
  ],
  [
    'pc  acks=all retries=5 idem txn ru after ',
    'at-least-once',
    'duplicates',
    'transactional producer, read with read_uncommitted · commitSync() consumer, after processing',
    'Atomic writes, but read_uncommitted readers see aborted data; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'pc  acks=all retries=5 idem txn ru auto  ',
    'at-least-once',
    'duplicates',
    'transactional producer, read with read_uncommitted · auto-commit consumer (commits in poll())',
    'Atomic writes, but read_uncommitted readers see aborted data; duplicates possible on the consumer side (a crash replays)',
  ],
  ['ctp acks=0   retries=0 ---- --- rc before', 'at-most-once', 'loss', 'at-most-once', 'Fastest'],
  [
    'ctp acks=0   retries=0 ---- --- rc after ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (acks=0) · commitSync() consumer, after processing',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'ctp acks=0   retries=0 ---- --- rc auto  ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (acks=0) · auto-commit consumer (commits in poll())',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  ['ctp acks=0   retries=0 ---- --- ru before', 'at-most-once', 'loss', 'at-most-once', 'Fastest'],
  [
    'ctp acks=0   retries=0 ---- --- ru after ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (acks=0) · commitSync() consumer, after processing',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'ctp acks=0   retries=0 ---- --- ru auto  ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (acks=0) · auto-commit consumer (commits in poll())',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  ['ctp acks=0   retries=5 ---- --- rc before', 'at-most-once', 'loss', 'at-most-once', 'Fastest'],
  [
    'ctp acks=0   retries=5 ---- --- rc after ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (acks=0) · commitSync() consumer, after processing',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'ctp acks=0   retries=5 ---- --- rc auto  ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (acks=0) · auto-commit consumer (commits in poll())',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  ['ctp acks=0   retries=5 ---- --- ru before', 'at-most-once', 'loss', 'at-most-once', 'Fastest'],
  [
    'ctp acks=0   retries=5 ---- --- ru after ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (acks=0) · commitSync() consumer, after processing',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'ctp acks=0   retries=5 ---- --- ru auto  ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (acks=0) · auto-commit consumer (commits in poll())',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  ['ctp acks=1   retries=0 ---- --- rc before', 'at-most-once', 'loss', 'at-most-once', 'Fastest'],
  [
    'ctp acks=1   retries=0 ---- --- rc after ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (retries=0) · commitSync() consumer, after processing',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'ctp acks=1   retries=0 ---- --- rc auto  ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (retries=0) · auto-commit consumer (commits in poll())',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  ['ctp acks=1   retries=0 ---- --- ru before', 'at-most-once', 'loss', 'at-most-once', 'Fastest'],
  [
    'ctp acks=1   retries=0 ---- --- ru after ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (retries=0) · commitSync() consumer, after processing',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'ctp acks=1   retries=0 ---- --- ru auto  ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (retries=0) · auto-commit consumer (commits in poll())',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'ctp acks=1   retries=5 ---- --- rc before',
    'at-most-once',
    'loss and duplicates',
    'at-least-once producer (acks=1) · consumer commits before processing',
    'Reliable writes, retried until acknowledged, but acks=1 risks loss on leader failover; a consumer crash loses what it had not processed',
  ],
  [
    'ctp acks=1   retries=5 ---- --- rc after ',
    'at-least-once',
    'loss and duplicates',
    'at-least-once (acks=1)',
    'Reliable only while the leader lives: acks=1 risks loss on leader failover',
  ],
  [
    'ctp acks=1   retries=5 ---- --- rc auto  ',
    'at-least-once',
    'loss and duplicates',
    'at-least-once (acks=1)',
    'Reliable only while the leader lives: acks=1 risks loss on leader failover',
  ],
  [
    'ctp acks=1   retries=5 ---- --- ru before',
    'at-most-once',
    'loss and duplicates',
    'at-least-once producer (acks=1) · consumer commits before processing',
    'Reliable writes, retried until acknowledged, but acks=1 risks loss on leader failover; a consumer crash loses what it had not processed',
  ],
  [
    'ctp acks=1   retries=5 ---- --- ru after ',
    'at-least-once',
    'loss and duplicates',
    'at-least-once (acks=1)',
    'Reliable only while the leader lives: acks=1 risks loss on leader failover',
  ],
  [
    'ctp acks=1   retries=5 ---- --- ru auto  ',
    'at-least-once',
    'loss and duplicates',
    'at-least-once (acks=1)',
    'Reliable only while the leader lives: acks=1 risks loss on leader failover',
  ],
  ['ctp acks=all retries=0 ---- --- rc before', 'at-most-once', 'loss', 'at-most-once', 'Fastest'],
  [
    'ctp acks=all retries=0 ---- --- rc after ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (retries=0) · commitSync() consumer, after processing',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'ctp acks=all retries=0 ---- --- rc auto  ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (retries=0) · auto-commit consumer (commits in poll())',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  ['ctp acks=all retries=0 ---- --- ru before', 'at-most-once', 'loss', 'at-most-once', 'Fastest'],
  [
    'ctp acks=all retries=0 ---- --- ru after ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (retries=0) · commitSync() consumer, after processing',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'ctp acks=all retries=0 ---- --- ru auto  ',
    'at-most-once',
    'loss and duplicates',
    'at-most-once producer (retries=0) · auto-commit consumer (commits in poll())',
    'Fastest writes: a failed write is given up; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'ctp acks=all retries=5 ---- --- rc before',
    'at-most-once',
    'loss and duplicates',
    'at-least-once producer · consumer commits before processing',
    'Reliable writes, retried until acknowledged; a consumer crash loses what it had not processed',
  ],
  ['ctp acks=all retries=5 ---- --- rc after ', 'at-least-once', 'duplicates', 'at-least-once', 'Reliable'],
  ['ctp acks=all retries=5 ---- --- rc auto  ', 'at-least-once', 'duplicates', 'at-least-once', 'Reliable'],
  [
    'ctp acks=all retries=5 ---- --- ru before',
    'at-most-once',
    'loss and duplicates',
    'at-least-once producer · consumer commits before processing',
    'Reliable writes, retried until acknowledged; a consumer crash loses what it had not processed',
  ],
  ['ctp acks=all retries=5 ---- --- ru after ', 'at-least-once', 'duplicates', 'at-least-once', 'Reliable'],
  ['ctp acks=all retries=5 ---- --- ru auto  ', 'at-least-once', 'duplicates', 'at-least-once', 'Reliable'],
  [
    'ctp acks=all retries=5 idem --- rc before',
    'at-most-once',
    'loss and duplicates',
    'idempotent producer: no duplicates from retries within one producer session · consumer commits before processing',
    'Precise for retries within one producer session; a consumer crash loses what it had not processed',
  ],
  [
    'ctp acks=all retries=5 idem --- rc after ',
    'at-least-once',
    'duplicates',
    'idempotent producer: no duplicates from retries within one producer session · commitSync() consumer, after processing',
    'Precise for retries within one producer session; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'ctp acks=all retries=5 idem --- rc auto  ',
    'at-least-once',
    'duplicates',
    'idempotent producer: no duplicates from retries within one producer session · auto-commit consumer (commits in poll())',
    'Precise for retries within one producer session; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'ctp acks=all retries=5 idem --- ru before',
    'at-most-once',
    'loss and duplicates',
    'idempotent producer: no duplicates from retries within one producer session · consumer commits before processing',
    'Precise for retries within one producer session; a consumer crash loses what it had not processed',
  ],
  [
    'ctp acks=all retries=5 idem --- ru after ',
    'at-least-once',
    'duplicates',
    'idempotent producer: no duplicates from retries within one producer session · commitSync() consumer, after processing',
    'Precise for retries within one producer session; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'ctp acks=all retries=5 idem --- ru auto  ',
    'at-least-once',
    'duplicates',
    'idempotent producer: no duplicates from retries within one producer session · auto-commit consumer (commits in poll())',
    'Precise for retries within one producer session; duplicates possible on the consumer side (a crash replays)',
  ],
  [
    'ctp acks=all retries=5 idem txn rc before',
    'exactly-once',
    'none',
    'exactly-once',
    'Precise but heavier, within Kafka',
  ],
  [
    'ctp acks=all retries=5 idem txn rc after ',
    'exactly-once',
    'none',
    'exactly-once',
    'Precise but heavier, within Kafka',
  ],
  [
    'ctp acks=all retries=5 idem txn rc auto  ',
    'at-most-once',
    'loss',
    'exactly-once producer (transactional) · offsets also auto-committed outside the transaction',
    'Precise, atomic writes; poll() may commit input whose transaction then aborts',
  ],
  [
    'ctp acks=all retries=5 idem txn ru before',
    'at-least-once',
    'duplicates',
    'transactional producer, read with read_uncommitted · offsets committed in the transaction',
    'Atomic writes, but read_uncommitted readers see aborted data; input offsets commit atomically with the output',
  ],
  [
    'ctp acks=all retries=5 idem txn ru after ',
    'at-least-once',
    'duplicates',
    'transactional producer, read with read_uncommitted · offsets committed in the transaction',
    'Atomic writes, but read_uncommitted readers see aborted data; input offsets commit atomically with the output',
  ],
  [
    'ctp acks=all retries=5 idem txn ru auto  ',
    'at-most-once',
    'loss and duplicates',
    'transactional producer, read with read_uncommitted · offsets also auto-committed outside the transaction',
    'Atomic writes, but read_uncommitted readers see aborted data; poll() may commit input whose transaction then aborts',
  ],
];

const ACKS = ['0', '1', 'all'] as const;
const COMMITS = ['before', 'after', 'auto'] as const;

function parse(key: string): { pipeline: Pipeline; input: ScenarioConfigInput } {
  const [pipeline, acks, retries, idem, txn, iso, commit] = key.split(/\s+/) as string[];
  const isolation = iso === 'rc' ? 'read_committed' : 'read_uncommitted';
  return {
    pipeline: pipeline === 'pc' ? 'produce-consume' : 'consume-transform-produce',
    input: {
      producer: {
        acks: acks?.slice('acks='.length) as (typeof ACKS)[number],
        retries: Number(retries?.slice('retries='.length)),
        'enable.idempotence': idem === 'idem',
        ...(txn === 'txn' ? { 'transactional.id': 't-1' } : {}),
      },
      consumer: {
        'isolation.level': isolation,
        'enable.auto.commit': commit === 'auto',
        ...(commit === 'auto'
          ? {}
          : { commit: commit === 'before' ? 'before-processing' : 'after-processing' }),
      },
      downstream: { 'isolation.level': isolation },
    },
  };
}

function semanticsOf(key: string): DeliverySemantics {
  const { pipeline, input } = parse(key);
  const result = validateConfig(input);
  if (!result.ok) throw new Error(`${key}: ${result.issues.map((i) => i.message).join(' ')}`);
  return deliverySemantics({ config: result.config, pipeline });
}

describe('deliverySemantics, per combination', () => {
  it.each(TABLE)('%s', (key, family, risk, mode, guarantee) => {
    const s = semanticsOf(key);
    expect([s.family, s.risk, s.mode, s.guarantee]).toEqual([family, risk, mode, guarantee]);
  });

  it('the table holds every combination Kafka accepts, and only those', () => {
    const accepted: string[] = [];
    for (const pipeline of ['pc ', 'ctp'])
      for (const acks of ACKS)
        for (const retries of [0, 5])
          for (const idem of ['----', 'idem'])
            for (const txn of ['---', 'txn'])
              for (const iso of ['rc', 'ru'])
                for (const commit of COMMITS) {
                  const key = `${pipeline} acks=${acks.padEnd(3)} retries=${retries} ${idem} ${txn} ${iso} ${commit.padEnd(6)}`;
                  if (validateConfig(parse(key).input).ok) accepted.push(key);
                }
    expect(TABLE.map(([key]) => key)).toEqual(accepted);
  });
});

describe('the caveats the seeds leave out', () => {
  const caveats = (key: string) => semanticsOf(key).caveats.map((c) => c.text);

  it('an idempotent producer alone: no duplicates from retries within one producer session, and no more', () => {
    const s = semanticsOf('pc  acks=all retries=5 idem --- rc after ');
    expect(s.producer).toEqual({
      family: 'exactly-once',
      mode: IDEMPOTENT_ONLY,
      guarantee: 'precise for retries within one producer session',
    });
    expect(caveats('pc  acks=all retries=5 idem --- rc after ')[0]).toBe(
      `${IDEMPOTENT_ONLY}; a restarted producer re-sending gets a new producer id, and those duplicates it cannot see.`,
    );
  });

  it('acks=1 never says Reliable without the loss on leader failover', () => {
    for (const [key] of TABLE.filter(([k]) => k.includes('acks=1 '))) {
      const { guarantee } = semanticsOf(key);
      if (/reliable/i.test(guarantee)) expect(guarantee, key).toMatch(/acks=1 risks loss on leader failover/);
    }
    expect(caveats('pc  acks=1   retries=5 ---- --- rc after ')).toContain(
      'acks=1 risks loss on leader failover: the leader acknowledges before any follower has the record.',
    );
  });

  it('an exactly-once producer with a commitSync() consumer: duplicates possible on the consumer side', () => {
    const s = semanticsOf('pc  acks=all retries=5 idem txn rc after ');
    expect(s.consumer.guarantee).toBe('duplicates possible on the consumer side (a crash replays)');
    expect(s.caveats.map((c) => c.text)).toContain(
      'The consumer uses commitSync() after processing: duplicates possible on the consumer side (a crash before the commit processes records again).',
    );
  });

  it('read_uncommitted readers of transactional output see aborted data', () => {
    expect(caveats('pc  acks=all retries=5 idem txn ru after ')).toContain(
      'The consumer reads with read_uncommitted: it sees the data of aborted transactions too.',
    );
    expect(caveats('ctp acks=all retries=5 idem txn ru after ')).toContain(
      'The downstream reader reads with read_uncommitted: it sees the data of aborted transactions too.',
    );
  });

  it('exactly-once says effects outside Kafka are not covered', () => {
    expect(semanticsOf('ctp acks=all retries=5 idem txn rc after ').caveats).toEqual([
      {
        kind: 'duplicates',
        text: 'Effects outside Kafka (a charged card, an inventory update) are not covered: processing may run again.',
      },
    ]);
  });

  it('unclean leader election is loss, whatever the row', () => {
    const result = validateConfig({
      producer: { 'transactional.id': 't-1' },
      consumer: { 'enable.auto.commit': false, 'isolation.level': 'read_committed' },
      broker: { 'unclean.leader.election.enable': true },
    });
    if (!result.ok) throw new Error('valid');
    const s = deliverySemantics({ config: result.config, pipeline: 'consume-transform-produce' });
    expect([s.family, s.risk, s.guarantee]).toEqual([
      'exactly-once',
      'loss',
      'Precise but heavier, within Kafka; unclean leader election can lose committed records',
    ]);
  });
});

describe('the guided scenarios', () => {
  const of = (id: string) => deliverySemantics(scenarioById(id) as (typeof SCENARIOS)[number]);

  it('"Exactly-once producer: the retry is recognised" is not "at-least-once … Reliable"', () => {
    const s = of('eos-idempotent-retry');
    expect(s.producer.family).toBe('exactly-once');
    expect(s.mode).toBe(`${IDEMPOTENT_ONLY} · commitSync() consumer, after processing`);
    expect(s.mode).not.toMatch(/^at-least-once/);
    expect(s.guarantee).not.toMatch(/^Reliable/);
  });

  it('the acks=1 failover never shows "Reliable" beside loss without the failover', () => {
    const s = of('acks-1-failover-loss');
    expect(s.risk).toBe('loss and duplicates');
    expect(s.guarantee).toBe('Reliable only while the leader lives: acks=1 risks loss on leader failover');
  });

  it('the two exactly-once processors are exactly-once, within Kafka', () => {
    for (const id of ['eos-processor-crash', 'eos-external-effect'])
      expect([of(id).mode, of(id).risk, of(id).guarantee]).toEqual([
        'exactly-once',
        'none',
        'Precise but heavier, within Kafka',
      ]);
  });
});

describe('several producer applications', () => {
  it('each is judged by its own settings, and the weakest decides the family', () => {
    const s = scenarioById('lso-plain-record-behind-open-transaction') as Scenario;
    const d = deliverySemantics(s);
    expect(d.producer.mode).toBe(
      'Payments (transactional): exactly-once producer (transactional); Audit (plain): idempotent producer: no duplicates from retries within one producer session',
    );
    expect(d.family).toBe('at-least-once');
    // The plain application's caveat is its own, named.
    expect(d.caveats[0]?.text).toMatch(/^Audit \(plain\): idempotent producer/);
  });
});
