import './CompareView.css';

/**
 * What the sidebar says while Compare is shown: the run's own actions, log and ledger would describe
 * none of the columns (each shows its own), and clicking an action there would change the schedule
 * being compared behind the learner's back.
 */
export function CompareSidebarNote() {
  return (
    <section className="compare-note" aria-labelledby="compare-note-h">
      <h2 id="compare-note-h">Comparing</h2>
      <p>
        Each column replays this run&rsquo;s faults under its configuration and shows its own log and ledger;
        Next, Back and Play step them together.
      </p>
      <p className="muted">
        To add or change a fault, go back to <strong>Diagram</strong>, break the run there (click a message in
        flight, or a lane&rsquo;s <em>Crash</em>), then compare again. The check box above the columns adds
        one for this run&rsquo;s own configuration.
      </p>
    </section>
  );
}
