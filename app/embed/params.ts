import { scenarioById, SCENARIOS } from '../../src/catalog.ts';
import { DEFAULT_SCENARIO, type Theme, type View } from '../state/store.ts';
import { DEFAULT_MAX_HEIGHT, MAX_MAX_HEIGHT, MIN_MAX_HEIGHT } from './autoHeight.ts';

/**
 * An embed's settings, read from the embed page's query string, the custom element's attributes or the
 * React component's props: all three go through this one parser, so they accept the same values and
 * explain a bad one in the same words. A bad value never blanks the embed: it is reported (naming the
 * parameter) and the default is used instead.
 */

export interface EmbedOptions {
  /** A built-in scenario id. */
  scenario: string;
  /** Where the cursor starts; null = the start (or the step a `#run=` link carries). */
  step: number | null;
  autoplay: boolean;
  /** Steps per second while playing. */
  speed: number;
  controls: boolean;
  theme: Theme;
  view: View;
  /** The most the embed asks its host for in a `resize` event (CSS px); beyond it the diagram scrolls inside. */
  maxHeight: number;
  /**
   * Which parent may send commands: '*' any (the default), an origin such as 'https://docs.example.com',
   * or null when the `origin` value was not an origin (then no host may command the embed: failing
   * closed, since the author meant to restrict it).
   */
  hostOrigin: string | null;
}

export interface ParamIssue {
  param: string;
  message: string;
}

export const EMBED_PARAMS = [
  'scenario',
  'step',
  'autoplay',
  'speed',
  'controls',
  'theme',
  'view',
  'max-height',
  'origin',
] as const;
export type EmbedParam = (typeof EMBED_PARAMS)[number];

export const DEFAULT_OPTIONS: EmbedOptions = {
  scenario: DEFAULT_SCENARIO,
  step: null,
  autoplay: false,
  speed: 2,
  controls: true,
  theme: 'auto',
  view: 'diagram',
  maxHeight: DEFAULT_MAX_HEIGHT,
  hostOrigin: '*',
};

export const MIN_SPEED = 0.25;
export const MAX_SPEED = 16;
const THEMES: readonly Theme[] = ['light', 'dark', 'auto'];
const VIEWS: readonly View[] = ['diagram', 'log', 'compare'];

type Source = URLSearchParams | Readonly<Record<string, string | null | undefined>>;

const entriesOf = (source: Source): [string, string][] =>
  source instanceof URLSearchParams
    ? [...source.entries()]
    : Object.entries(source).filter((e): e is [string, string] => typeof e[1] === 'string');

/** `?autoplay`, `autoplay=1`, `autoplay=true` and a bare `autoplay` attribute all mean yes. */
function flag(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (v === '' || v === '1' || v === 'true' || v === 'yes') return true;
  if (v === '0' || v === 'false' || v === 'no') return false;
  return undefined;
}

/**
 * Decimal only: Number() also reads "0x10", "1e3", "0b1" and " 7 ", which nobody means in a step or a
 * speed. A step also stays a safe integer (9999999999999999999999 would round to 1e22).
 */
const STEP = /^\d{1,15}$/;
const DECIMAL = /^\d+(\.\d+)?$/;

const quoted = (s: string) => `“${s.length > 60 ? `${s.slice(0, 60)}…` : s}”`;

export function parseEmbedParams(source: Source): { options: EmbedOptions; issues: ParamIssue[] } {
  const options: EmbedOptions = { ...DEFAULT_OPTIONS };
  const issues: ParamIssue[] = [];
  const bad = (param: string, message: string) => issues.push({ param, message });

  for (const [param, raw] of entriesOf(source)) {
    const value = raw.trim();
    switch (param as EmbedParam) {
      case 'scenario':
        if (scenarioById(value)) options.scenario = value;
        else
          bad(
            param,
            `scenario=${quoted(value)} is not a built-in scenario; showing “${DEFAULT_SCENARIO}”. Known ids: ${SCENARIOS.map((s) => s.id).join(', ')}.`,
          );
        break;
      case 'step': {
        if (STEP.test(value)) options.step = Number(value);
        else bad(param, `step=${quoted(value)} is not a step number (0, 1, 2…); starting at the beginning.`);
        break;
      }
      case 'autoplay':
      case 'controls': {
        const f = flag(value);
        if (f === undefined)
          bad(param, `${param}=${quoted(value)} should be 1 or 0; using ${param === 'autoplay' ? 0 : 1}.`);
        else options[param as 'autoplay' | 'controls'] = f;
        break;
      }
      case 'speed': {
        const n = Number(value);
        if (DECIMAL.test(value) && n >= MIN_SPEED && n <= MAX_SPEED) options.speed = n;
        else
          bad(
            param,
            `speed=${quoted(value)} should be a number of steps per second from ${MIN_SPEED} to ${MAX_SPEED}; using ${DEFAULT_OPTIONS.speed}.`,
          );
        break;
      }
      case 'theme':
        if ((THEMES as readonly string[]).includes(value)) options.theme = value as Theme;
        else bad(param, `theme=${quoted(value)} should be light, dark or auto; using auto.`);
        break;
      case 'view':
        if ((VIEWS as readonly string[]).includes(value)) options.view = value as View;
        else if (value === 'lab')
          bad(
            param,
            'view=lab: an embed shows a run, not the lab (its workers would run inside the host page); link to the playground page with ?view=lab instead. Using diagram.',
          );
        else bad(param, `view=${quoted(value)} should be diagram, log or compare; using diagram.`);
        break;
      case 'max-height': {
        const n = Number(value);
        if (STEP.test(value) && n >= MIN_MAX_HEIGHT && n <= MAX_MAX_HEIGHT) options.maxHeight = n;
        else
          bad(
            param,
            `max-height=${quoted(value)} should be a whole number of pixels from ${MIN_MAX_HEIGHT} to ${MAX_MAX_HEIGHT}; using ${DEFAULT_MAX_HEIGHT}.`,
          );
        break;
      }
      case 'origin':
        if (isOrigin(value)) options.hostOrigin = value;
        else {
          options.hostOrigin = null;
          bad(
            param,
            `origin=${quoted(value)} is not an origin like https://docs.example.com; this embed accepts no commands from its host.`,
          );
        }
        break;
      default:
        bad(param, `${quoted(param)} is not a parameter of this embed (known: ${EMBED_PARAMS.join(', ')}).`);
    }
  }
  return { options, issues };
}

/** Scheme, host and port only, as `event.origin` reports it. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return url.origin !== 'null' && url.origin === value;
  } catch {
    return false;
  }
}
