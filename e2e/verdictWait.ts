import { expect, type Locator, type Page } from '@playwright/test';

/**
 * After a press of Next (or PageDown) on the way to the verdict: waits until the verdict card is open or
 * Next can be pressed again. The card opens a painted frame after the step that brings a run to rest
 * (app/components/deferred.tsx `useAfterPaint`), and Next is disabled meanwhile, so a test that asked
 * right after the press and pressed again would press a disabled Next.
 */
export async function untilCardOrNext(page: Page, card: Locator): Promise<void> {
  const next = page.getByRole('button', { name: 'Next', exact: true }).first();
  await expect
    .poll(
      async () => (await card.isVisible()) || (await next.isEnabled({ timeout: 100 }).catch(() => true)),
      {
        timeout: 10_000,
      },
    )
    .toBe(true);
}
