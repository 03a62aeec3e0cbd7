import { usePlayground } from '../playground/hooks.ts';
import { CommandButton } from '../components/CommandButton.tsx';
import './presentation.css';

/**
 * The top bar's presentation buttons. Outside presentation mode only "Present" and the shortcut help
 * show; inside it, the presenter's tools (panels, type size, fullscreen, speaker view, blackout).
 */
export function PresentControls({ fullscreen }: { fullscreen: boolean }) {
  const presenting = usePlayground((s) => s.presenting);
  const scale = usePlayground((s) => s.presentScale);
  return (
    <div className="present-controls" role="group" aria-label="Presentation">
      <CommandButton id="present" toggle>
        <span aria-hidden="true">▣ </span>Present
      </CommandButton>
      {presenting ? (
        <>
          <CommandButton id="panels" toggle>
            Panels
          </CommandButton>
          <span className="present-controls__scale" role="group" aria-label="Type size">
            <CommandButton id="smaller">
              A−<span className="visually-hidden"> smaller type</span>
            </CommandButton>
            <span className="present-controls__value" aria-live="polite">
              {Math.round(scale * 100)}%
            </span>
            <CommandButton id="bigger">
              A+<span className="visually-hidden"> larger type</span>
            </CommandButton>
          </span>
          <CommandButton id="fullscreen" pressed={fullscreen}>
            Fullscreen
          </CommandButton>
          <CommandButton id="blackout">Blackout</CommandButton>
        </>
      ) : null}
      <CommandButton id="speaker">Speaker view</CommandButton>
      <CommandButton id="help">
        Shortcuts <kbd aria-hidden="true">?</kbd>
      </CommandButton>
    </div>
  );
}
