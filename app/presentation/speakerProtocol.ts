import type { ScenarioConfigInput } from '../../src/index.ts';
import type { CommandId } from '../commands.ts';
import { VIEWS, type Overlay, type PlaygroundState, type ScenarioSource, type View } from '../state/store.ts';

/**
 * The speaker view and its main window talk over a BroadcastChannel named per presentation, so two
 * presentations in two tabs never cross-talk. The main window sends the run's inputs (scenario, config,
 * choices, cursor), not rendered state: the speaker view replays them, as the simulation is
 * deterministic. The speaker view sends commands, which the main window performs as if pressed there.
 */

export const SPEAKER_SOURCE = 'kafka-semantics-speaker';
// 2: the main window's view and Compare's tick, so a speaker view follows Compare.
export const SPEAKER_VERSION = 2;

/** What the main window is showing. */
export interface MirroredState {
  source: ScenarioSource;
  configOverride: ScenarioConfigInput | null;
  choices: string[];
  cursor: number;
  overlay: Overlay;
  presenting: boolean;
  playing: boolean;
  /** The view shown: in Compare, Next and Back move the columns' tick, and the notes speak of it. */
  view: View;
  compareTick: number;
  compareOwnConfig: boolean;
}

/** The commands a speaker view may send: stepping, playback and blackout, never page-level ones. */
export const SPEAKER_COMMANDS = [
  'back',
  'next',
  'play',
  'blackout',
  'reset',
] as const satisfies readonly CommandId[];
export type SpeakerCommand = (typeof SPEAKER_COMMANDS)[number];

export type SpeakerMessage =
  /** speaker → main: send me the state (on open, and after a reload). */
  | { type: 'hello' }
  /** main → speaker, on every change. */
  | { type: 'state'; state: MirroredState }
  /** speaker → main. */
  | { type: 'command'; id: SpeakerCommand }
  /** main → speaker: the main window is closing. */
  | { type: 'bye' };

type Envelope = SpeakerMessage & { source: typeof SPEAKER_SOURCE; v: typeof SPEAKER_VERSION };

export const channelName = (id: string): string => `${SPEAKER_SOURCE}:${id}`;

export const envelope = (message: SpeakerMessage): Envelope => ({
  source: SPEAKER_SOURCE,
  v: SPEAKER_VERSION,
  ...message,
});

export function mirroredState(s: PlaygroundState): MirroredState {
  const { source, configOverride, choices, cursor, overlay, presenting, playing } = s;
  const { view, compareTick, compareOwnConfig } = s;
  return {
    source,
    configOverride,
    choices,
    cursor,
    overlay,
    presenting,
    playing,
    view,
    compareTick,
    compareOwnConfig,
  };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

function isMirroredState(x: unknown): x is MirroredState {
  if (!isRecord(x) || !isRecord(x.source)) return false;
  const source = x.source;
  const sourceOk =
    (source.kind === 'builtin' && typeof source.id === 'string') ||
    (source.kind === 'custom' && isRecord(source.doc));
  return (
    sourceOk &&
    (x.configOverride === null || isRecord(x.configOverride)) &&
    Array.isArray(x.choices) &&
    x.choices.every((c) => typeof c === 'string') &&
    Number.isInteger(x.cursor) &&
    (x.cursor as number) >= 0 &&
    (x.overlay === null || x.overlay === 'help' || x.overlay === 'blackout') &&
    typeof x.presenting === 'boolean' &&
    typeof x.playing === 'boolean' &&
    (VIEWS as readonly unknown[]).includes(x.view) &&
    Number.isInteger(x.compareTick) &&
    (x.compareTick as number) >= 0 &&
    typeof x.compareOwnConfig === 'boolean'
  );
}

/** The message in `data`, or null for anything of another shape or version (which is ignored). */
export function parseSpeakerMessage(data: unknown): SpeakerMessage | null {
  if (!isRecord(data) || data.source !== SPEAKER_SOURCE || data.v !== SPEAKER_VERSION) return null;
  switch (data.type) {
    case 'hello':
    case 'bye':
      return { type: data.type };
    case 'command':
      return (SPEAKER_COMMANDS as readonly unknown[]).includes(data.id)
        ? { type: 'command', id: data.id as SpeakerCommand }
        : null;
    case 'state':
      return isMirroredState(data.state) ? { type: 'state', state: data.state } : null;
    default:
      return null;
  }
}

/** A fresh presentation id: random, as two windows must not pick the same one. */
export function newPresentationId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The speaker view's address: this page with `?presenter=<id>`, its other parameters and run hash kept. */
export function speakerUrl(href: string, id: string): string {
  const url = new URL(href);
  url.searchParams.set('presenter', id);
  return url.href;
}

/** `?presenter=…` as given (null on the playground itself); see `isPresentationId`. */
export const presenterParam = (search: string): string | null => new URLSearchParams(search).get('presenter');

export const isPresentationId = (id: string): boolean => /^[0-9a-f]{8,64}$/i.test(id);
