import { advance, createWorld, outcome, type Outcome, type Scenario, type World } from '../../src/index.ts';

/** Every CHECKPOINT-th world is kept: reaching any other costs at most CHECKPOINT - 1 steps of replay. */
const CHECKPOINT = 64;
/** Worlds handed out and kept, so that asking for a cursor again returns the same world (per-world caches). */
const HANDED_OUT = 8;

/**
 * The worlds of a run, derived from (scenario, choices) and cached: stepping forward extends the run,
 * stepping back or scrubbing replays at most CHECKPOINT - 1 steps from the nearest kept world, and a fork
 * replays only from the common prefix. The history shares its past instead of keeping a world per step:
 * one steps array (the last world's, extended in place), a checkpoint world every CHECKPOINT steps
 * without its steps, and the last few worlds handed out, each with its own copy of its steps (a world
 * handed out never changes).
 */
export class RunHistory {
  private scenario: Scenario | null = null;
  private choices: string[] = [];
  /** The world after every choice; its steps array is this history's own, appended to in place. */
  private tip: World | null = null;
  /** checkpoints[i]: the world after i × CHECKPOINT choices, its steps left out (tip.steps holds them). */
  private checkpoints: World[] = [];
  /** Cursor → world, oldest first. */
  private handedOut = new Map<number, World>();

  /** The world after the first `cursor` choices. */
  at(scenario: Scenario, choices: readonly string[], cursor: number): World {
    const tip = this.sync(scenario, choices, cursor);
    const at = Math.min(cursor, this.choices.length);
    let world = this.handedOut.get(at);
    if (world) {
      this.handedOut.delete(at); // to the back of the queue
    } else {
      world =
        at === this.choices.length
          ? { ...tip, steps: tip.steps.slice() }
          : (this.fromHandedOut(at, tip) ?? this.rebuild(at, tip));
      if (this.handedOut.size >= HANDED_OUT)
        this.handedOut.delete(this.handedOut.keys().next().value as number);
    }
    this.handedOut.set(at, world);
    return world;
  }

  private sync(scenario: Scenario, choices: readonly string[], cursor: number): World {
    const checked = checkedRuns.get(choices);
    if (checked?.scenario === scenario) {
      // The run was replayed when it was opened (a link is checked that way): take that replay over.
      checkedRuns.delete(choices); // its tip's steps array is appended to in place: one owner only
      this.adopt(checked);
    }
    if (scenario !== this.scenario || !this.tip) this.reset(scenario);
    let common = 0;
    while (
      common < this.choices.length &&
      common < choices.length &&
      this.choices[common] === choices[common]
    )
      common++;
    if (common < this.choices.length) this.truncate(common);
    this.extend(choices, Math.min(cursor, choices.length));
    return this.tip as World;
  }

  private reset(scenario: Scenario): void {
    this.scenario = scenario;
    this.choices = [];
    this.tip = createWorld(scenario);
    this.checkpoints = [{ ...this.tip, steps: [] }];
    this.handedOut.clear();
  }

  private adopt(other: RunHistory): void {
    this.scenario = other.scenario;
    this.choices = other.choices;
    this.tip = other.tip;
    this.checkpoints = other.checkpoints;
    this.handedOut.clear();
  }

  /** Takes `choices` up to the first `length` (the tip's own are a prefix of them); throws at one not offered. */
  private extend(choices: readonly string[], length: number): void {
    while (this.choices.length < length) {
      const choice = choices[this.choices.length] as string;
      this.tip = advance(this.tip as World, choice, true); // the tip's steps array is ours alone
      this.choices.push(choice);
      if (this.choices.length % CHECKPOINT === 0) this.checkpoints.push({ ...this.tip, steps: [] });
    }
  }

  /**
   * Replays `choices` from the start as far as the world offers them; the number that replayed. A choice
   * not offered ends the replay there (the history then holds the choices before it).
   */
  replay(scenario: Scenario, choices: readonly string[]): number {
    this.reset(scenario);
    const tip = () => this.tip as World;
    try {
      this.extend(choices, choices.length);
    } catch {
      // A step that threw after appending its record would leave the tip's history inconsistent.
      if (tip().steps.length !== this.choices.length) this.reset(scenario);
    }
    return this.choices.length;
  }

  /**
   * Forgets every choice after the first `length`: the tip is the world handed out there, if one was (a
   * copy of its steps, for the tip appends to them), else rebuilt from the checkpoint before it. A run
   * extended ahead of a press that did not come (the playground derives Next's run at an idle moment) is
   * cut back to the world on screen without a replay.
   */
  private truncate(length: number): void {
    const tip = this.tip as World;
    this.checkpoints = this.checkpoints.slice(0, Math.floor(length / CHECKPOINT) + 1);
    for (const cursor of [...this.handedOut.keys()]) if (cursor > length) this.handedOut.delete(cursor);
    const kept = this.handedOut.get(length);
    this.tip = kept ? { ...kept, steps: kept.steps.slice() } : this.rebuild(length, tip);
    this.choices = this.choices.slice(0, length);
  }

  /**
   * The world after `cursor` choices from the latest world handed out before it, if that one is nearer
   * than the checkpoint: Next through a recorded run (a link opened part way, or after Back) replays the
   * beat's own steps, not up to CHECKPOINT - 1 steps from the checkpoint.
   */
  private fromHandedOut(cursor: number, tip: World): World | undefined {
    let from = Math.floor(cursor / CHECKPOINT) * CHECKPOINT;
    let before: World | undefined;
    for (const [at, world] of this.handedOut)
      if (at < cursor && at > from) {
        from = at;
        before = world;
      }
    if (!before) return undefined;
    // A copy of its steps: a world handed out never changes.
    let world: World = { ...before, steps: before.steps.slice() };
    for (let i = from; i < cursor; i++) world = advance(world, this.choices[i] as string, true);
    // The tip's own records for the replayed steps: a step's trace keeps its identity across worlds.
    for (let i = from; i < cursor; i++) world.steps[i] = tip.steps[i] as World['steps'][number];
    return world;
  }

  /** The world after `cursor` (≤ the tip's) choices, from the checkpoint at or before it, with its own steps. */
  private rebuild(cursor: number, tip: World): World {
    const k = Math.floor(cursor / CHECKPOINT);
    let world: World = { ...(this.checkpoints[k] as World), steps: tip.steps.slice(0, k * CHECKPOINT) };
    for (let i = k * CHECKPOINT; i < cursor; i++) world = advance(world, this.choices[i] as string, true);
    // The tip's own records for the replayed steps: a step's trace keeps its identity across worlds.
    for (let i = k * CHECKPOINT; i < cursor; i++) world.steps[i] = tip.steps[i] as World['steps'][number];
    return world;
  }
}

/** Runs replayed to check them, by the choices array the run is then shown with (see `checkRun`). */
const checkedRuns = new WeakMap<readonly string[], RunHistory>();

/**
 * Replays a run to check it before it is shown (opening a link): how many of its choices replay, and the
 * choices to show it with (`choices` itself when all of them do, else the prefix that does). The replay
 * is kept: the RunHistory that is then asked for a world of this scenario and this choices array (the
 * same array, by identity) takes it over, so opening a run of N choices replays them once, not twice.
 */
export function checkRun(scenario: Scenario, choices: string[]): { replayed: number; choices: string[] } {
  const history = new RunHistory();
  const replayed = history.replay(scenario, choices);
  const shown = replayed === choices.length ? choices : choices.slice(0, replayed);
  checkedRuns.set(shown, history);
  return { replayed, choices: shown };
}

const outcomes = new WeakMap<World, Outcome>();

/**
 * `outcome(world)` (the ledger, the partition views, the summary) computed once per world: the ledger
 * and the partition log both show parts of it, and stepping back to a world reuses its outcome.
 */
export function outcomeOf(world: World): Outcome {
  let o = outcomes.get(world);
  if (!o) {
    o = outcome(world);
    outcomes.set(world, o);
  }
  return o;
}
