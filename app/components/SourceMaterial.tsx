import { Suspense, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Run } from '../playground/run.ts';
import { LazyCodePanel } from '../lazy/panels.ts';
import { deferred } from './deferred.tsx';
import { SemanticsTable } from './SemanticsTable.tsx';
import './SourceMaterial.css';

const TABS = [
  { id: 'semantics', label: 'Semantics' },
  { id: 'code', label: 'Code' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/**
 * The product's source material beside the run: the seeds' mode / risk / guarantee table and their code
 * (configuration and application loop), as two tabs (WAI-ARIA tabs: arrow keys, Home and End move).
 */
function SourceMaterialPanel({ run }: { run: Run }) {
  const uid = useId();
  const [tab, setTab] = useState<Tab>('semantics');
  const tabs = useRef<Record<Tab, HTMLButtonElement | null>>({ semantics: null, code: null });
  const onKeyDown = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const to =
      e.key === 'ArrowRight'
        ? (i + 1) % TABS.length
        : e.key === 'ArrowLeft'
          ? (i - 1 + TABS.length) % TABS.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? TABS.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    // The playground's own keys (→ steps the run) must not also act on the tab list.
    e.stopPropagation();
    const next = (TABS[to] as (typeof TABS)[number]).id;
    setTab(next);
    tabs.current[next]?.focus();
  };
  return (
    <section className="source" aria-labelledby={`${uid}-heading`} data-testid="source-material">
      <h2 id={`${uid}-heading`}>Source material</h2>
      <div className="source__tabs" role="tablist" aria-label="Source material" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              tabs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`${uid}-tab-${t.id}`}
            data-tab={t.id}
            aria-selected={tab === t.id}
            aria-controls={`${uid}-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {TABS.map((t) => (
        <div
          key={t.id}
          role="tabpanel"
          id={`${uid}-panel-${t.id}`}
          aria-labelledby={`${uid}-tab-${t.id}`}
          hidden={tab !== t.id}
          className="source__panel"
        >
          {tab !== t.id ? null : t.id === 'semantics' ? (
            <SemanticsTable run={run} />
          ) : (
            <Suspense fallback={<p role="status">Opening the code…</p>}>
              <LazyCodePanel run={run} />
            </Suspense>
          )}
        </div>
      ))}
    </section>
  );
}

export const SourceMaterial = deferred(SourceMaterialPanel);
