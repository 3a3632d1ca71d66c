import type { DependencyGroup } from "../../types.js";

/** Bundler groups whose gems are not installed in production by convention. */
const DEV_GROUPS = /^(?:development|develop|dev|test|tests|testing|ci|lint|linters?|rubocop|debug|docs?)$/;

/** What the Gemfile says about its gems. */
export interface GemfileGroups {
  /** Group of each gem the Gemfile names. */
  groups: Map<string, DependencyGroup>;
  /** The Gemfile calls `gemspec`: DEPENDENCIES it does not name come from the gemspec's development group. */
  usesGemspec: boolean;
}

function symbols(text: string): string[] {
  return [...text.matchAll(/:(\w+)|["'](\w+)["']/g)].map((m) => (m[1] ?? m[2])!);
}

function groupOf(names: readonly string[]): DependencyGroup {
  if (names.length === 0) return "prod";
  return names.every((n) => DEV_GROUPS.test(n)) ? "dev" : "prod";
}

/**
 * Reads gem groups from a Gemfile: `group :development, :test do ... end` blocks and `group:`/`groups:`
 * options on `gem` lines. A gem in no group, or in any group not named like development/test, is prod
 * (a wrong "prod" fails safe; a wrong "dev" would hide a production vulnerability).
 * A Gemfile is Ruby code; without running Ruby, this reads the common DSL forms line by line, tracking
 * `do`/`if`/`unless`/`case`/`begin` ... `end` nesting so a group block ends where Ruby ends it.
 */
export function readGemfileGroups(text: string): GemfileGroups {
  const groups = new Map<string, DependencyGroup>();
  const stack: string[][] = [];
  let usesGemspec = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (line === "") continue;
    const inherited = stack.flat();
    if (/^end\b/.test(line)) {
      stack.pop();
      continue;
    }
    if (/^gemspec\b/.test(line)) usesGemspec = true;
    const gem = /^gem\s*\(?\s*["']([^"']+)["'](.*)$/.exec(line);
    if (gem) {
      const options = gem[2]!;
      const own = /(?:\bgroups?:|:groups?\s*=>)\s*(\[[^\]]*\]|:\w+|["']\w+["'])/.exec(options);
      const names = [...inherited, ...(own ? symbols(own[1]!) : [])];
      const group = groupOf(names);
      const previous = groups.get(gem[1]!);
      groups.set(gem[1]!, previous === "prod" ? "prod" : group);
    }
    const opensBlock = /\bdo(?:\s*\|[^|]*\|)?$/.test(line) || /^(?:if|unless|case|begin|while|until)\b/.test(line);
    if (opensBlock) {
      const groupBlock = /^group\s*\(?(.*?)\)?\s*do\b/.exec(line);
      stack.push(groupBlock ? symbols(groupBlock[1]!) : []);
    }
  }
  return { groups, usesGemspec };
}
