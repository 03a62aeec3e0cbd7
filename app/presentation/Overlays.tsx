import { usePlayground } from '../playground/hooks.ts';
import { Blackout } from './Blackout.tsx';
import { HelpDialog } from './HelpDialog.tsx';

/** What covers a playground on demand: the shortcut help and the presenter's blackout. */
export function Overlays() {
  const blackout = usePlayground((s) => s.overlay === 'blackout');
  return (
    <>
      <HelpDialog />
      {blackout ? <Blackout /> : null}
    </>
  );
}
