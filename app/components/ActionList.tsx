import { Fragment, memo, useId, useMemo, useState, type ReactNode } from 'react';
import {
  choiceVerb,
  isDown,
  type EnabledAction,
  type InFlightMessage,
  type Participant,
  scriptProgress,
  type World,
} from '../../src/index.ts';
import { usePlayground, useRunValue } from '../playground/hooks.ts';
import { Icon, type IconName } from './Icon.tsx';
import './ActionList.css';

interface MessageRow {
  id: number;
  message: InFlightMessage | undefined;
  actions: EnabledAction[];
}

interface NodeRow {
  participant: Participant | undefined;
  node: string;
  down: boolean;
  actions: EnabledAction[];
}

interface Groups {
  messages: MessageRow[];
  nodes: NodeRow[];
  timers: EnabledAction[];
  app: EnabledAction[];
  fetch: EnabledAction[];
}

const VERBS: Partial<Record<EnabledAction['kind'], string>> = {
  deliver: 'Deliver',
  lose: 'Lose',
  hold: 'Hold back',
  crash: 'Crash',
  restart: 'Restart',
};

/** Sorts what `enabledActions` offers into the list's groups; no action is made up or hidden. */
function groupActions(world: World, actions: EnabledAction[]): Groups {
  const groups: Groups = { messages: [], nodes: [], timers: [], app: [], fetch: [] };
  const byMessage = new Map<number, MessageRow>();
  const byNode = new Map<string, NodeRow>();
  for (const a of actions) {
    if (
      (a.kind === 'deliver' || a.kind === 'lose' || a.kind === 'hold' || a.kind === 'error') &&
      a.messageId !== undefined
    ) {
      let row = byMessage.get(a.messageId);
      if (!row) {
        row = { id: a.messageId, message: world.network.find((m) => m.id === a.messageId), actions: [] };
        byMessage.set(a.messageId, row);
        groups.messages.push(row);
      }
      row.actions.push(a);
    } else if (a.kind === 'crash' || a.kind === 'restart') {
      let row = byNode.get(a.node);
      if (!row) {
        row = {
          node: a.node,
          participant: world.participants.find((p) => p.id === a.node),
          down: isDown(world, a.node),
          actions: [],
        };
        byNode.set(a.node, row);
        groups.nodes.push(row);
      }
      row.actions.push(a);
    } else if (a.kind === 'timer') groups.timers.push(a);
    else if (a.kind === 'app') groups.app.push(a);
    else groups.fetch.push(a);
  }
  return groups;
}

interface Marks {
  next: string | undefined;
  natural: string | undefined;
  suggested: string | undefined;
}

/** The marks an action carries, as words (an icon beside them is decoration). */
function Badges({ next, natural, suggested }: { next: boolean; natural: boolean; suggested: boolean }) {
  const badges: { key: string; icon: IconName | null; text: string; modifier: string }[] = [];
  if (next) badges.push({ key: 'next', icon: 'play', text: 'Next', modifier: 'next' });
  else if (natural) badges.push({ key: 'natural', icon: null, text: 'Happy path', modifier: 'natural' });
  if (suggested) badges.push({ key: 'suggested', icon: 'star', text: 'Suggested', modifier: 'suggested' });
  return badges.map((b) => (
    <Fragment key={b.key}>
      {' '}
      <span className={`action-list__badge action-list__badge--${b.modifier}`}>
        {b.icon ? <Icon name={b.icon} /> : null}
        {b.text}
      </span>
    </Fragment>
  ));
}

interface ActionButtonProps {
  id: string;
  /** The action in full: the button's tooltip. */
  title: string;
  /** What the button says: a verb, or the action's label (`code`: an application call, read as code). */
  text: string;
  code?: boolean;
  /** Words for a screen reader after the verb (which message, which node). */
  hidden?: string;
  next: boolean;
  natural: boolean;
  suggested: boolean;
  onChoose: (id: string) => void;
}

/** One action's button. Memoised on primitives: a step re-renders only the buttons whose words or marks changed. */
const ActionButton = memo(function ActionButton({
  id,
  title,
  text,
  code,
  hidden,
  next,
  natural,
  suggested,
  onChoose,
}: ActionButtonProps) {
  return (
    <button
      type="button"
      className={`action-list__button${next || suggested ? ' action-list__button--marked' : ''}`}
      data-testid={`action-${id}`}
      title={title}
      onClick={() => onChoose(id)}
    >
      {code === undefined ? (
        text
      ) : (
        <span className={`action-list__label${code ? ' action-list__code' : ''}`}>{text}</span>
      )}
      {hidden ? <span className="visually-hidden"> {hidden}</span> : null}
      <Badges next={next} natural={natural} suggested={suggested} />
    </button>
  );
});

/** The button props an action's marks give it. */
const marksOf = (id: string, marks: Marks) => ({
  next: id === marks.next,
  natural: id === marks.natural,
  suggested: id === marks.suggested,
});

/** "Next", "Suggested" or both, when the group holds the action so marked. */
const contains = (actions: EnabledAction[], marks: Marks): string | null => {
  const ids = new Set(actions.map((a) => a.id));
  const parts = [
    marks.next && ids.has(marks.next) ? 'Next' : null,
    marks.suggested && ids.has(marks.suggested) ? 'Suggested' : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : null;
};

/**
 * A collapsible group of `count` rows offering `actions`: open by default (or when it holds the next or
 * suggested action) until toggled; its summary says which marks it holds.
 */
function Group({
  title,
  count,
  actions,
  marks,
  defaultOpen,
  children,
}: {
  title: string;
  count: number;
  actions: EnabledAction[];
  marks: Marks;
  defaultOpen: boolean;
  children: ReactNode;
}) {
  const marked = contains(actions, marks);
  const [userOpen, setUserOpen] = useState<boolean | null>(null);
  const open = userOpen ?? (defaultOpen || marked !== null);
  return (
    <details
      className="action-list__group"
      open={open}
      onToggle={(e) => {
        if (e.currentTarget.open !== open) setUserOpen(e.currentTarget.open);
      }}
    >
      <summary className="action-list__summary">
        <span className="action-list__title">{title}</span> <span className="muted">({count})</span>
        {marked ? <span className="action-list__summary-mark"> · {marked}</span> : null}
      </summary>
      {children}
    </details>
  );
}

/** In-flight messages listed before "Show all": enough for any lesson, cheap for a stranded thousand. */
const MESSAGES_SHOWN = 30;

/** The groups whose rows are one button each, labelled by the action itself; app calls read as code. */
const PLAIN_GROUPS: ReadonlyArray<{ key: 'timers' | 'app' | 'fetch'; title: string; code: boolean }> = [
  { key: 'timers', title: 'Timers', code: false },
  { key: 'app', title: 'Application', code: true },
  { key: 'fetch', title: 'Replication', code: false },
];

/**
 * Every choice the world offers now, grouped: messages in flight (deliver, lose, hold back), nodes
 * (crash, restart), due timers, the applications' calls and the followers' fetches. The action the
 * Next button takes is badged "Next", the scenario's scripted one "Suggested".
 */
export function ActionList() {
  const world = useRunValue((r) => r.world);
  const actions = useRunValue((r) => r.actions);
  const choose = usePlayground((s) => s.choose);
  // What Next does first: replay the recorded choice if there is one, else the lesson's next choice
  // while the run follows it, else the natural step.
  const recorded = usePlayground((s) => (s.cursor < s.choices.length ? s.choices[s.cursor] : undefined));
  const lessonNext = useRunValue((r) => (r.position.onLesson ? r.lesson?.choices[r.cursor] : undefined));
  const natural = useRunValue((r) => r.natural?.id);
  const headingId = useId();
  const groups = useMemo(() => groupActions(world, actions), [world, actions]);
  const suggested = useMemo(() => scriptProgress(world).next?.actionId, [world]);
  const marks: Marks = { next: recorded ?? lessonNext ?? natural, natural, suggested };
  const anyDown = groups.nodes.some((n) => n.down);
  // A run can strand thousands of messages (a node crashed and restarted again and again): the list
  // shows the first few, and always the ones Next or the lesson points at, until asked for all.
  const [showAll, setShowAll] = useState(false);
  const marked = new Set([marks.next, marks.natural, marks.suggested]);
  const shownMessages =
    showAll || groups.messages.length <= MESSAGES_SHOWN
      ? groups.messages
      : groups.messages.filter((row, i) => i < MESSAGES_SHOWN || row.actions.some((a) => marked.has(a.id)));

  return (
    <section className="action-list" aria-labelledby={headingId}>
      <h2 id={headingId}>What can happen next</h2>
      {actions.length === 0 ? <p className="muted">Nothing can happen: the run is over.</p> : null}

      <Group
        title="In flight"
        count={groups.messages.length}
        actions={groups.messages.flatMap((m) => m.actions)}
        marks={marks}
        defaultOpen
      >
        {groups.messages.length === 0 ? (
          <p className="action-list__empty muted">No message is on the network.</p>
        ) : (
          <ul className="action-list__rows">
            {shownMessages.map((row) => {
              const m = row.message;
              const what = m ? `${m.body.name} ${m.from} → ${m.to}` : `message ${row.id}`;
              return (
                <li key={row.id} className="action-list__message">
                  <p className="action-list__what">
                    <strong>{m?.body.name ?? `message ${row.id}`}</strong>{' '}
                    {m ? (
                      <span className="action-list__route">
                        {m.from} → {m.to}
                      </span>
                    ) : null}{' '}
                    {m ? <span className="action-list__payload muted">{m.summary}</span> : null}
                    {m?.heldBack ? <span className="action-list__held"> · held back</span> : null}
                  </p>
                  <div className="action-list__buttons">
                    {row.actions.map((a) => (
                      <ActionButton
                        key={a.id}
                        id={a.id}
                        title={a.label}
                        text={VERBS[a.kind] ?? choiceVerb(a)}
                        hidden={what}
                        {...marksOf(a.id, marks)}
                        onChoose={choose}
                      />
                    ))}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        {shownMessages.length < groups.messages.length ? (
          <button type="button" className="action-list__more" onClick={() => setShowAll(true)}>
            Show all {groups.messages.length.toLocaleString('en')} messages in flight
          </button>
        ) : null}
      </Group>

      {groups.nodes.length > 0 ? (
        <Group
          title="Nodes"
          count={groups.nodes.length}
          actions={groups.nodes.flatMap((n) => n.actions)}
          marks={marks}
          defaultOpen={anyDown}
        >
          <ul className="action-list__nodes">
            {groups.nodes.map((row) => (
              <li key={row.node} className="action-list__node">
                <span className="action-list__node-name">
                  {row.participant?.label ?? row.node}
                  {row.down ? (
                    <span className="action-list__down">
                      {' '}
                      <Icon name="down" /> down
                    </span>
                  ) : null}
                </span>
                {row.actions.map((a) => (
                  <ActionButton
                    key={a.id}
                    id={a.id}
                    title={a.label}
                    text={VERBS[a.kind] ?? a.kind}
                    hidden={row.participant?.label ?? row.node}
                    {...marksOf(a.id, marks)}
                    onChoose={choose}
                  />
                ))}
              </li>
            ))}
          </ul>
        </Group>
      ) : null}
      {PLAIN_GROUPS.map(({ key, title, code }) =>
        groups[key].length > 0 ? (
          <Group
            key={key}
            title={title}
            count={groups[key].length}
            actions={groups[key]}
            marks={marks}
            defaultOpen
          >
            <ul className="action-list__rows">
              {groups[key].map((a) => (
                <li key={a.id}>
                  <ActionButton
                    id={a.id}
                    title={a.label}
                    text={a.label}
                    code={code}
                    {...marksOf(a.id, marks)}
                    onChoose={choose}
                  />
                </li>
              ))}
            </ul>
          </Group>
        ) : null,
      )}
    </section>
  );
}
