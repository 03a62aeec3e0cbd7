import { describe, expect, it } from 'vitest';
import { embedSnippet } from './snippet.ts';

describe('embedSnippet', () => {
  const snippet = embedSnippet({
    embedUrl: 'https://example.org/kafka/embed.html',
    params: { view: 'log', theme: 'dark' },
    hash: '#run=1.abc',
    title: 'Ack lost "twice" <b>',
  });

  it('is a lazy, titled, fullscreen-capable iframe of fixed proportions', () => {
    expect(snippet).toMatch(/^<iframe [^>]*><\/iframe>$/);
    expect(snippet).toContain('loading="lazy"');
    expect(snippet).toContain('allow="fullscreen"');
    expect(snippet).toContain('style="width:100%;aspect-ratio:16/10;min-height:480px;border:0"');
  });

  it('points at the embed page with the query and the run hash', () => {
    expect(snippet).toContain('src="https://example.org/kafka/embed.html?view=log&amp;theme=dark#run=1.abc"');
  });

  it('escapes the title', () => {
    expect(snippet).toContain('title="Ack lost &quot;twice&quot; &lt;b&gt;"');
  });

  it('leaves out an empty query', () => {
    expect(
      embedSnippet({ embedUrl: 'https://e.org/embed.html', params: {}, hash: '#run=1.x', title: 't' }),
    ).toContain('src="https://e.org/embed.html#run=1.x"');
  });
});
