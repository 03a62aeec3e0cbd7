import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/index.ts';
import { RichText } from './RichText.tsx';

const SENTENCE = 'The leader answers `NOT_ENOUGH_REPLICAS` because `min.insync.replicas=2`.';

describe('narration text', () => {
  it('shows the marked identifiers in code type and never the marks', () => {
    expect(renderToStaticMarkup(<RichText text={SENTENCE} />)).toBe(
      'The leader answers <code class="rich-code">NOT_ENOUGH_REPLICAS</code> because <code class="rich-code">min.insync.replicas=2</code>.',
    );
  });

  it('leaves text without marks as it is', () => {
    expect(renderToStaticMarkup(<RichText text="Broker 2 restarts." />)).toBe('Broker 2 restarts.');
  });

  it('loses only the marks in plain-text sinks', () => {
    expect(plainText(SENTENCE)).toBe('The leader answers NOT_ENOUGH_REPLICAS because min.insync.replicas=2.');
  });
});
