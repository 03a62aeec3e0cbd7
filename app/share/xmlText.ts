/**
 * Characters XML 1.0 forbids anywhere in a document, even escaped: C0 controls other than tab, line feed
 * and carriage return, U+FFFE/U+FFFF, and surrogates that are not part of a pair. They reach the diagram
 * from free text (a scenario's title, a narration), and one of them makes the whole SVG unreadable (and
 * the PNG drawn from it fail), so the exported markup leaves them out.
 */
const XML_ILLEGAL =
  // eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `markup` without the characters XML cannot hold. */
export function xmlSafe(markup: string): string {
  return markup.replace(XML_ILLEGAL, '');
}
