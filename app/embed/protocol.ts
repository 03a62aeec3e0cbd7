import type { RunSummary } from '../../src/index.ts';
import type { Theme } from '../state/store.ts';

/**
 * The embed's message protocol, version 1. Every message, in both directions, is a plain object
 * `{ source: 'kafka-semantics-playground', v: 1, type, ... }`: the `source` tells these messages apart
 * from anything else a page posts (browser extensions, other widgets), and `v` lets a later version
 * change a shape without an old host misreading it.
 *
 * Embed → host: `ready`, `step`, `outcome`, `resize`, `error`.
 * Host → embed: `next`, `back`, `reset`, `load`, `setTheme`. Anything else is ignored, without a reply.
 */

export const PROTOCOL_SOURCE = 'kafka-semantics-playground';
export const PROTOCOL_VERSION = 1;

export type HostCommand =
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'reset' }
  /** A built-in scenario id, or a scenario document (validated by the embed, which answers `error`). */
  | { type: 'load'; scenario: string | Record<string, unknown> }
  /**
   * The host page's theme, for a docs site whose dark-mode switch is not the reader's system setting
   * (which `theme=auto` follows): the frame changes theme in place, keeping its run and step.
   */
  | { type: 'setTheme'; theme: Theme };

export type EmbedEvent =
  | { type: 'ready'; scenario: string; title: string; cursor: number; length: number }
  | { type: 'step'; scenario: string; cursor: number; length: number; narration: string }
  | ({ type: 'outcome'; scenario: string } & Omit<RunSummary, 'cost'>)
  /** The height the content wants, in CSS pixels, for hosts that size the iframe to it. */
  | { type: 'resize'; height: number }
  | { type: 'error'; message: string };

export type Envelope<T> = T & { source: typeof PROTOCOL_SOURCE; v: typeof PROTOCOL_VERSION };

export const envelope = <T extends EmbedEvent | HostCommand>(message: T): Envelope<T> => ({
  source: PROTOCOL_SOURCE,
  v: PROTOCOL_VERSION,
  ...message,
});

const THEMES: readonly string[] = ['light', 'dark', 'auto'] satisfies Theme[];

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** A host's message as a command, or null for anything that is not exactly one (ignored by the embed). */
export function parseHostCommand(data: unknown): HostCommand | null {
  if (!isRecord(data) || data.source !== PROTOCOL_SOURCE || data.v !== PROTOCOL_VERSION) return null;
  switch (data.type) {
    case 'next':
    case 'back':
    case 'reset':
      return { type: data.type };
    case 'load': {
      const { scenario } = data;
      if (typeof scenario === 'string' && scenario.length > 0 && scenario.length <= 200)
        return { type: 'load', scenario };
      if (isRecord(scenario)) return { type: 'load', scenario };
      return null;
    }
    case 'setTheme':
      return typeof data.theme === 'string' && THEMES.includes(data.theme)
        ? { type: 'setTheme', theme: data.theme as Theme }
        : null;
    default:
      return null;
  }
}
