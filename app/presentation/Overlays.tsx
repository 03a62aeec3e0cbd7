import { Suspense, useState } from 'react';
import { LazyHelpDialog } from './lazyHelpDialog.ts';
import { usePlayground } from '../playground/hooks.ts';
import { Blackout } from './Blackout.tsx';

/** What covers a playground on demand: the shortcut help and the presenter's blackout. */
export function Overlays() {
  const blackout = usePlayground((s) => s.overlay === 'blackout');
  const help = usePlayground((s) => s.overlay === 'help');
  // The help's code loads when it is first asked for; from then on the dialog stays mounted, so closing
  // it is the dialog's own close (which gives focus back), not its removal.
  const [helpAsked, setHelpAsked] = useState(help);
  if (help && !helpAsked) setHelpAsked(true);
  return (
    <>
      {helpAsked ? (
        <Suspense fallback={null}>
          <LazyHelpDialog />
        </Suspense>
      ) : null}
      {blackout ? <Blackout /> : null}
    </>
  );
}
