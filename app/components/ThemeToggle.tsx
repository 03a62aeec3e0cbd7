import { memo, useId } from 'react';
import { type Theme } from '../state/store.ts';
import { usePlayground } from '../playground/hooks.ts';
import './ThemeToggle.css';

const THEMES: ReadonlyArray<{ value: Theme; label: string; hint: string }> = [
  { value: 'auto', label: 'Auto', hint: 'Follow the system setting' },
  { value: 'light', label: 'Light', hint: 'Light theme' },
  { value: 'dark', label: 'Dark', hint: 'Dark theme' },
];

/**
 * Auto / Light / Dark as a native radio group: arrow keys move between the options. Memoised: it has no
 * props, and React rewrites a radio's name and type on every render, which a step should not pay for.
 */
export const ThemeToggle = memo(function ThemeToggle() {
  const theme = usePlayground((s) => s.theme);
  const setTheme = usePlayground((s) => s.setTheme);
  // One radio group per playground, even with several on a page.
  const name = useId();
  return (
    <fieldset className="theme-toggle">
      <legend className="visually-hidden">Theme</legend>
      {THEMES.map((t) => (
        <label key={t.value} className="theme-toggle__option" title={t.hint}>
          <input
            className="theme-toggle__input"
            type="radio"
            name={name}
            value={t.value}
            checked={theme === t.value}
            onChange={() => setTheme(t.value)}
          />
          <span>{t.label}</span>
        </label>
      ))}
    </fieldset>
  );
});
