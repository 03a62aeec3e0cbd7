import type { CommandContext } from '../commands.ts';

/**
 * Next, Back, Reset and End while the Compare view shows: the same commands (their keys, buttons, the
 * play loop and a presenter's PageDown), moving the columns' shared tick instead of the run's cursor.
 * Next stops where the comparison has something to show (src/sim/compare.ts `lockstep` stops): every
 * column on the brink of a fault, the fault landing in all of them, each column coming to rest.
 */

export const inCompare = (ctx: CommandContext): boolean =>
  ctx.state.view === 'compare' && ctx.comparison !== undefined;

/** The columns' lockstep, once every column is in. */
const lockstepOf = (ctx: CommandContext) => ctx.comparison?.()?.lockstep ?? null;

/** The tick shown: the stored one, within the comparison (which may have changed under it). */
export const tickOf = (ctx: CommandContext): number =>
  Math.min(ctx.state.compareTick, lockstepOf(ctx)?.ticks ?? 0);

export const compareStepping = {
  canNext: (ctx: CommandContext) => tickOf(ctx) < (lockstepOf(ctx)?.ticks ?? 0),
  next(ctx: CommandContext) {
    const tick = tickOf(ctx);
    const stop = lockstepOf(ctx)?.stops.find((t) => t > tick);
    if (stop !== undefined) ctx.state.setCompareTick(stop);
  },
  canBack: (ctx: CommandContext) => tickOf(ctx) > 0,
  back(ctx: CommandContext) {
    const tick = tickOf(ctx);
    ctx.state.setCompareTick(lockstepOf(ctx)?.stops.findLast((t) => t < tick) ?? 0);
  },
  reset: (ctx: CommandContext) => ctx.state.setCompareTick(0),
  end: (ctx: CommandContext) => ctx.state.setCompareTick(lockstepOf(ctx)?.ticks ?? 0),
};
