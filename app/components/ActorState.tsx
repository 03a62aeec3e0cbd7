import { memo, useId, type ReactNode } from 'react';
import type { AnyMachineSnapshot } from 'xstate';
import type { BrokerContext } from '../../src/machines/broker/broker.ts';
import { logEndOffset } from '../../src/machines/broker/replica.ts';
import type { ConsumerContext } from '../../src/machines/consumer.ts';
import type { GroupCoordinatorContext } from '../../src/machines/groupCoordinator.ts';
import { inFlight } from '../../src/machines/producer/batches.ts';
import type { ProducerContext } from '../../src/machines/producer/producer.ts';
import type { TxnCoordinatorContext } from '../../src/machines/txnCoordinator.ts';
import type { Participant } from '../../src/sim/types.ts';
import { stateName, type NodeState } from '../../src/sim/world.ts';
import type { Run } from '../playground/run.ts';
import { Icon } from './Icon.tsx';
import './ActorState.css';
import { deferred } from './deferred.tsx';

const none = '—';
const list = (xs: readonly string[]) => (xs.length > 0 ? xs.join(', ') : none);
const offsets = (o: Record<string, number>) => list(Object.entries(o).map(([p, n]) => `${p}=${n}`));
/** Kafka's "no producer id" is -1. */
const pid = (n: number) => (n < 0 ? 'none' : String(n));

function Fields({ children }: { children: ReactNode }) {
  return <dl className="actor-state__fields">{children}</dl>;
}

function Field({ name, children }: { name: string; children: ReactNode }) {
  return (
    <div className="actor-state__field">
      <dt>{name}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ProducerFields({ ctx }: { ctx: ProducerContext }) {
  const flying = inFlight(ctx.batches);
  const queued = ctx.batches.filter((b) => b.state === 'queued');
  const batch = (b: (typeof ctx.batches)[number]) =>
    `${b.record.id} (${b.id}${b.sequence >= 0 ? ` seq ${b.sequence}` : ''}, attempt ${b.attempts})`;
  return (
    <Fields>
      <Field name="Producer id / epoch">
        {pid(ctx.producerId)} / {ctx.epoch < 0 ? 'none' : ctx.epoch}
      </Field>
      <Field name="Next sequence">{offsets(ctx.nextSequence)}</Field>
      <Field name="Batches in flight">{list(flying.map(batch))}</Field>
      {queued.length > 0 ? <Field name="Queued">{list(queued.map(batch))}</Field> : null}
      {ctx.config.transactionalId !== null ? (
        <Field name="In the transaction">{list(ctx.txnPartitions)}</Field>
      ) : null}
      {ctx.abortableError ? <Field name="Must abort">{ctx.abortableError}</Field> : null}
      {ctx.fatalError ? <Field name="Fatal error">{ctx.fatalError}</Field> : null}
    </Fields>
  );
}

function BrokerFields({ ctx }: { ctx: BrokerContext }) {
  const replicas = Object.values(ctx.replicas);
  return (
    <table className="actor-state__table">
      <thead>
        <tr>
          <th scope="col">Partition</th>
          <th scope="col">Role</th>
          <th scope="col">
            <abbr title="Leader epoch">Epoch</abbr>
          </th>
          <th scope="col">
            <abbr title="Log end offset">LEO</abbr>
          </th>
          <th scope="col">
            <abbr title="High watermark">HW</abbr>
          </th>
          <th scope="col">
            <abbr title="In-sync replicas (the leader's view)">ISR</abbr>
          </th>
        </tr>
      </thead>
      <tbody>
        {replicas.map((r) => (
          <tr key={r.partition}>
            <th scope="row">{r.partition}</th>
            <td>{r.role}</td>
            <td>{r.leaderEpoch}</td>
            <td>{logEndOffset(r)}</td>
            <td>{r.highWatermark}</td>
            <td>{r.role === 'leader' ? list(r.isr) : none}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TxnCoordinatorFields({ ctx }: { ctx: TxnCoordinatorContext }) {
  return (
    <Fields>
      <Field name="transactional.id">{ctx.transactionalId ?? none}</Field>
      <Field name="Producer id / epoch">
        {pid(ctx.producerId)} / {ctx.producerId < 0 ? 'none' : ctx.epoch}
      </Field>
      <Field name="Partitions in the transaction">{list(ctx.partitions)}</Field>
      {ctx.groupId ? <Field name="Offsets for group">{ctx.groupId}</Field> : null}
      <Field name="Pending markers">{list(ctx.pendingMarkers)}</Field>
    </Fields>
  );
}

function GroupCoordinatorFields({ ctx }: { ctx: GroupCoordinatorContext }) {
  const committed = Object.entries(ctx.committed);
  const pending = Object.entries(ctx.pending);
  return (
    <Fields>
      <Field name="Committed offsets">
        {committed.length === 0 ? none : list(committed.map(([g, o]) => `${g}: ${offsets(o)}`))}
      </Field>
      <Field name="Pending transactional offsets">
        {pending.length === 0
          ? none
          : list(pending.map(([p, v]) => `${v.groupId}: ${offsets(v.offsets)} (producer ${p})`))}
      </Field>
    </Fields>
  );
}

function ConsumerFields({ ctx }: { ctx: ConsumerContext }) {
  return (
    <Fields>
      <Field name="Partition / isolation">
        {ctx.partition} / {ctx.config.isolationLevel}
      </Field>
      <Field name="Position">{ctx.position ?? 'unknown yet'}</Field>
      <Field name="Last poll returned">
        {list(ctx.returned.map((e) => `${e.record?.id ?? e.kind}@${e.offset}`))}
      </Field>
      <Field name="Processed">{ctx.processed}</Field>
      {ctx.error ? <Field name="Error">{ctx.error}</Field> : null}
    </Fields>
  );
}

const PART_TITLES: Record<string, string> = {
  producer: 'Producer',
  consumer: 'Consumer',
  broker: 'Broker',
  txnCoordinator: 'Transaction coordinator',
  groupCoordinator: 'Group coordinator',
};

function Part({ kind, snapshot, only }: { kind: string; snapshot: AnyMachineSnapshot; only: boolean }) {
  const name = stateName(snapshot);
  const ctx: unknown = snapshot.context;
  // The transaction coordinator's leaf states carry Kafka's own names (Empty, Ongoing, PrepareCommit…).
  const leaf = name.split('.').pop() ?? name;
  return (
    <div className="actor-state__part">
      <p className="actor-state__machine">
        <span className="muted">{only ? 'State' : (PART_TITLES[kind] ?? kind)}</span>{' '}
        {kind === 'txnCoordinator' ? (
          <code className="actor-state__state" title={name}>
            {leaf}
          </code>
        ) : (
          <code className="actor-state__state">{name}</code>
        )}
      </p>
      {kind === 'producer' ? <ProducerFields ctx={ctx as ProducerContext} /> : null}
      {kind === 'broker' ? <BrokerFields ctx={ctx as BrokerContext} /> : null}
      {kind === 'txnCoordinator' ? <TxnCoordinatorFields ctx={ctx as TxnCoordinatorContext} /> : null}
      {kind === 'groupCoordinator' ? <GroupCoordinatorFields ctx={ctx as GroupCoordinatorContext} /> : null}
      {kind === 'consumer' ? <ConsumerFields ctx={ctx as ConsumerContext} /> : null}
    </div>
  );
}

/** One participant; re-rendered only when its node (or, for the sink, the effects) changed. */
const ActorCard = memo(function ActorCard({
  participant,
  node,
  effects,
}: {
  participant: Participant;
  node: NodeState | undefined;
  effects: Record<string, number> | undefined;
}) {
  const parts = Object.entries(node?.parts ?? {}).filter(
    (entry): entry is [string, AnyMachineSnapshot] => entry[1] !== undefined,
  );
  const down = node?.down ?? false;
  return (
    <li
      className={`actor-state__card${down ? ' actor-state__card--down' : ''}`}
      data-testid={`actor-${participant.id}`}
    >
      <h3 className="actor-state__name">
        {participant.label}
        {down ? (
          <span className="actor-state__down">
            <Icon name="down" /> down
          </span>
        ) : null}
      </h3>
      {parts.map(([kind, snapshot]) => (
        <Part key={kind} kind={kind} snapshot={snapshot} only={parts.length === 1} />
      ))}
      {participant.role === 'sink' ? (
        <Fields>
          <Field name="Effects outside Kafka">
            {list(Object.entries(effects ?? {}).map(([r, n]) => `${r} ×${n}`))}
          </Field>
        </Fields>
      ) : null}
    </li>
  );
});

/** Every participant's machine state and the context that matters for delivery semantics. */
function ActorStatePanel({ run }: { run: Run }) {
  const headingId = useId();
  const { world } = run;
  return (
    <section className="actor-state" aria-labelledby={headingId}>
      <h2 id={headingId}>Inside each component</h2>
      <ul className="actor-state__cards">
        {world.participants.map((p) => (
          <ActorCard
            key={p.id}
            participant={p}
            node={world.nodes[p.id]}
            effects={p.role === 'sink' ? world.stats.effects : undefined}
          />
        ))}
      </ul>
    </section>
  );
}

export const ActorState = deferred(ActorStatePanel);
