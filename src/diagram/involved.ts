/**
 * Which participants a lesson or run involves, for folding the others' lanes away in a narrow window
 * (a docs column, a phone). Pure: it reads diagram models, which already left out what folds.
 *
 * A participant is involved when a drawn arrow starts or ends on it, or a note about it sits on its lane
 * (a crash, a restart, an app call, a timer, a folded routine exchange). A replication note does not
 * count: it sums up broker-to-broker traffic the diagram folded away, and is drawn beside the folded
 * strip all the same. With every message shown, replication arrows are drawn, and the followers count.
 */
import type { DiagramModel } from './model.ts';

export function involvedNodes(diagrams: readonly Pick<DiagramModel, 'arrows' | 'notes'>[]): Set<string> {
  const involved = new Set<string>();
  for (const d of diagrams) {
    for (const a of d.arrows) {
      involved.add(a.from);
      involved.add(a.to);
    }
    for (const n of d.notes) if (n.kind !== 'replication') involved.add(n.node);
  }
  return involved;
}
