import { DOMParser, onWarningStopParsing, type Document, type Element } from '@xmldom/xmldom';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/node.ts';
import {
  buildDiagram,
  type DiagramModel,
  diagramUpTo,
  isDown,
  replay,
  runScenario,
} from '../../src/index.ts';
import { scenarioById } from '../../src/catalog.ts';
import { themeTokens } from './diagramCss.ts';
import { xmlSafe } from '../share/xmlText.ts';
import { SVG_FORMAT } from './renderSvg.tsx';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Strict XML: any warning or error stops the parse and throws (xmldom lets a bare "&" through). */
function parse(text: string): Document {
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[\da-f]+);)/i.test(text)) throw new Error('A bare "&" is not XML.');
  return new DOMParser({ onError: onWarningStopParsing }).parseFromString(text, 'image/svg+xml');
}

function svgOf(argv: string[]): string {
  const r = runCli(argv, [SVG_FORMAT]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

const all = (root: Document | Element, tag: string) => Array.from(root.getElementsByTagNameNS(SVG_NS, tag));
const arrowsOf = (doc: Document) =>
  all(doc, 'g').filter((g) => g.getAttribute('data-testid') === 'diagram-arrow');
const childText = (el: Element, tag: string, cls?: string) =>
  Array.from(el.getElementsByTagNameNS(SVG_NS, tag))
    .filter((c) => cls === undefined || c.getAttribute('class') === cls)
    .map((c) => c.textContent ?? '');

/** The diagram model the live view draws for a run of `id` at `step` (default: the end). */
function modelOf(id: string, step?: number): { model: DiagramModel; length: number } {
  const world = runScenario(scenarioById(id)!);
  const model = buildDiagram(world.participants, world.steps);
  return { model: diagramUpTo(model, step ?? world.steps.length), length: world.steps.length };
}

describe('the strict XML check', () => {
  it('rejects markup that is not well-formed, so the checks below can fail', () => {
    expect(() => parse('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>')).toThrow();
    expect(() => parse('<svg xmlns="http://www.w3.org/2000/svg"><text x="1" x="2"/></svg>')).toThrow();
    expect(() => parse('<svg xmlns="http://www.w3.org/2000/svg"><text>a & b</text></svg>')).toThrow();
    expect(() => parse('<svg xmlns="http://www.w3.org/2000/svg"><text>a &amp; b</text></svg>')).not.toThrow();
  });
});

describe.each(['alo-producer-ack-lost', 'eos-processor-crash', 'zombie-fenced'])('the SVG of %s', (id) => {
  const text = svgOf([id, '--format', 'svg']);
  const doc = parse(text);
  const root = doc.documentElement!;
  const { model, length } = modelOf(id);

  it('is a well-formed standalone SVG document with a size, a viewBox and a title', () => {
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    expect(root.namespaceURI).toBe(SVG_NS);
    expect(root.localName).toBe('svg');
    const [x, y, w, h] = (root.getAttribute('viewBox') ?? '').split(' ').map(Number);
    expect([x, w, h].every((n) => Number.isFinite(n) && n! >= 0)).toBe(true);
    expect(y).toBeLessThan(0); // the lane names sit above the first row
    expect(root.getAttribute('width')).toBe(String(w));
    expect(root.getAttribute('height')).toBe(String(h));
    const title = all(doc, 'title')[0]!;
    expect(title.parentNode).toBe(root);
    expect(title.textContent).toBe(`${scenarioById(id)!.title}, step ${length} of ${length}`);
  });

  it('draws one arrow per message of the diagram model, in order, each with its words', () => {
    const arrows = arrowsOf(doc);
    expect(arrows.map((g) => g.getAttribute('data-arrow-id'))).toEqual(model.arrows.map((a) => a.id));
    arrows.forEach((g, i) => {
      const a = model.arrows[i]!;
      const words = `${a.name} ${a.summary}`.trim();
      expect(g.getAttribute('data-status')).toBe(a.status);
      expect(childText(g, 'title')[0]).toMatch(new RegExp(`^${escape(words)} from ${a.from} to ${a.to}, `));
      // The visible label is the words, shortened with "…" where the room ends (effects carry ⚡).
      const label = childText(g, 'text', 'sd-arrow__label')[0]!.replace(/^⚡ /, '');
      expect(words.startsWith(label.replace(/…$/, ''))).toBe(true);
    });
  });

  it('is still: nothing animated, focusable or clickable, no HTML, every colour resolved', () => {
    expect(text).not.toMatch(/<(div|button|foreignObject)\b/);
    expect(text).not.toMatch(/tabindex="0"|role="button"|aria-haspopup|style="[^"]*opacity/);
    expect(all(doc, 'path').filter((p) => p.getAttribute('class') === 'sd-arrow__line').length).toBe(
      model.arrows.length,
    );
    expect(text).not.toContain('var(--');
    expect(all(doc, 'style')).toHaveLength(1);
  });

  it('names every lane in full, on two lines where one is too short, as the live view’s headers do', () => {
    const labels = all(doc, 'text')
      .filter((t) => t.getAttribute('class') === 'sd-static-lane__label')
      .map((t) => childText(t, 'tspan').join(' '));
    expect(labels).toEqual(model.lifelines.map((l) => l.label));
  });
});

describe('the SVG options', () => {
  const ID = 'alo-producer-ack-lost';
  const background = (text: string) => /\.sd-static \.sd-static__bg\{fill:([^;}]+)/.exec(text)?.[1] ?? 'none';

  it('--theme writes the theme’s colours in: light by default, dark on request', () => {
    const light = svgOf([ID, '--format', 'svg']);
    const dark = svgOf([ID, '--format', 'svg', '--theme', 'dark']);
    expect(background(light)).toBe(themeTokens('light').get('--bg'));
    expect(background(dark)).toBe(themeTokens('dark').get('--bg'));
    expect(light).toContain(`stroke:${themeTokens('light').get('--request')}`);
    expect(dark).toContain(`stroke:${themeTokens('dark').get('--request')}`);
  });

  it('--step N draws the diagram as the live view shows it at step N, arrows in flight included', () => {
    const { model, length } = modelOf(ID);
    // The first step at which an arrow is on the wire and another one has already arrived.
    const step = Array.from({ length }, (_, k) => k + 1).find((k) => {
      const cut = diagramUpTo(model, k).arrows;
      return cut.some((a) => a.status === 'in-flight') && cut.some((a) => a.status === 'delivered');
    })!;
    const doc = parse(svgOf([ID, '--format', 'svg', '--step', String(step)]));
    const expected = modelOf(ID, step).model.arrows;
    const arrows = arrowsOf(doc);
    expect(arrows.map((g) => [g.getAttribute('data-arrow-id'), g.getAttribute('data-status')])).toEqual(
      expected.map((a) => [a.id, a.status]),
    );
    // In flight: the message dot and the words, as in the live view.
    const flying = arrows.filter((g) => g.getAttribute('data-status') === 'in-flight');
    for (const g of flying) {
      expect(all(g, 'circle').length).toBeGreaterThan(0);
      expect(childText(g, 'text', 'sd-arrow__status')).toEqual(['in flight']);
    }
    expect(all(doc, 'title')[0]!.textContent).toMatch(new RegExp(`step ${step} of ${length}$`));
  });

  it('says which lane is down at the step shown, in words', () => {
    const id = 'alo-consumer-crash-before-commit';
    const world = runScenario(scenarioById(id)!);
    const crash = world.steps.findIndex((s) => s.action === 'crash:consumer') + 1;
    expect(crash).toBeGreaterThan(0);
    expect(
      isDown(
        replay(
          scenarioById(id)!,
          world.steps.slice(0, crash).map((s) => s.action),
        ),
        'consumer',
      ),
    ).toBe(true);
    const doc = parse(svgOf([id, '--format', 'svg', '--step', String(crash)]));
    const roles = all(doc, 'text').filter((t) => t.getAttribute('class') === 'sd-static-lane__role');
    expect(roles.map((t) => t.textContent)).toContain('✕ down');
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('free text with characters XML cannot hold', () => {
  const ILLEGAL = '\u0000\u0001\u0008\u000B\u000C\u000E\u001F\uFFFE\uFFFF\uD800\uDC00x';

  it('gives a well-formed SVG: controls, U+FFFE/FFFF and lone surrogates are left out, pairs kept', () => {
    const base = scenarioById('alo-producer-ack-lost')!;
    const doc = {
      ...base,
      id: 'control-characters',
      title: `Title ${ILLEGAL} 😀 end`,
      description: `Vertical\u000Btab and form\u000Cfeed`,
    };
    const { config: _config, configInput, ...rest } = doc;
    const path = join(mkdtempSync(join(tmpdir(), 'svg-xml-')), 'doc.json');
    writeFileSync(path, JSON.stringify({ ...rest, config: configInput }));
    const text = svgOf([path, '--format', 'svg']);
    expect(xmlSafe(text)).toBe(text);
    expect(() => parse(text)).not.toThrow();
    expect(text).toContain('Title \u{10000}x 😀 end');
    expect(text).toContain('Verticaltab and formfeed');
  });
});
