import { useMemo } from 'react';
import { scriptProgress } from '../../src/sim/script.ts';
import { usePlayground } from '../state/store.ts';
import type { Run } from '../state/useRun.ts';
import { Icon } from './Icon.tsx';
import { RichText } from './RichText.tsx';
import './Narration.css';

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
              <Icon name="star" /> Try this
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
        {scripted ? (
          <p className="narration__scripted">
            <RichText text={scripted} />
          </p>
        ) : null}
        <p>
          <RichText text={step ? step.narration : run.scenario.description} />
        </p>
      </div>
    </section>
  );
}
