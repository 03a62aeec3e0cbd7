import { useEffect } from 'react';
import { useRunValue } from '../playground/hooks.ts';
import { replaceSearch, searchFor } from './labUrl.ts';
import { ExplorerPanel } from './ExplorerPanel.tsx';
import { MonteCarloPanel } from './MonteCarloPanel.tsx';
import { freeLabWorkers } from './workers.ts';
import './lab.css';

/** The lab page: the Monte-Carlo lab and the explorer on the run's scenario (the top bar's picker chooses it). */
export function LabPage() {
  const scenario = useRunValue((r) => r.scenario);
  // Leaving the lab takes `view=lab` and its settings out of the address bar.
  useEffect(() => () => replaceSearch(searchFor(location.search, null)), []);
  // The kept workers (a thread and its heap each) go with the page; a job still running is
  // cancelled by its panel.
  useEffect(() => freeLabWorkers, []);
  return (
    <main className="lab-page" aria-label="Lab">
      <p className="lab-scenario">
        {`On “${scenario.title}”: its pipeline and workload under each configuration (another scenario can be picked in the top bar).`}
      </p>
      <div className="lab-panels">
        <MonteCarloPanel scenario={scenario} />
        <ExplorerPanel scenario={scenario} />
      </div>
    </main>
  );
}
