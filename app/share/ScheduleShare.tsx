import { useMemo } from 'react';
import { describeFault, documentWithSchedule, scheduleOf } from '../../src/analysis.ts';
import { RUN_LINK_VERSION, runLinkHash } from '../../src/links.ts';
import { usePlaygroundStore, useRun } from '../playground/hooks.ts';
import { download } from './exportImage.ts';
import './ScheduleShare.css';

/**
 * The faults of the run on screen — the ones injected by hand, and a lesson's — as a fault schedule
 * (src/lab/schedule.ts): said in words, and carried out as a scenario file, a link or into the lab, where
 * it applies under any configuration. Mounted only while the Share menu is open: it replays the run.
 */
export function ScheduleShare({ copyUrl }: { copyUrl: (url: string, what: string) => void }) {
  const run = useRun();
  const store = usePlaygroundStore();
  const schedule = useMemo(() => scheduleOf(run.scenario, run.choices), [run.scenario, run.choices]);
  const document = () => documentWithSchedule(run.scenario, schedule);
  const file = `${run.scenario.id}-schedule.json`;
  const link = () =>
    `${location.href.split('#')[0] ?? ''}${runLinkHash({ v: RUN_LINK_VERSION, scenario: document(), choices: [], step: 0 })}`;
  const openInLab = () => {
    const { restore, setView } = store.getState();
    restore({ source: { kind: 'custom', doc: document() }, choices: [], cursor: 0 });
    setView('lab');
  };
  return (
    <div className="share-menu__group" role="group" aria-label="The run's faults as a schedule">
      <p className="share-menu__schedule-title">The run’s faults as a schedule</p>
      {schedule.length === 0 ? (
        <p className="muted">No fault yet: lose a message, crash a node or fire a timer first.</p>
      ) : (
        <ol className="share-menu__schedule" data-testid="fault-schedule">
          {schedule.map((fault, i) => (
            <li key={i}>{describeFault(fault)}</li>
          ))}
        </ol>
      )}
      <button
        type="button"
        disabled={schedule.length === 0}
        onClick={() =>
          download(new Blob([JSON.stringify(document(), null, 2)], { type: 'application/json' }), file)
        }
      >
        Download scenario with the schedule
      </button>
      <button type="button" disabled={schedule.length === 0} onClick={() => copyUrl(link(), 'the schedule')}>
        Copy link with the schedule
      </button>
      <button type="button" disabled={schedule.length === 0} onClick={openInLab}>
        Open in the lab with the schedule
      </button>
    </div>
  );
}
