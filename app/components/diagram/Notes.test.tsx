import { describe, expect, it } from 'vitest';
import { NoteBox, type NoteBoxProps } from './Notes.tsx';

/** The comparison React makes before re-rendering a memoised note (memo's second argument). */
const rendersAgain = (a: NoteBoxProps, b: NoteBoxProps) =>
  !(NoteBox as unknown as { compare: (a: NoteBoxProps, b: NoteBoxProps) => boolean }).compare(a, b);

const fold: NoteBoxProps = {
  x: 100,
  y: 200,
  text: 'Replication to followers',
  kind: 'replication',
  current: false,
  fold: { id: 'n7', messages: 4, expanded: false },
  maxWidth: 300,
  canvasWidth: 1200,
};

describe('a note on a step that does not change it', () => {
  it('is not rendered again for a fresh copy of the same fold (the diagram builds one every render)', () => {
    expect(rendersAgain(fold, { ...fold, fold: { id: 'n7', messages: 4, expanded: false } })).toBe(false);
  });
  it('is rendered again when its fold grows, opens, or anything else it shows changes', () => {
    expect(rendersAgain(fold, { ...fold, fold: { id: 'n7', messages: 5, expanded: false } })).toBe(true);
    expect(rendersAgain(fold, { ...fold, fold: { id: 'n7', messages: 4, expanded: true } })).toBe(true);
    expect(rendersAgain(fold, { ...fold, fold: undefined })).toBe(true);
    expect(rendersAgain(fold, { ...fold, current: true })).toBe(true);
    expect(rendersAgain(fold, { ...fold, y: 232 })).toBe(true);
  });
});
