// Vitest wiring for the GitHub stand-in: one server per test file, violations checked after every test.
import { afterAll, afterEach, beforeAll } from "vitest";
import { type GitHubStandIn, type StandInOptions, startGitHubStandIn } from "./index.js";

/**
 * Starts a stand-in before the file's tests and closes it after them. After each test it throws when the
 * stand-in recorded an OpenAPI violation, unless `allowViolations` is true (a test that sends a bad request on
 * purpose can instead call `takeViolations()` and assert on what it returns). Returns a getter for the stand-in,
 * valid inside hooks and tests.
 */
export function useGitHubStandIn(options: StandInOptions & { allowViolations?: boolean } = {}): () => GitHubStandIn {
  let standIn: GitHubStandIn | undefined;
  beforeAll(async () => {
    standIn = await startGitHubStandIn(options);
  });
  afterEach(() => {
    if (!options.allowViolations) standIn?.assertNoViolations();
  });
  afterAll(async () => {
    await standIn?.close();
  });
  return () => {
    if (!standIn) throw new Error("the GitHub stand-in starts in beforeAll; use it inside hooks or tests");
    return standIn;
  };
}
