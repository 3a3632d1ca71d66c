/**
 * A small limited-memory BFGS minimiser (Nocedal & Wright, algorithm 7.4, with a backtracking Armijo line
 * search) and the L2-regularised binary logistic regression the naive-Bayes part of the classifier fits
 * with it. Deterministic: no randomness, the same data gives the same weights on every machine.
 */

/** `f(x, g)` returns the objective at `x` and writes its gradient into `g`. */
export type Objective = (x: Float64Array, g: Float64Array) => number;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Minimises `f` from `x` (changed in place and returned) for at most `iterations` steps, stopping early
 * when a step improves the objective by less than `tolerance` relative to its size.
 */
export function minimise(
  f: Objective,
  x: Float64Array,
  options: { iterations?: number; memory?: number; tolerance?: number } = {},
): Float64Array {
  const n = x.length;
  const iterations = options.iterations ?? 60;
  const memory = options.memory ?? 5;
  const tolerance = options.tolerance ?? 1e-6;
  const g = new Float64Array(n);
  let fx = f(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const xn = new Float64Array(n);
  const gn = new Float64Array(n);
  const alpha: number[] = [];
  for (let it = 0; it < iterations; it++) {
    // Two-loop recursion: d = -H g.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(S[k]!, d);
      const y = Y[k]!;
      for (let i = 0; i < n; i++) d[i]! -= alpha[k]! * y[i]!;
    }
    const last = S.length - 1;
    const gamma = last >= 0 ? 1 / (rho[last]! * dot(Y[last]!, Y[last]!)) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let i = 0; i < n; i++) d[i]! *= gamma;
    for (let k = 0; k < S.length; k++) {
      const b = rho[k]! * dot(Y[k]!, d);
      const s = S[k]!;
      for (let i = 0; i < n; i++) d[i]! += s[i]! * (alpha[k]! - b);
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      slope = -dot(g, g);
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      if (slope === 0) break;
    }
    let step = 1;
    let fn = fx;
    for (let tries = 0; tries < 30; tries++) {
      for (let i = 0; i < n; i++) xn[i] = x[i]! + step * d[i]!;
      fn = f(xn, gn);
      if (fn <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fn <= fx)) break;
    // Reuse the oldest pair's arrays once the memory is full (no garbage per iteration).
    const full = S.length >= memory;
    const s = full ? S.shift()! : new Float64Array(n);
    const y = full ? Y.shift()! : new Float64Array(n);
    if (full) {
      rho.shift();
      alpha.length = S.length;
    }
    for (let i = 0; i < n; i++) {
      s[i] = xn[i]! - x[i]!;
      y[i] = gn[i]! - g[i]!;
    }
    const sy = dot(s, y);
    x.set(xn);
    g.set(gn);
    const improved = fx - fn;
    fx = fn;
    if (sy > 1e-10) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    if (improved < tolerance * Math.max(1, Math.abs(fx))) break;
  }
  return x;
}

/** Rows of a sparse matrix over a compact column space: column numbers and values. */
export interface Row {
  columns: Int32Array;
  values: Float64Array;
}

/**
 * L2-regularised binary logistic regression: minimises Σ log(1 + exp(-t·(w·x + b))) + λ/2·|w|² over rows
 * with targets ±1 and `dimensions` columns (each row's loss times `weights[i]` when given). Returns the weights followed by the bias (not penalised).
 */
export function fitBinaryLogistic(
  rows: readonly Row[],
  targets: readonly number[],
  dimensions: number,
  lambda: number,
  iterations = 60,
  weights?: readonly number[],
): Float64Array {
  const f: Objective = (w, g) => {
    g.fill(0);
    let loss = 0;
    for (let i = 0; i < rows.length; i++) {
      const { columns, values } = rows[i]!;
      let z = w[dimensions]!;
      for (let n = 0; n < columns.length; n++) z += w[columns[n]!]! * values[n]!;
      const m = targets[i]! * z;
      const weight = weights ? weights[i]! : 1;
      loss += weight * (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m)));
      const d = (-targets[i]! * weight) / (1 + Math.exp(m));
      g[dimensions]! += d;
      for (let n = 0; n < columns.length; n++) g[columns[n]!]! += d * values[n]!;
    }
    for (let q = 0; q < dimensions; q++) {
      loss += 0.5 * lambda * w[q]! * w[q]!;
      g[q]! += lambda * w[q]!;
    }
    return loss;
  };
  return minimise(f, new Float64Array(dimensions + 1), { iterations });
}
