import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, parseEmbedParams } from './params.ts';

const parse = (query: string) => parseEmbedParams(new URLSearchParams(query));

describe('parseEmbedParams', () => {
  it('gives the defaults for an empty query', () => {
    expect(parse('')).toEqual({ options: DEFAULT_OPTIONS, issues: [] });
  });

  it('reads every parameter', () => {
    const { options, issues } = parse(
      'scenario=eos-processor-crash&step=7&autoplay=1&speed=4&controls=0&theme=dark&view=log&max-height=900&origin=https://docs.example.com',
    );
    expect(issues).toEqual([]);
    expect(options).toEqual({
      scenario: 'eos-processor-crash',
      step: 7,
      autoplay: true,
      speed: 4,
      controls: false,
      theme: 'dark',
      view: 'log',
      maxHeight: 900,
      hostOrigin: 'https://docs.example.com',
    });
  });

  it('takes a bare flag (an attribute with no value) as yes', () => {
    expect(parseEmbedParams({ autoplay: '', controls: null }).options).toMatchObject({
      autoplay: true,
      controls: true,
    });
  });

  it.each([
    ['scenario=nope', 'scenario', /not a built-in scenario.*Known ids: .*alo-producer-ack-lost/],
    ['step=-1', 'step', /not a step number/],
    ['max-height=100', 'max-height', /from 240 to 4000; using 720/],
    ['max-height=720px', 'max-height', /whole number of pixels/],
    ['step=2.5', 'step', /not a step number/],
    ['step=0x10', 'step', /not a step number/],
    ['step=1e3', 'step', /not a step number/],
    ['step=99999999999999999999999', 'step', /not a step number/],
    ['speed=0x10', 'speed', /from 0.25 to 16/],
    ['speed=1e1', 'speed', /from 0.25 to 16/],
    ['autoplay=maybe', 'autoplay', /should be 1 or 0/],
    ['speed=0', 'speed', /from 0.25 to 16/],
    ['speed=fast', 'speed', /from 0.25 to 16/],
    ['controls=2', 'controls', /should be 1 or 0/],
    ['theme=pink', 'theme', /light, dark or auto/],
    ['view=table', 'view', /diagram, log or compare/],
    ['view=lab', 'view', /an embed shows a run, not the lab .* link to the playground page with \?view=lab/],
    ['origin=docs.example.com', 'origin', /not an origin/],
    ['origin=https://docs.example.com/page', 'origin', /not an origin/],
    ['contols=0', 'contols', /not a parameter of this embed/],
  ])('%s: names the parameter and keeps the default', (query, param, message) => {
    const { options, issues } = parse(query);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.param).toBe(param);
    expect(issues[0]?.message).toMatch(message);
    const { hostOrigin, ...rest } = options;
    const { hostOrigin: _d, ...defaults } = DEFAULT_OPTIONS;
    expect(rest).toEqual(defaults);
    // A mistyped origin shuts commands out rather than letting any page in.
    expect(hostOrigin).toBe(param === 'origin' ? null : '*');
  });
});
