import { InputError } from "../../errors.js";

/** The error every scheme throws for a string it cannot order; the caller adds package context. */
export function invalidVersion(schemeId: string, v: string, expected: string): InputError {
  return new InputError(`"${v}" is not a valid ${schemeId} version`, { hint: `expected ${expected}` });
}

/** Whitespace is never part of a version; libraries that trim it would hide a corrupt lockfile entry. */
export function hasSurroundingSpace(v: string): boolean {
  return v.length === 0 || v.trim() !== v;
}
