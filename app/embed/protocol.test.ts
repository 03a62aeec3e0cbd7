import { describe, expect, it } from 'vitest';
import { envelope, parseHostCommand, PROTOCOL_SOURCE } from './protocol.ts';

const msg = (rest: object) => ({ source: PROTOCOL_SOURCE, v: 1, ...rest });

describe('parseHostCommand', () => {
  it.each(['next', 'back', 'reset'])('accepts %s', (type) => {
    expect(parseHostCommand(msg({ type, extra: 1 }))).toEqual({ type });
  });

  it('accepts load with a scenario id or a document', () => {
    expect(parseHostCommand(msg({ type: 'load', scenario: 'eos-processor-crash' }))).toEqual({
      type: 'load',
      scenario: 'eos-processor-crash',
    });
    expect(parseHostCommand(msg({ type: 'load', scenario: { id: 'x' } }))).toEqual({
      type: 'load',
      scenario: { id: 'x' },
    });
  });

  it.each(['light', 'dark', 'auto'])('accepts setTheme %s', (theme) => {
    expect(parseHostCommand(msg({ type: 'setTheme', theme }))).toEqual({ type: 'setTheme', theme });
  });

  it.each([
    ['null', null],
    ['a string', 'next'],
    ['an array', [PROTOCOL_SOURCE, 1, 'next']],
    ['another source', { source: 'other-widget', v: 1, type: 'next' }],
    ['another version', { source: PROTOCOL_SOURCE, v: 2, type: 'next' }],
    ['no version', { source: PROTOCOL_SOURCE, type: 'next' }],
    ['an unknown type', msg({ type: 'delete' })],
    ['an event, not a command', msg({ type: 'ready' })],
    ['load without a scenario', msg({ type: 'load' })],
    ['load with an empty id', msg({ type: 'load', scenario: '' })],
    ['load with a number', msg({ type: 'load', scenario: 3 })],
    ['load with an array', msg({ type: 'load', scenario: [] })],
    ['setTheme without a theme', msg({ type: 'setTheme' })],
    ['setTheme with an unknown theme', msg({ type: 'setTheme', theme: 'pink' })],
  ])('ignores %s', (_what, data) => {
    expect(parseHostCommand(data)).toBeNull();
  });

  it('reads back what envelope() writes', () => {
    expect(parseHostCommand(envelope({ type: 'back' }))).toEqual({ type: 'back' });
  });
});
