import { memo, useId, useMemo, type ReactNode } from 'react';
import {
  actorSummaries,
  type ActorSummary,
  type PartSummary,
  type ReplicaSummary,
} from '../../src/analysis.ts';
import type { Run } from '../playground/run.ts';
import { Icon } from './Icon.tsx';
import './ActorState.css';
import { deferred } from './deferred.tsx';

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

function ReplicaTable({ replicas }: { replicas: readonly ReplicaSummary[] }) {
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
            <td>{r.logEndOffset}</td>
            <td>{r.highWatermark}</td>
            <td>{r.isr}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Part({ part, only }: { part: PartSummary; only: boolean }) {
  return (
    <div className="actor-state__part">
      <p className="actor-state__machine">
        <span className="muted">{only ? 'State' : part.title}</span>{' '}
        <code className="actor-state__state" title={part.fullState}>
          {part.state}
        </code>
      </p>
      {part.replicas ? <ReplicaTable replicas={part.replicas} /> : null}
      {part.fields.length > 0 ? (
        <Fields>
          {part.fields.map((f) => (
            <Field key={f.name} name={f.name}>
              {f.value}
            </Field>
          ))}
        </Fields>
      ) : null}
    </div>
  );
}

/** One participant; its summary is a new object only when its node (or, for the sink, the effects) changed. */
const ActorCard = memo(function ActorCard({ actor }: { actor: ActorSummary }) {
  return (
    <li
      className={`actor-state__card${actor.down ? ' actor-state__card--down' : ''}`}
      data-testid={`actor-${actor.id}`}
    >
      <h3 className="actor-state__name">
        {actor.label}
        {actor.down ? (
          <span className="actor-state__down">
            <Icon name="down" /> down
          </span>
        ) : null}
      </h3>
      {actor.parts.map((part) => (
        <Part key={part.kind} part={part} only={actor.parts.length === 1} />
      ))}
      {actor.effects !== undefined ? (
        <Fields>
          <Field name="Effects outside Kafka">{actor.effects}</Field>
        </Fields>
      ) : null}
    </li>
  );
});

/** Every participant's machine state and the context that matters for delivery semantics. */
function ActorStatePanel({ run }: { run: Run }) {
  const headingId = useId();
  const actors = useMemo(() => actorSummaries(run.world), [run.world]);
  return (
    <section className="actor-state" aria-labelledby={headingId}>
      <h2 id={headingId}>Inside each component</h2>
      <ul className="actor-state__cards">
        {actors.map((actor) => (
          <ActorCard key={actor.id} actor={actor} />
        ))}
      </ul>
    </section>
  );
}

export const ActorState = deferred(ActorStatePanel);
