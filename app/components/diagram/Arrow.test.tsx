import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Arrow } from './Arrow.tsx';
import { still } from './stepProgress.ts';
import { type ArrowView, CHAR_W, endFraction, LABEL_CLEAR } from '../../../src/index.ts';

/** A reply from the leader (x = 300) back to the producer (x = 100), one row down: a wedge at its start. */
const reply = (status: ArrowView['status']): ArrowView => ({
  id: 'm2',
  messageId: 2,
  kind: 'response',
  status,
  text: 'ProduceResponse m1 offset=0 acks=all',
  description: 'ProduceResponse',
  x1: 300,
  y1: 140,
  x2: 300 + (100 - 300) * endFraction(status),
  y2: 180,
  wedge: true,
});

/** Where the label's first character sits, as a distance along the line from the sender. */
function labelStart(view: ArrowView): number {
  const html = renderToStaticMarkup(
    <svg>
      <Arrow
        view={view}
        current={false}
        selected={false}
        interactive={false}
        tabStop={false}
        width={1000}
        maxChars={60}
        animate={false}
        progress={still(1)}
        reduced
      />
    </svg>,
  );
  const label = /<text class="sd-arrow__label" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</.exec(html);
  if (!label) throw new Error(`no label in ${html}`);
  const [, x, y, text] = label as unknown as [string, string, string, string];
  return Math.hypot(Number(x) - view.x1, Number(y) - view.y1) - (text.length * CHAR_W) / 2;
}

describe('a reply leaving from where its request landed', () => {
  it('keeps its label clear of the corner when delivered', () => {
    expect(labelStart(reply('delivered'))).toBeGreaterThanOrEqual(LABEL_CLEAR - 7);
  });
  it('and when lost: the label goes on the whole way to the receiver, not the half-line drawn', () => {
    expect(labelStart(reply('lost'))).toBeGreaterThanOrEqual(LABEL_CLEAR - 7);
  });
});
