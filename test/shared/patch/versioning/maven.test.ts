import { mavenScheme } from "@upkeep/shared/patch/versioning/maven/index.js";
import { expect, it } from "vitest";

// Cases from Maven's version order specification (https://maven.apache.org/pom.html#version-order-specification).
it.each([
  ["1", "1.1", -1],
  ["1-snapshot", "1", -1],
  ["1.1-snapshot", "1", 1],
  ["1-sp", "1-ga", 1],
  ["1-foo", "1-sp", 1],
  ["1-foo2", "1-foo10", -1],
  ["1.0.RC1", "1.0-rc1", 0],
  ["1.0.0.X1", "1.0.0-X2", -1],
  ["1.ga", "1-ga", 0],
  ["1-1", "1.1", -1],
  ["2.12.2", "2.4", 1],
  ["2.13.0", "2.12.2", 1],
  ["1.0.0.99999999999999999999", "1.0.0.99999999999999999998", 1],
])("compare(%s, %s) has sign %i", (a, b, sign) => {
  expect(Math.sign(mavenScheme.compare(a, b))).toBe(sign);
  expect(Math.sign(mavenScheme.compare(b, a)) + 0).toBe(-sign + 0);
});
