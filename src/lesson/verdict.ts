import type { RecordId } from '../kafka/protocol.ts';
import { outcome, type LedgerRow, type Outcome, type RunSummary } from '../sim/ledger.ts';
import { naturalAction } from '../sim/step.ts';
import type { World } from '../sim/world.ts';
import { effectWords, type EffectWords } from './effectWords.ts';
import { NODE } from '../scenarios/nodeIds.ts';

/**
 * The verdict a teacher would give at the end of a run, in layers: what Kafka did with each record (its
 * copies in the log, what a read_committed and a read_uncommitted reader would read, what the run's
 * reader actually got) and what happened outside Kafka (how many times the record's effect ran).
 * "Exactly once" is said only when every layer says once; otherwise the verdict says where it broke.
 * Before the run is at rest nothing is called lost: a record no one has read yet is "not delivered yet".
 */

export type RecordStatus =
  | 'exactly-once'
  /** Kafka delivered it once, but its effect outside Kafka ran another number of times. */
  | 'once-in-kafka'
  | 'duplicated'
  | 'lost'
  /** Not read yet, and the run is still moving: it may still arrive. */
  | 'not-delivered-yet';

/** The picture beside the headline: the headline says the same in words, so colour is never alone. */
export type VerdictGlyph = 'check' | 'cross' | 'copies' | 'warning' | 'pending';

export interface RecordVerdict {
  record: RecordId;
  status: RecordStatus;
  /** How many times a producer sent it (the output record, in a consume–transform–produce run). */
  attempts: number;
  /** The offset send() completed with, when the producer was told it was written (acks=1 can still lose it). */
  acknowledgedAt?: number;
  /** Copies in the log the reader reads, and how many of them belong to aborted transactions. */
  log: { copies: number; aborted: number };
  readCommitted: number;
  readUncommitted: number;
  /** How many times the run's final reader processed it. */
  delivered: number;
  /** How many times its effect outside Kafka ran; null when no application processes records. */
  effects: number | null;
  /** Where it broke, or that it did not, in a few words: "Kafka: once · card charged: twice". */
  layers: string;
}

export interface RunVerdict {
  /** No natural next action is left: the run has played out. */
  atRest: boolean;
  headline: string;
  glyph: VerdictGlyph;
  /** The whole run as a teacher would say it: one sentence, and a second for the records that came through when the first gives a reason. */
  sentence: string;
  /** The run's risk (effects outside Kafka included); before rest, only what already happened: no loss. */
  risk: RunSummary['risk'];
  /** Who reads the records at the end: "the consumer", "the downstream reader", or "a reader". */
  reader: string;
  /** The isolation level of that reader. */
  isolation: 'read_committed' | 'read_uncommitted';
  /** What processing does outside Kafka, in words; null when nothing processes. */
  effect: EffectWords | null;
  records: RecordVerdict[];
}

const times = (n: number): string =>
  n === 0 ? 'never' : n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;

/** The run's verdict. `result` may be passed when the caller already has the world's outcome. */
export function verdictOf(world: World, result: Outcome = outcome(world)): RunVerdict {
  const atRest = naturalAction(world) === undefined;
  const { config, pipeline } = world.scenario;
  const isolation =
    pipeline === 'consume-transform-produce' ? config.downstreamIsolation : config.consumer.isolationLevel;
  const readerNode = world.topology.reader;
  // Several partitions: each has its own consumer, and a record reaches the one of its partition; a
  // group's members share the partitions between them.
  const reader =
    readerNode === NODE.downstream
      ? 'the downstream reader'
      : world.topology.members.length > 1
        ? "the group's members"
        : world.topology.partitionReaders
          ? 'the consumers'
          : readerNode
            ? 'the consumer'
            : 'a reader';
  const effect = result.effect === null ? null : effectWords(result.effect);
  const records = result.ledger.map((row) => recordVerdict(row, { atRest, isolation, reader, effect }));
  const verdict = { atRest, reader, isolation, effect, records };
  // A consumer that hands its records to a worker thread commits them before they are processed.
  const handsOff = readerNode !== null && (world.topology.threadsOf[readerNode]?.length ?? 0) > 0;
  return {
    ...verdict,
    ...conclusion(verdict, result, handsOff),
    risk: riskSoFar(atRest, result.summary.risk),
  };
}

/** A record not read yet may still arrive: until the run is at rest, the risk says only what happened. */
function riskSoFar(atRest: boolean, risk: RunSummary['risk']): RunSummary['risk'] {
  if (atRest) return risk;
  return risk === 'loss and duplicates' || risk === 'duplicates' ? 'duplicates' : 'none';
}

interface Context {
  atRest: boolean;
  isolation: RunVerdict['isolation'];
  reader: string;
  effect: EffectWords | null;
}

/** How many copies the reader's isolation level lets it see. */
const visible = (
  v: Pick<RecordVerdict, 'readCommitted' | 'readUncommitted'>,
  c: Pick<Context, 'isolation'>,
) => (c.isolation === 'read_committed' ? v.readCommitted : v.readUncommitted);

function recordVerdict(row: LedgerRow, c: Context): RecordVerdict {
  const effects = c.effect ? row.effects : null;
  const status: RecordStatus =
    row.delivered === 0
      ? c.atRest
        ? 'lost'
        : 'not-delivered-yet'
      : row.delivered > 1
        ? 'duplicated'
        : effects !== null && effects !== 1
          ? 'once-in-kafka'
          : 'exactly-once';
  const seen = visible(row, c);
  const kafka =
    seen === row.delivered
      ? `Kafka: ${times(seen)}`
      : `in the log: ${times(seen)} · read by ${c.reader}: ${times(row.delivered)}`;
  const outside = c.effect && effects !== null ? ` · ${c.effect.label}: ${times(effects)}` : '';
  return {
    record: row.record,
    status,
    attempts: row.attempts,
    ...(row.acknowledgedAt !== undefined ? { acknowledgedAt: row.acknowledgedAt } : {}),
    log: { copies: row.offsets.length, aborted: row.aborted },
    readCommitted: row.readCommitted,
    readUncommitted: row.readUncommitted,
    delivered: row.delivered,
    effects,
    layers: c.atRest || status !== 'not-delivered-yet' ? kafka + outside : 'not delivered yet',
  };
}

type Verdict = Omit<RunVerdict, 'headline' | 'glyph' | 'sentence' | 'risk'>;

function conclusion(
  v: Verdict,
  result: Outcome,
  handsOff: boolean,
): Pick<RunVerdict, 'headline' | 'glyph' | 'sentence'> {
  const has = (status: RecordStatus) => v.records.some((r) => r.status === status);
  if (!v.atRest) return { headline: 'Not at rest yet', glyph: 'pending', sentence: stillMoving(v.records) };
  const sentence = teach(v, result, handsOff);
  if (has('lost') && has('duplicated')) return { headline: 'Lost and duplicated', glyph: 'cross', sentence };
  if (has('lost')) return { headline: 'Lost', glyph: 'cross', sentence };
  if (has('duplicated')) return { headline: 'Duplicated', glyph: 'copies', sentence };
  if (has('once-in-kafka')) {
    const worst = Math.max(...v.records.map((r) => Math.abs((r.effects ?? 1) - 1)));
    const outside = v.records.find((r) => Math.abs((r.effects ?? 1) - 1) === worst)?.effects ?? 1;
    // Kafka delivered it, but nothing ever processed it (a worker thread's records lost in a crash).
    if (outside === 0) return { headline: 'Lost outside Kafka', glyph: 'cross', sentence };
    return { headline: `Exactly once in Kafka — ${times(outside)} outside`, glyph: 'warning', sentence };
  }
  if (result.summary.outOfOrder) return { headline: 'Once each, out of order', glyph: 'warning', sentence };
  return { headline: 'Exactly once', glyph: 'check', sentence };
}

/** "m1", "m1 and m2", "m1, m2 and m3". */
function names(records: readonly RecordVerdict[]): string {
  const ids = records.map((r) => r.record);
  return ids.length < 2 ? (ids[0] ?? '') : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

function stillMoving(records: readonly RecordVerdict[]): string {
  const waiting = records.filter((r) => r.status === 'not-delivered-yet');
  const arrived = records.filter((r) => r.status !== 'not-delivered-yet');
  const parts = [
    waiting.length ? `${names(waiting)} ${waiting.length > 1 ? 'are' : 'is'} not delivered yet` : '',
    arrived.length ? `${names(arrived)} ${arrived.length > 1 ? 'have' : 'has'} arrived so far` : '',
  ].filter(Boolean);
  return `The run is still under way, so nothing is lost yet: ${parts.join('; ')}.`;
}

/**
 * A clause per group of records that fared alike, the broken ones first, then the lesson's reason when
 * Kafka held but the effect did not. That reason follows the clause it explains: the records that came
 * through untouched get a sentence of their own after it, so the reason is never read as theirs.
 */
function teach(v: Verdict, result: Outcome, handsOff: boolean): string {
  const order: RecordStatus[] = ['lost', 'duplicated', 'once-in-kafka', 'exactly-once'];
  const groups = new Map<string, RecordVerdict[]>();
  for (const status of order)
    for (const r of v.records.filter((x) => x.status === status)) {
      // Records fare alike when the clause said of them is the same but for the name.
      const key = clause(v, r, '·', false, false);
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
  const said = (list: RecordVerdict[][]) =>
    list
      .map((group, i) => clause(v, group[0] as RecordVerdict, names(group), group.length > 1, i === 0))
      .join('; ');
  const all = [...groups.values()];
  const unprocessed = v.records.filter((r) => r.status === 'once-in-kafka' && r.effects === 0);
  const they = unprocessed.length === 1 ? 'it' : 'them';
  const outside =
    handsOff && unprocessed.length > 0
      ? `: ${v.reader} had handed ${names(unprocessed)} to its worker thread, and poll() committed ${unprocessed.length === 1 ? 'its offset' : 'their offsets'} before the worker processed ${they}, so the crash lost ${they} although Kafka still holds ${they} — the commit and the processing are decoupled`
      : v.records.some((r) => r.status === 'once-in-kafka')
        ? ': exactly-once covers what is written to Kafka and the offsets committed with it, not what processing does outside Kafka'
        : '';
  if (outside) {
    const fine = all.filter((group) => group[0]?.status === 'exactly-once');
    const broken = all.filter((group) => !fine.includes(group));
    return `${said(broken)}${outside}.${fine.length ? ` ${said(fine)}.` : ''}`;
  }
  // Out of order is said of all the records together, so it closes the sentence.
  const shuffled = result.summary.outOfOrder
    ? `, but ${v.reader} got them in another order than they were sent`
    : '';
  return `${said(all)}${shuffled}.`;
}

/**
 * What happened to `r`, said of `ids` (the records that fared the same). A sentence never starts with a
 * lower-case record id: the `first` clause says "Record m1".
 */
function clause(v: Verdict, r: RecordVerdict, ids: string, plural: boolean, first: boolean): string {
  const subject = first ? `${plural ? 'Records' : 'Record'} ${ids}` : ids;
  const is = plural ? 'are' : 'is';
  const was = plural ? 'were' : 'was';
  const it = plural ? 'them' : 'it';
  const they = plural ? 'they' : 'it';
  const each = plural ? ' each' : '';
  const seen = visible(r, v);
  const effect = v.effect && r.effects !== null ? v.effect : null;
  const ran = (n: number) =>
    effect ? (n === 0 ? effect.never : `${effect.passive} ${times(n)}${plural ? ' for each' : ''}`) : '';
  const andEffect = effect ? `, and ${ran(r.effects ?? 0)}` : '';
  const other = otherIsolation(v, r);
  switch (r.status) {
    case 'lost':
      // An acknowledged record that is gone is the point to make: the producer was told it was safe.
      if (r.log.copies === 0 && r.acknowledgedAt !== undefined)
        return `${subject} ${was} acknowledged at offset ${r.acknowledgedAt}${each}, yet ${they} ${is} nowhere in the log, so no reader could ever get ${it}`;
      if (r.log.copies === 0) return `${subject} ${is} nowhere in the log, so no reader could ever get ${it}`;
      if (seen === 0)
        return `${subject} ${is} in the log only inside an aborted transaction, which ${v.reader} skips`;
      return `${subject} ${is} in the log, but ${v.reader} never processed ${it}${effect ? `, so ${ran(0)} for ${it}` : ''}`;
    case 'duplicated': {
      const aborted = r.log.aborted
        ? `, ${r.log.aborted === 1 ? 'one copy' : `${r.log.aborted} copies`} aborted, and ${v.reader} reads ${v.isolation}, aborted records included`
        : '';
      const copies =
        seen > 1
          ? `${subject} ${is} in the log ${times(seen)}${each}${aborted}, so`
          : `${subject} ${is} in the log once, but`;
      return `${copies} ${v.reader} processed ${it} ${times(r.delivered)}${each}${andEffect}${other}`;
    }
    case 'once-in-kafka':
      return `Kafka kept ${ids} exactly once, yet ${ran(r.effects ?? 0)}`;
    default: {
      const sent = r.attempts > 1 ? ` although ${they} ${was} sent ${times(r.attempts)}${each}` : '';
      return `${subject} reached ${v.reader} exactly once${each}${sent}${andEffect}${other}`;
    }
  }
}

/** When the other isolation level would have read a different number of copies, say so: it is a lesson too. */
function otherIsolation(v: Verdict, r: RecordVerdict): string {
  const other = v.isolation === 'read_committed' ? 'read_uncommitted' : 'read_committed';
  const n = other === 'read_committed' ? r.readCommitted : r.readUncommitted;
  return n === visible(r, v) ? '' : ` (a ${other} reader would have read it ${times(n)})`;
}
