import { useState } from 'react';
import './Intro.css';

const KEY = 'kafka-semantics-playground:intro-dismissed';

const dismissedBefore = (): boolean => {
  try {
    return localStorage.getItem(KEY) === 'yes';
  } catch {
    return false;
  }
};

/**
 * The first screen's three sentences: how to use the playground, until the user says they have read
 * them (remembered; without storage, for the page).
 */
export function Intro() {
  const [open, setOpen] = useState(() => !dismissedBefore());
  if (!open) return null;
  const dismiss = () => {
    setOpen(false);
    try {
      localStorage.setItem(KEY, 'yes');
    } catch {
      // Not remembered; closed for this page.
    }
  };
  return (
    <aside className="intro" aria-label="How to use the playground" data-testid="intro">
      <ol>
        <li>
          <strong>Pick a lesson</strong> in the scenario list: each shows one way Kafka loses, duplicates or
          keeps a record.
        </li>
        <li>
          <strong>Press Next</strong> (or <kbd>→</kbd>, <kbd>Space</kbd>, a clicker): each press shows one
          beat, the lesson&apos;s faults included, up to the point it makes.
        </li>
        <li>
          <strong>Break things yourself:</strong> click a message in flight to lose or hold it, or a
          lane&apos;s <em>Crash</em> button. The run becomes free play, and the way back to the lesson stays
          on screen.
        </li>
      </ol>
      <button type="button" onClick={dismiss}>
        Got it
      </button>
    </aside>
  );
}
