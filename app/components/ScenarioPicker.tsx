import { memo, useEffect, useId, useMemo, useRef, useState, type ChangeEvent } from 'react';
import type { Chapter, ScenarioDocument } from '../../src/index.ts';
import { catalogModule, linksModule } from '../lazy/modules.ts';
import { preloadWhenIdle } from '../lazy/preloadWhenIdle.ts';
import { usePlayground } from '../playground/hooks.ts';
import { resolveScenario } from '../state/scenario.ts';
import './ScenarioPicker.css';

const CHAPTER_LABELS: Record<Chapter, string> = {
  'at-most-once': 'At-most-once',
  'at-least-once': 'At-least-once',
  'exactly-once': 'Exactly-once',
  beyond: 'Beyond the basics',
};

const CUSTOM = '__custom__';
/** A scenario file is a few kilobytes; anything this large is not one. */
const MAX_FILE_BYTES = 1_000_000;

/** Why a file cannot be opened, or the parsed JSON. The parse of the document itself is the caller's. */
async function readJson(file: File): Promise<{ ok: true; json: unknown } | { ok: false; message: string }> {
  if (file.size > MAX_FILE_BYTES)
    return {
      ok: false,
      message: `${file.name} is ${Math.round(file.size / 1024)} kB: a scenario file is a few kB of JSON.`,
    };
  try {
    const text = await file.text();
    // Editors on Windows may save a byte-order mark, which JSON.parse rejects.
    return { ok: true, json: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (e) {
    return {
      ok: false,
      message: `${file.name} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

/**
 * The built-in scenarios by chapter, the one-line description, and "Open a scenario file…". Memoised (no
 * props): a step does not touch it. The catalog loads when the page is idle; until then the list holds
 * the scenario on screen, which is all a closed select shows (its width is the layout's, not its options').
 */
export const ScenarioPicker = memo(function ScenarioPicker() {
  const source = usePlayground((s) => s.source);
  const loadScenario = usePlayground((s) => s.loadScenario);
  const notify = usePlayground((s) => s.notify);
  const [reading, setReading] = useState(false);
  const ids = { select: useId(), description: useId() };
  const fileInput = useRef<HTMLInputElement>(null);
  const [catalog, setCatalog] = useState(catalogModule.loaded);
  useEffect(
    () => (catalog ? undefined : preloadWhenIdle([() => catalogModule.preload().then(setCatalog)])),
    [catalog],
  );

  // The title and description of what is loaded; a custom document is shown by its own title.
  const current = useMemo(() => {
    const resolved = resolveScenario(source, null);
    return resolved.ok ? resolved.scenario : undefined;
  }, [source]);
  const value = source.kind === 'builtin' ? source.id : CUSTOM;
  const listed = catalog?.SCENARIOS ?? (source.kind === 'builtin' && current ? [current] : []);
  const chapters = catalog?.CHAPTERS ?? listed.map((s) => s.chapter);

  const onSelect = (e: ChangeEvent<HTMLSelectElement>) => {
    const id = e.target.value;
    if (id !== CUSTOM && listed.some((s) => s.id === id)) loadScenario({ kind: 'builtin', id });
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.target;
    const file = input.files?.[0];
    // Cleared at once, so choosing the same file again (after fixing it) fires another change.
    input.value = '';
    if (!file) return;
    setReading(true);
    const read = await readJson(file);
    setReading(false);
    // On any problem the current run is kept: the notice says what is wrong, nothing is replaced.
    if (!read.ok) {
      notify(read.message);
      return;
    }
    const { parseScenarioDocument } = await linksModule.preload();
    const parsed = parseScenarioDocument(read.json);
    if (!parsed.ok) {
      const [first, ...rest] = parsed.errors;
      const more =
        rest.length > 0 ? ` (and ${rest.length} more: ${rest.map((r) => r.message).join('; ')})` : '';
      notify(`${file.name} is not a valid scenario: ${first?.message ?? 'unknown problem'}${more}`);
      return;
    }
    notify(null);
    loadScenario({ kind: 'custom', doc: read.json as ScenarioDocument });
  };

  return (
    <div className="scenario-picker">
      <label className="scenario-picker__label" htmlFor={ids.select}>
        Scenario
      </label>
      <select
        id={ids.select}
        className="scenario-picker__select"
        value={value}
        aria-describedby={ids.description}
        onChange={onSelect}
      >
        {source.kind === 'custom' ? (
          <optgroup label="Custom">
            <option value={CUSTOM}>{current?.title ?? source.doc.title ?? 'Scenario file'}</option>
          </optgroup>
        ) : null}
        {chapters.map((chapter) => (
          <optgroup key={chapter} label={CHAPTER_LABELS[chapter]}>
            {listed
              .filter((s) => s.chapter === chapter)
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
      <button
        type="button"
        className="scenario-picker__file"
        aria-busy={reading}
        title="A scenario document (.json), as described in the README"
        onClick={() => fileInput.current?.click()}
      >
        {reading ? 'Reading…' : 'Open a scenario file…'}
      </button>
      {/* Reached through the button: a labelled file input would answer to "Scenario" too. */}
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => void onFile(e)}
      />
      <p id={ids.description} className="scenario-picker__description muted">
        {current?.description ?? ''}
      </p>
    </div>
  );
});
