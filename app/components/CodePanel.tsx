import { useMemo } from 'react';
import { codeListing, executingLine, type Program, type PropertiesBlock } from '../../src/index.ts';
import type { Run } from '../playground/run.ts';
import { CONFIG_FIELD_KEYS } from './ConfigPanel.tsx';
import { focusConfigField } from './focusConfigField.ts';
import './CodePanel.css';

function Properties({ block }: { block: PropertiesBlock }) {
  return (
    <figure className="code">
      <figcaption className="code__title">{block.title}</figcaption>
      <ul className="code__lines" data-testid={`code-${block.title}`}>
        {block.lines.map((line) => {
          const text = `${line.key}=${line.value}`;
          const linked = CONFIG_FIELD_KEYS.has(line.configKey);
          return (
            <li key={line.key} className="code__line">
              {linked ? (
                <button
                  type="button"
                  className="code__link"
                  aria-label={`${text}: show ${line.key} in the configuration`}
                  onClick={(e) => focusConfigField(e.currentTarget, line.configKey)}
                >
                  <code>{text}</code>
                </button>
              ) : (
                <code>{text}</code>
              )}
              {line.isDefault ? <span className="code__default">default</span> : null}
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

/** A code line's indentation as padding, so a wrapped line stays indented (the sidebar is narrow). */
function Indented({ text }: { text: string }) {
  const body = text.trimStart();
  const depth = (text.length - body.length) / 4;
  return <code style={{ paddingLeft: `${depth * 2}ch` }}>{body}</code>;
}

function Loop({ program, run }: { program: Program; run: Run }) {
  const at = executingLine(program, run.world.steps);
  return (
    <figure className="code">
      <figcaption className="code__title">{program.title}</figcaption>
      <ol className="code__lines code__lines--program" data-testid={`code-program-${program.nodes[0]}`}>
        {program.lines.map((line, i) => {
          const current = at?.line === i;
          return (
            <li
              key={i}
              className={current ? 'code__line code__line--current' : 'code__line'}
              aria-current={current ? 'step' : undefined}
            >
              <span className="code__gutter" aria-hidden="true">
                {current ? '▶' : ''}
              </span>
              <Indented text={line.text} />
              {current ? (
                <span className="code__now">
                  {at.now ? 'called in this step' : 'the application’s last call'}
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
    </figure>
  );
}

/**
 * The seeds' code for this run: the clients' configuration as .properties (each line leads to its field
 * in the config panel) and the application loop, the line being executed marked as the run steps.
 */
export function CodePanel({ run }: { run: Run }) {
  const listing = useMemo(() => codeListing(run.scenario), [run.scenario]);
  return (
    <div className="code-panel" data-testid="code-panel">
      {listing.programs.map((p) => (
        <Loop key={p.title} program={p} run={run} />
      ))}
      {listing.properties.map((b) => (
        <Properties key={b.title} block={b} />
      ))}
    </div>
  );
}
