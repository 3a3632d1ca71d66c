/**
 * Coverage over time: which backups this run reads fully. With a sample `n/t` a run verifies n/t of
 * a set's backups, those verified longest ago first (never-verified ones before all others, newest
 * first among them), so every backup is verified at least once every t runs while the set does not
 * grow faster than that. A byte budget caps a run's reading; `max-duration` stops early and the
 * state makes the next run resume where this one stopped.
 */

import { InputError } from "../errors.js";

/** What the state file remembers per backup: when it was last fully verified. */
export interface CoverageState {
  version: 1;
  /** `<set name>\u0000<key>` → ISO time of the last full verification. */
  verified: Record<string, string>;
}

/** An empty state. */
export function emptyCoverage(): CoverageState {
  return { version: 1, verified: {} };
}

/**
 * Parses a state file's text. Throws InputError naming `file` when it is not a state this version
 * wrote (delete it to start over).
 */
export function parseCoverage(text: string, file: string): CoverageState {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file} is not JSON`, { hint: "delete the state file to start coverage over", cause: err });
  }
  const d = data as Partial<CoverageState>;
  if (d?.version !== 1 || typeof d.verified !== "object" || d.verified === null) {
    throw new InputError(`${file} is not a backup-verify state file (version 1)`, {
      hint: "delete the state file to start coverage over",
    });
  }
  return { version: 1, verified: { ...d.verified } };
}

/** The key of a backup in the state. */
export function coverageKey(set: string, key: string): string {
  return `${set}\u0000${key}`;
}

/** An item the selection orders: its state key, size and time. */
export interface Candidate<T> {
  item: T;
  stateKey: string;
  size: number;
  time: Date;
}

/** The result of {@link selectForRun}. */
export interface Selection<T> {
  selected: T[];
  /** Why nothing was selected, when nothing was. */
  emptyReason?: string;
}

/**
 * Picks the backups to read fully this run: all of them without a sample or budget; else the ones
 * verified longest ago first, up to ceil(count × n / t) of them and within `byteBudget`.
 */
export function selectForRun<T>(
  candidates: readonly Candidate<T>[],
  state: CoverageState,
  options: { sample?: { n: number; t: number }; byteBudget?: number },
): Selection<T> {
  if (!options.sample && options.byteBudget === undefined) return { selected: candidates.map((c) => c.item) };
  // Ties in time (archives made within one second) go to the later listed, since repositories list in the
  // order they were made: the order stays the same from run to run.
  const listed = new Map(candidates.map((c, i) => [c, i]));
  const order = [...candidates].sort((a, b) => {
    const va = state.verified[a.stateKey];
    const vb = state.verified[b.stateKey];
    if (va === undefined && vb !== undefined) return -1;
    if (vb === undefined && va !== undefined) return 1;
    if (va !== undefined && vb !== undefined && va !== vb) return va < vb ? -1 : 1;
    return b.time.getTime() - a.time.getTime() || listed.get(b)! - listed.get(a)!;
  });
  const quota = options.sample ? Math.ceil((candidates.length * options.sample.n) / options.sample.t) : order.length;
  const selected: T[] = [];
  let bytes = 0;
  let skippedForBudget = 0;
  for (const c of order) {
    if (selected.length >= quota) break;
    if (options.byteBudget !== undefined && bytes + c.size > options.byteBudget) {
      skippedForBudget++;
      continue;
    }
    selected.push(c.item);
    bytes += c.size;
  }
  if (selected.length === 0 && candidates.length > 0) {
    return {
      selected,
      emptyReason:
        skippedForBudget > 0
          ? `the byte budget of ${options.byteBudget} bytes is smaller than every backup due (${skippedForBudget})`
          : "the sample selected no backup",
    };
  }
  return { selected };
}
