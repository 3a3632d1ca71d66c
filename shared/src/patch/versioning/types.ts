/**
 * A version scheme: how one ecosystem spells and orders its versions (design §3, one folder per scheme).
 * Registered in `registry.ts`; test/shared/patch/versioning/contract.test.ts checks every one.
 */
export interface VersionScheme {
  /** Registry key and folder name, e.g. `semver`, `pep440`, `maven`. */
  id: string;
  /** True when the scheme can order `v`. Never throws. */
  isValid(v: string): boolean;
  /**
   * Negative when `a` sorts before `b`, 0 when they are the same version, positive after.
   * Throws InputError naming the scheme and the string when either side is not valid.
   */
  compare(a: string, b: string): number;
  /** True for pre-releases (alpha, beta, rc, dev, snapshot, ...). Throws InputError on an invalid version. */
  isPrerelease(v: string): boolean;
  /**
   * The release line `v` belongs to, used to prefer a fix on the installed version's own line when an
   * advisory gives no range that closes over it (e.g. semver: `7` for 7.5.1, `0.3` for 0.3.4 since a 0.x
   * minor is a breaking line). Throws InputError on an invalid version.
   */
  branch(v: string): string;
}
