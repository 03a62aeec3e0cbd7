/**
 * The grammar scripts and climaxes name choices in: an action id ("crash:consumer", "lose:7"), or a
 * verb, a Kafka message name, an optional `#k` and what follows the message
 * ("error:Produce#2:NOT_ENOUGH_REPLICAS"), so that a scenario need not know message ids.
 */

export interface ChoiceForm {
  verb: string;
  /** The Kafka message name ("Produce"). */
  name: string;
  /** The `#k`, if given. */
  nth?: number;
  /** What follows the message ("NOT_ENOUGH_REPLICAS"), or "". */
  rest: string;
}

export function parseForm(form: string): ChoiceForm {
  const [verb = '', target = '', ...rest] = form.split(':');
  const [name = '', nth] = target.split('#');
  return { verb, name, ...(nth === undefined ? {} : { nth: Number(nth) }), rest: rest.join(':') };
}

/** A message choice's parts ("error:7:NOT_ENOUGH_REPLICAS"); `id` is NaN for a choice about no message. */
export function parseAction(actionId: string): { verb: string; id: number; rest: string } {
  const [verb = '', id = '', ...rest] = actionId.split(':');
  return { verb, id: id === '' ? NaN : Number(id), rest: rest.join(':') };
}

/** The action id that form `f` names for message `id`. */
export const actionFor = (f: ChoiceForm, id: number): string =>
  [f.verb, id, ...(f.rest ? [f.rest] : [])].join(':');

/** Whether action `actionId` is form `f`'s verb and suffix applied to a message (whose name the caller checks). */
export function sameShape(f: ChoiceForm, actionId: string): number | undefined {
  const a = parseAction(actionId);
  return a.verb === f.verb && a.rest === f.rest && Number.isInteger(a.id) ? a.id : undefined;
}
