import { postgresDrill } from "./postgres/index.js";
import { sqliteDrill } from "./sqlite/index.js";
import { tarDrill } from "./tar/index.js";
import type { RestoreDrill } from "./types.js";

/**
 * Every restore drill by id (`restore.type`, `--restore`). To add one: make `drills/<id>/index.ts`
 * exporting a {@link RestoreDrill}, add it here; the contract test (test/shared/backup/drills.test.ts)
 * says what is missing. `zip` is an alias of `tar` (one drill extracts both safely).
 */
export const DRILLS: ReadonlyMap<string, RestoreDrill> = new Map([
  ...[sqliteDrill, postgresDrill, tarDrill].map((d): [string, RestoreDrill] => [d.id, d]),
  ["zip", tarDrill],
]);
