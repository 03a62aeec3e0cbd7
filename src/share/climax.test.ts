import { describe, expect, it } from 'vitest';
import { CATALOG } from '../scenarios/catalog.ts';
import { parseScenarioDocument } from './scenarioDocument.ts';

const base = CATALOG.find((d) => d.id === 'alo-producer-ack-lost');

describe('a scenario document may declare its climax', () => {
  it('keeps a well-formed climax', () => {
    const result = parseScenarioDocument({ ...base, climax: { at: 'deliver:Produce#2', callout: 'Twice.' } });
    expect(result.ok && result.value.climax).toEqual({ at: 'deliver:Produce#2', callout: 'Twice.' });
  });

  it('names the field of a malformed one', () => {
    const result = parseScenarioDocument({ ...base, climax: { at: 3, callout: 'x', when: 1 } });
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.errors.map((e) => e.message).join('\n');
    expect(messages).toContain('climax.at must be a string');
    expect(messages).toContain('when');
  });

  it('still opens a version 1 document without one', () => {
    const { climax: _, ...old } = base ?? {};
    expect(parseScenarioDocument(old).ok).toBe(true);
  });
});
