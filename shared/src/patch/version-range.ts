import { InputError } from "../errors.js";
import type { VersionScheme } from "./versioning/types.js";

/**
 * Whether `version` is in `range`, ordered by the ecosystem's own scheme. Used for policy exceptions and
 * deny lists, which must work the same for every ecosystem, so the syntax is deliberately small and
 * ecosystem-neutral (no library reads one range syntax over PEP 440, Maven and Go orderings alike):
 * `*` (any), `1.2.3` or `=1.2.3` (exact), comparators `>= > <= <` joined by spaces or commas (all must
 * hold), alternatives joined by `||`. An empty or missing range means any version.
 * Throws InputError naming the range when it cannot be read.
 */
export function satisfiesRange(version: string, range: string | undefined, scheme: VersionScheme): boolean {
  const text = (range ?? "").trim();
  if (text === "" || text === "*") return true;
  return text.split("||").some((alt) => {
    const parts = alt
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean);
    if (parts.length === 0) throw new InputError(`version range "${range}" has an empty alternative`);
    return parts.every((part) => {
      const m = /^(>=|<=|>|<|==|=)?\s*(.+)$/.exec(part);
      const op = m?.[1] ?? "=";
      const bound = m?.[2] ?? "";
      if (!scheme.isValid(bound)) {
        throw new InputError(`version range "${range}": "${bound}" is not a valid ${scheme.id} version`, {
          hint: "write comparators like `>=1.2.0 <2.0.0`, an exact version, or `*`",
        });
      }
      const c = scheme.compare(version, bound);
      switch (op) {
        case ">=":
          return c >= 0;
        case ">":
          return c > 0;
        case "<=":
          return c <= 0;
        case "<":
          return c < 0;
        default:
          return c === 0;
      }
    });
  });
}
