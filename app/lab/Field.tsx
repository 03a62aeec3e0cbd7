import { useId, type ReactNode } from 'react';

/**
 * A labelled control: the label points at the control by id rather than wrapping it, so a select's name
 * is its label alone, not the label plus the option shown.
 */
export function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <span className="lab-field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </span>
  );
}
