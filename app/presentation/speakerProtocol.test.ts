import { describe, expect, it } from 'vitest';
import {
  envelope,
  isPresentationId,
  newPresentationId,
  parseSpeakerMessage,
  presenterParam,
  speakerUrl,
  type MirroredState,
} from './speakerProtocol.ts';

const state: MirroredState = {
  source: { kind: 'builtin', id: 'alo-producer-ack-lost' },
  configOverride: null,
  choices: ['app:producer:send'],
  cursor: 1,
  overlay: null,
  presenting: true,
  playing: false,
  view: 'compare',
  compareTick: 2,
  compareOwnConfig: false,
};

describe('speaker messages', () => {
  it('round-trip through the envelope', () => {
    for (const m of [
      { type: 'hello' },
      { type: 'bye' },
      { type: 'command', id: 'next' },
      { type: 'state', state },
    ] as const)
      expect(parseSpeakerMessage(structuredClone(envelope(m)))).toEqual(m);
  });

  it('ignores other sources, other versions and other shapes', () => {
    const ok = envelope({ type: 'state', state });
    for (const bad of [
      null,
      'next',
      { ...ok, source: 'someone-else' },
      { ...ok, v: 1 },
      { ...ok, v: 3 },
      { ...ok, type: 'reload' },
      { ...ok, state: { ...state, cursor: -1 } },
      { ...ok, state: { ...state, choices: [1] } },
      { ...ok, state: { ...state, source: { kind: 'url', id: 'x' } } },
      { ...ok, state: { ...state, overlay: 'confetti' } },
      { ...ok, state: { ...state, view: 'slides' } },
      { ...ok, state: { ...state, compareTick: 1.5 } },
      { ...ok, state: { ...state, compareOwnConfig: 'yes' } },
      // A speaker view may step and black out, not switch the main window's page-level modes.
      { ...envelope({ type: 'hello' }), type: 'command', id: 'present' },
      { ...envelope({ type: 'hello' }), type: 'command', id: 'fullscreen' },
    ])
      expect(parseSpeakerMessage(bad)).toBeNull();
  });
});

describe('speaker view address', () => {
  it('adds the presentation id and keeps the other parameters and the run hash', () => {
    const url = speakerUrl('http://127.0.0.1:4173/play/?lang=en#run=1.abc', 'deadbeef00112233');
    expect(url).toBe('http://127.0.0.1:4173/play/?lang=en&presenter=deadbeef00112233#run=1.abc');
    expect(presenterParam(new URL(url).search)).toBe('deadbeef00112233');
    expect(presenterParam('?lang=en')).toBeNull();
  });

  it('makes fresh, valid ids and refuses malformed ones', () => {
    const a = newPresentationId();
    expect(isPresentationId(a)).toBe(true);
    expect(newPresentationId()).not.toBe(a);
    for (const bad of ['', 'abc', 'not-an-id', '<script>', 'x'.repeat(65)])
      expect(isPresentationId(bad)).toBe(false);
  });
});
