/**
 * The `<iframe>` a docs author pastes: lazy-loaded, titled for screen readers, allowed to go fullscreen,
 * and with a fixed aspect ratio (and a height floor, for phones) so the host page does not jump while the
 * diagram animates.
 */

import { MIN_PLAYER_HEIGHT } from './autoHeight.ts';

export interface SnippetInput {
  /** Absolute URL of embed.html, without query or hash. */
  embedUrl: string;
  /** Query parameters worth keeping (defaults left out). */
  params: Readonly<Record<string, string>>;
  /** The run's `#run=1.…` hash: the scenario, every choice and the step. */
  hash: string;
  title: string;
}

const escapeAttribute = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function embedUrlOf({ embedUrl, params, hash }: Omit<SnippetInput, 'title'>): string {
  const query = new URLSearchParams(params).toString();
  return `${embedUrl}${query ? `?${query}` : ''}${hash}`;
}

export function embedSnippet(input: SnippetInput): string {
  return (
    `<iframe src="${escapeAttribute(embedUrlOf(input))}" title="${escapeAttribute(input.title)}" ` +
    `loading="lazy" allow="fullscreen" style="width:100%;aspect-ratio:16/10;min-height:${MIN_PLAYER_HEIGHT}px;border:0"></iframe>`
  );
}
