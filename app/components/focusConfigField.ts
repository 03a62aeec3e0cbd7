/**
 * Brings a setting's field in the config panel into view and focus: opens the "Configuration"
 * disclosure it sits in, scrolls to it and focuses it, within the same playground (an embed or a second
 * playground on the page has fields with the same key).
 */
export function focusConfigField(from: Element, configKey: string): boolean {
  const root = from.closest('.playground') ?? document;
  const field = root.querySelector<HTMLElement>(`[data-config-key="${CSS.escape(configKey)}"]`);
  if (!field) return false;
  const details = field.closest('details');
  if (details && !details.open) details.open = true;
  field.scrollIntoView({ block: 'center' });
  field.focus({ preventScroll: true });
  return true;
}
