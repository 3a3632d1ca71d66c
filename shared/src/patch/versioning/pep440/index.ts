import { compare, explain } from "@renovatebot/pep440";
import { hasSurroundingSpace, invalidVersion } from "../invalid-version.js";
import type { VersionScheme } from "../types.js";

const EXPECTED = "a PEP 440 version, e.g. 2.31.0, 1.0rc1, 1!2.0.post1";

type Explained = NonNullable<ReturnType<typeof explain>>;

function parse(v: string): Explained {
  const parsed = hasSurroundingSpace(v) ? null : explain(v);
  if (!parsed) throw invalidVersion("pep440", v, EXPECTED);
  return parsed;
}

/** PEP 440 ordering (PyPI) via `@renovatebot/pep440`: epochs, pre/post/dev releases, local versions. */
export const pep440Scheme: VersionScheme = {
  id: "pep440",
  isValid(v) {
    return !hasSurroundingSpace(v) && explain(v) !== null;
  },
  compare(a, b) {
    parse(a);
    parse(b);
    return compare(a, b);
  },
  isPrerelease(v) {
    return parse(v).is_prerelease;
  },
  branch(v) {
    const p = parse(v);
    const [major = 0, minor = 0] = p.release;
    const line = major === 0 ? `0.${minor}` : String(major);
    return p.epoch === 0 ? line : `${p.epoch}!${line}`;
  },
};
