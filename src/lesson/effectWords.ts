/**
 * A scenario names its effect as an instruction ("charge card", "update inventory"); the verdict speaks
 * of it as something that happened ("card charged: twice", "the card was charged twice"). Verbs the
 * rule below gets wrong are listed; an effect that is not "verb object" is quoted as it was written.
 */

export interface EffectWords {
  /** As the scenario names it: "charge card". */
  name: string;
  /** For a table's column or a layer list: "card charged". */
  label: string;
  /** For a sentence, before a count: "the card was charged". */
  passive: string;
  /** For a sentence, when it never ran: "the card was never charged". */
  never: string;
}

const IRREGULAR: Record<string, string> = {
  pay: 'paid',
  send: 'sent',
  write: 'written',
  ship: 'shipped',
  debit: 'debited',
  credit: 'credited',
  notify: 'notified',
};

/** Regular English past participles: "charge" → "charged", "update" → "updated", "book" → "booked". */
const participle = (verb: string): string =>
  IRREGULAR[verb] ?? (verb.endsWith('e') ? `${verb}d` : `${verb}ed`);

export function effectWords(name: string): EffectWords {
  const match = /^([a-z]+) ([a-z][a-z ]*)$/.exec(name.trim());
  if (!match) return { name, label: `“${name}” ran`, passive: `“${name}” ran`, never: `“${name}” never ran` };
  const [, verb = '', object = ''] = match;
  const done = participle(verb);
  return {
    name,
    label: `${object} ${done}`,
    passive: `the ${object} was ${done}`,
    never: `the ${object} was never ${done}`,
  };
}
