/**
 * Exports the live sequence diagram as a file that renders on its own: every element's computed style
 * (theme colours resolved from the CSS variables, fonts, dashes) is written inline, the lane names that
 * the page draws in HTML above the SVG are added as SVG text, and interaction-only attributes are dropped.
 */

import { xmlSafe } from './xmlText.ts';

export const DIAGRAM_SVG_SELECTOR = '[data-testid="sequence-diagram-svg"]';
const SVG_NS = 'http://www.w3.org/2000/svg';
const HEADER_H = 44;

/** What paints an SVG element, with the value that needs no saying (it is the default). */
const PAINT: ReadonlyArray<[string, string | null]> = [
  ['fill', null],
  ['fill-opacity', '1'],
  ['fill-rule', 'nonzero'],
  ['stroke', null],
  ['stroke-width', null],
  ['stroke-opacity', '1'],
  ['stroke-dasharray', 'none'],
  ['stroke-dashoffset', '0px'],
  ['stroke-linecap', 'butt'],
  ['stroke-linejoin', 'miter'],
  ['opacity', '1'],
  ['visibility', 'visible'],
  ['font-family', null],
  ['font-size', null],
  ['font-weight', '400'],
  ['font-style', 'normal'],
  ['letter-spacing', 'normal'],
  ['text-anchor', 'start'],
  ['dominant-baseline', 'auto'],
  ['paint-order', 'normal'],
];
const ROUNDED = ['rx', 'ry'];
const DROP_ATTRIBUTES = ['tabindex', 'class', 'focusable'];

/** The diagram on the page, if the diagram view is showing. */
export function diagramElement(): SVGSVGElement | null {
  const el = document.querySelector(DIAGRAM_SVG_SELECTOR);
  return el instanceof SVGSVGElement ? el : null;
}

function inlineStyles(source: Element, target: Element): void {
  const computed = getComputedStyle(source);
  if (computed.display === 'none') {
    target.remove();
    return;
  }
  const declarations: string[] = [];
  for (const [prop, initial] of PAINT) {
    const value = computed.getPropertyValue(prop);
    if (value === '' || (value === initial && !source.hasAttribute(prop))) continue;
    declarations.push(`${prop}:${value}`);
  }
  // rx/ry are CSS properties in SVG 2 only: write them as attributes, which every renderer reads.
  if (source instanceof SVGRectElement)
    for (const prop of ROUNDED) {
      const value = computed.getPropertyValue(prop);
      if (value && value !== 'auto') target.setAttribute(prop, String(parseFloat(value)));
    }
  const own = target.getAttribute('style');
  target.setAttribute('style', [own, ...declarations].filter(Boolean).join(';'));
  for (const name of DROP_ATTRIBUTES) target.removeAttribute(name);
  for (const name of target.getAttributeNames()) if (name.startsWith('data-')) target.removeAttribute(name);
  // Walk both trees together; children removed above shift the target's list, so collect first.
  const sourceChildren = Array.from(source.children);
  const targetChildren = Array.from(target.children);
  sourceChildren.forEach((child, i) => {
    const twin = targetChildren[i];
    if (twin) inlineStyles(child, twin);
  });
}

function text(x: number, y: number, content: string, style: string): SVGTextElement {
  const t = document.createElementNS(SVG_NS, 'text');
  t.setAttribute('x', String(x));
  t.setAttribute('y', String(y));
  t.setAttribute('style', style);
  t.textContent = content;
  return t;
}

/** The lane names, read from the HTML header above the SVG (sticky there, so it is not part of it). */
function laneLabels(svg: SVGSVGElement, width: number, font: string): SVGGElement | null {
  const heads = svg.parentElement?.querySelectorAll<HTMLElement>('[data-testid^="lane-"]') ?? [];
  if (heads.length === 0) return null;
  const origin = svg.getBoundingClientRect().left;
  const g = document.createElementNS(SVG_NS, 'g');
  for (const head of heads) {
    const [label, role] = Array.from(head.children) as HTMLElement[];
    if (!label) continue;
    const box = head.getBoundingClientRect();
    // Centred on the lane, but kept inside the picture (the page lets the outer names overhang).
    const range = document.createRange();
    range.selectNodeContents(label);
    const half = range.getBoundingClientRect().width / 2 + 4;
    const x = Math.min(Math.max(box.left - origin + box.width / 2, half), width - half);
    const labelStyle = getComputedStyle(label);
    g.append(
      text(
        x,
        -HEADER_H + 18,
        label.textContent ?? '',
        `fill:${labelStyle.color};font-family:${font};font-size:13px;font-weight:650;text-anchor:middle`,
      ),
    );
    if (role?.textContent)
      g.append(
        text(
          x,
          -HEADER_H + 34,
          role.textContent,
          `fill:${getComputedStyle(role).color};font-family:${font};font-size:11px;text-anchor:middle`,
        ),
      );
  }
  return g;
}

export interface StandaloneSvg {
  markup: string;
  width: number;
  height: number;
}

/** The diagram as a standalone SVG document; `transparent` leaves out the theme's background. */
export function standaloneSvg(
  svg: SVGSVGElement,
  options: { transparent: boolean; title: string },
): StandaloneSvg {
  const width = Math.ceil(svg.width.baseVal.value || svg.getBoundingClientRect().width);
  const bodyHeight = Math.ceil(svg.height.baseVal.value || svg.getBoundingClientRect().height);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  const style = getComputedStyle(svg);
  const font = style.fontFamily;
  const labels = laneLabels(svg, width, font);
  const top = labels ? HEADER_H : 0;
  const height = bodyHeight + top;

  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('viewBox', `0 ${-top} ${width} ${height}`);
  clone.setAttribute('role', 'img');
  clone.removeAttribute('aria-label');
  const title = document.createElementNS(SVG_NS, 'title');
  title.textContent = options.title;
  const extras: Element[] = [title];
  if (!options.transparent) {
    const bg = document.createElementNS(SVG_NS, 'rect');
    bg.setAttribute('x', '0');
    bg.setAttribute('y', String(-top));
    bg.setAttribute('width', String(width));
    bg.setAttribute('height', String(height));
    bg.setAttribute('fill', style.getPropertyValue('--bg').trim() || '#ffffff');
    extras.push(bg);
  }
  if (labels) extras.push(labels);
  clone.prepend(...extras);
  const markup = `<?xml version="1.0" encoding="UTF-8"?>\n${xmlSafe(new XMLSerializer().serializeToString(clone))}`;
  return { markup, width, height };
}

/** Draws the SVG on a canvas at `scale` device pixels per CSS pixel. */
export async function svgToPng(image: StandaloneSvg, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([image.markup], { type: 'image/svg+xml' }));
  try {
    const img = new Image(image.width, image.height);
    img.src = url;
    await img.decode().catch(() => {
      throw new Error('the browser could not read the diagram as an image.');
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(image.width * scale);
    canvas.height = Math.round(image.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw on a canvas.');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('The picture is too large to encode as PNG.'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function svgBlob(image: StandaloneSvg): Blob {
  return new Blob([image.markup], { type: 'image/svg+xml;charset=utf-8' });
}

/** Saves a blob under a file name, through a temporary link. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // After the click has been handled: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
