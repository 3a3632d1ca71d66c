import { fitBinaryLogistic, minimise } from "@upkeep/shared/feedback/optimise.js";
import { describe, expect, it } from "vitest";

describe("the L-BFGS minimiser behind the naive-Bayes part", () => {
  it("finds the minimum of a badly scaled quadratic", () => {
    // f(x) = Σ c_i (x_i - i)², curvatures from 1 to 1000: plain gradient descent would crawl.
    const n = 20;
    const f = (x: Float64Array, g: Float64Array) => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const c = 10 ** ((3 * i) / (n - 1));
        s += c * (x[i]! - i) ** 2;
        g[i] = 2 * c * (x[i]! - i);
      }
      return s;
    };
    const x = minimise(f, new Float64Array(n), { iterations: 200, tolerance: 1e-12 });
    for (let i = 0; i < n; i++) expect(x[i]).toBeCloseTo(i, 3);
  });

  it("fits a logistic regression that separates two kinds, and the penalty keeps weights small", () => {
    // Column 0 marks the positive rows, column 1 the negative ones, column 2 is on everywhere (noise).
    const rows = Array.from({ length: 40 }, (_, i) => ({
      columns: Int32Array.from([i % 2, 2]),
      values: Float64Array.from([1, 1]),
    }));
    const targets = rows.map((_, i) => (i % 2 === 0 ? 1 : -1));
    const w = fitBinaryLogistic(rows, targets, 3, 0.1, 100);
    expect(w[0]).toBeGreaterThan(1);
    expect(w[1]).toBeLessThan(-1);
    expect(Math.abs(w[2]! + w[3]!)).toBeLessThan(0.5);
    const strong = fitBinaryLogistic(rows, targets, 3, 10, 100);
    expect(Math.abs(strong[0]!)).toBeLessThan(Math.abs(w[0]!));
    // Deterministic: the same data gives the same weights.
    expect([...fitBinaryLogistic(rows, targets, 3, 0.1, 100)]).toEqual([...w]);
  });
});
