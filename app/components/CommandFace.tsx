import { Icon, type IconName } from './Icon.tsx';

/**
 * What a playback button shows: a word beside an inline-SVG icon (font glyphs such as ⏮ and ⏸ are
 * missing from common Linux fonts). One table, so the playground, the embed and the speaker view say
 * the same thing. The word is a span of its own so that a bar too narrow for every word can hide it from
 * sight alone (the button's accessible name is still the word).
 */
const FACES = {
  reset: { label: 'Reset', icon: 'first' },
  back: { label: 'Back', icon: 'back' },
  play: { label: 'Play', icon: 'play' },
  pause: { label: 'Pause', icon: 'pause' },
  next: { label: 'Next', icon: 'next', iconAfter: true },
} satisfies Record<string, { label: string; icon: IconName; iconAfter?: boolean }>;

export type Face = keyof typeof FACES;

export function CommandFace({ face }: { face: Face }) {
  const { label, icon } = FACES[face];
  return 'iconAfter' in FACES[face] ? (
    <>
      <span className="command-face__word">{label}</span> <Icon name={icon} />
    </>
  ) : (
    <>
      <Icon name={icon} /> <span className="command-face__word">{label}</span>
    </>
  );
}
