import type { CommandHost } from '../commands.ts';
import { usePlayground } from '../state/store.ts';
import type { Run } from '../state/useRun.ts';
import { CommandButton } from '../components/CommandButton.tsx';
import './presentation.css';

interface Props {
  run: Run;
  host: CommandHost;
  fullscreen: boolean;
}

/**
 * The top bar's presentation buttons. Outside presentation mode only "Present" and the shortcut help
 * show; inside it, the presenter's tools (panels, type size, fullscreen, speaker view, blackout).
 */
export function PresentControls({ run, host, fullscreen }: Props) {
  const presenting = usePlayground((s) => s.presenting);
  const panelsHidden = usePlayground((s) => s.panelsHidden);
  const scale = usePlayground((s) => s.presentScale);
  return (
    <div className="present-controls" role="group" aria-label="Presentation">
      <CommandButton id="present" run={run} host={host} pressed={presenting}>
        <span aria-hidden="true">▣ </span>Present
      </CommandButton>
      {presenting ? (
        <>
          <CommandButton id="panels" run={run} host={host} pressed={!panelsHidden}>
            Panels
          </CommandButton>
          <span className="present-controls__scale" role="group" aria-label="Type size">
            <CommandButton id="smaller" run={run} host={host}>
              A−<span className="visually-hidden"> smaller type</span>
            </CommandButton>
            <span className="present-controls__value" aria-live="polite">
              {Math.round(scale * 100)}%
            </span>
            <CommandButton id="bigger" run={run} host={host}>
              A+<span className="visually-hidden"> larger type</span>
            </CommandButton>
          </span>
          <CommandButton id="fullscreen" run={run} host={host} pressed={fullscreen}>
            Fullscreen
          </CommandButton>
          <CommandButton id="blackout" run={run} host={host}>
            Blackout
          </CommandButton>
        </>
      ) : null}
      <CommandButton id="speaker" run={run} host={host}>
        Speaker view
      </CommandButton>
      <CommandButton id="help" run={run} host={host}>
        Shortcuts <kbd aria-hidden="true">?</kbd>
      </CommandButton>
    </div>
  );
}
