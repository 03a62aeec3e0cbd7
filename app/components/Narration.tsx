import { useMemo } from 'react';
import type { ScriptedChoice } from '../../src/scenarios/types.ts';
import { ordinal, resolveChoice } from '../../src/sim/run.ts';
import type { World } from '../../src/sim/world.ts';
import { usePlayground } from '../state/store.ts';
import type { Run } from '../state/useRun.ts';
import './Narration.css';

/**
 * Where the run stands against the scenario's script: the entries taken so far are matched in order
 * against the steps, and the next entry is suggested once the world offers it. Matching a step to an
 * entry reads the script's own forms ("lose:7", "lose:ProduceResponse", "deliver:Produce#2"), the same
 * grammar `resolveChoice` reads.
 */
export interface ScriptProgress {
  /** The next scripted choice, offered now, and the action id it resolves to. */
  next: { entry: ScriptedChoice; actionId: string } | undefined;
  /** Step index (1-based) → the scripted choice that step took. */
  taken: Map<number, ScriptedChoice>;
}

const progressCache = new WeakMap<World, ScriptProgress>();

/** Shared by Narration (the prompt) and ActionList (the "Suggested" mark); cached per world. */
export function scriptProgress(world: World): ScriptProgress {
  const cached = progressCache.get(world);
  if (cached) return cached;
  const script = world.scenario.script ?? [];
  const names = new Map<number, string>();
  for (const s of world.steps)
    for (const e of s.events)
      if (e.kind === 'send' && e.messageId !== undefined) names.set(e.messageId, e.name);
  const matches = (actionId: string, choice: string): boolean => {
    if (actionId === choice) return true;
    const [verb = '', target = ''] = choice.split(':');
    if (!actionId.startsWith(`${verb}:`)) return false;
    const id = Number(actionId.slice(verb.length + 1));
    const [name, nth] = target.split('#');
    if (!Number.isInteger(id) || names.get(id) !== name) return false;
    return nth === undefined || ordinal(world, id) === Number(nth);
  };
  const taken = new Map<number, ScriptedChoice>();
  let k = 0;
  for (const s of world.steps) {
    const entry = script[k];
    if (!entry) break;
    if (matches(s.action, entry.action)) {
      taken.set(s.index, entry);
      k++;
    }
  }
  const entry = script[k];
  const actionId = entry ? resolveChoice(world, entry.action) : undefined;
  const progress: ScriptProgress = {
    next: entry && actionId ? { entry, actionId } : undefined,
    taken,
  };
  progressCache.set(world, progress);
  return progress;
}

/** The current step's narration (a polite live region), and the scenario's "try this" prompt. */
export function Narration({ run }: { run: Run }) {
  const choose = usePlayground((s) => s.choose);
  const progress = useMemo(() => scriptProgress(run.world), [run.world]);
  const step = run.world.steps[run.cursor - 1];
  const scripted = step ? progress.taken.get(step.index)?.narration : undefined;
  const prompt = progress.next?.entry.tryThis;
  const suggested = progress.next ? run.actions.find((a) => a.id === progress.next?.actionId) : undefined;

  return (
    <section className="narration" aria-label="Narration">
      <div className="narration__prompt-region" aria-live="polite">
        {prompt && suggested ? (
          <p className="narration__prompt" data-testid="try-this">
            <span className="narration__prompt-badge">
              <span aria-hidden="true">★ </span>Try this
            </span>{' '}
            <span>{prompt}</span>{' '}
            <button
              type="button"
              className="narration__do"
              title={suggested.label}
              onClick={() => choose(suggested.id)}
            >
              Do it<span className="visually-hidden">: {suggested.label}</span>
            </button>
          </p>
        ) : null}
      </div>
      <p className="narration__where muted">
        {step ? `Step ${step.index} · ${step.time} ms` : `${run.scenario.title} · before the first step`}
      </p>
      <div className="narration__text" aria-live="polite" data-testid="narration">
        {scripted ? <p className="narration__scripted">{scripted}</p> : null}
        <p>{step ? step.narration : run.scenario.description}</p>
      </div>
    </section>
  );
}
