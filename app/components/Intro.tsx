import { useState } from 'react';
import './Intro.css';

/** Where the dismissal is remembered (index.html's first paint reads it too, so a dismissed intro does not flash). */
export const INTRO_DISMISSED_KEY = 'kafka-semantics-playground:intro-dismissed';

const dismissedBefore = (): boolean => {
  try {
    return localStorage.getItem(INTRO_DISMISSED_KEY) === 'yes';
  } catch {
    return false;
  }
};

/**
 * The first screen's one-line how-to, until the user says they have read it (remembered; without
 * storage, for the page). One line on a laptop, so the diagram keeps its room.
 */
export function Intro() {
  const [open, setOpen] = useState(() => !dismissedBefore());
  if (!open) return null;
  const dismiss = () => {
    setOpen(false);
    try {
      localStorage.setItem(INTRO_DISMISSED_KEY, 'yes');
    } catch {
      // Not remembered; closed for this page.
    }
  };
  return (
    <aside className="intro" aria-label="How to use the playground" data-testid="intro">
      <p>
        <strong>Pick a lesson</strong>, then <strong>press Next</strong> (<kbd>→</kbd>, <kbd>Space</kbd>, a
        clicker): each press shows one beat, faults included, up to the lesson&apos;s point.{' '}
        <strong>Break things yourself:</strong> click a message in flight, or a lane&apos;s <em>Crash</em>.
      </p>
      <button type="button" onClick={dismiss}>
        Got it
      </button>
    </aside>
  );
}
