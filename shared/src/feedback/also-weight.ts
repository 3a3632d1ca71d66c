/**
 * Default weight of an extra issue from another repository (chosen by cross-validation, bench/feedback/tune.ts).
 * Its own module so the CLI can show it in `--help` without loading the trainer.
 */
export const DEFAULT_ALSO_WEIGHT = 0.3;
