/** The module the step counts: `advance` is internal to the core, so not in its public API. */
type StepModule = typeof import('../../src/sim/step.ts');

/**
 * The step module with `advance` counted, for tests that assert how many steps a move replays (every
 * replay goes through `advance`); the steps themselves are the real ones. With an `enabled` count, also
 * how often the actions a world offers are listed (once per run a playground derives). Used from a test
 * file's `vi.mock('…/src/sim/step.ts', …)` factory, which cannot refer to imports, so it loads this one itself.
 */
export async function countedSteps(
  importOriginal: () => Promise<StepModule>,
  counter: { count: number; enabled?: number },
): Promise<StepModule> {
  const original = await importOriginal();
  return {
    ...original,
    advance: (...args: Parameters<typeof original.advance>) => {
      counter.count++;
      return original.advance(...args);
    },
    enabledActions: (...args: Parameters<typeof original.enabledActions>) => {
      if (counter.enabled !== undefined) counter.enabled++;
      return original.enabledActions(...args);
    },
  };
}
