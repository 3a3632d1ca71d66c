/**
 * The classifier's model: a multinomial logistic regression over hashed features (features.ts) and, since
 * version 2, a naive-Bayes-weighted logistic regression over the words (NB-LR), their probabilities mixed;
 * stored as a small versioned JSON document. Only slots that training touched are stored (sparse, 8-bit),
 * so a model trained on a few hundred issues is a few hundred kilobytes and loads in milliseconds.
 * Version 1 files (the logistic regression alone) still load and classify as they did.
 */
import { InputError } from "../errors.js";
import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions } from "./features.js";

/** The format tag every model file starts with. */
export const MODEL_FORMAT = "upkeep-feedback-model";
/** The model format version this build writes. */
export const MODEL_VERSION = 2;
/**
 * The version of models trained with other repositories' issues (`features.ownCopy`): older builds refuse
 * them rather than classify with the wrong features. Models without it stay version 2.
 */
export const OWN_COPY_MODEL_VERSION = 3;
/** The versions this build reads. */
export const READABLE_MODEL_VERSIONS: readonly number[] = [1, 2, 3];

/**
 * The naive-Bayes part (NB-LR, Wang & Manning 2012): per label a binary logistic regression over the
 * issue's present word, structure and cue features, each scaled by its log-count ratio between the label
 * and the others. Both factors are folded into one weight per slot and label.
 */
export interface NaiveBayesPart {
  /** Share of this part in the mixed probabilities (the logistic regression has the rest). */
  mix: number;
  /** One bias per label. */
  bias: Float64Array;
  /** Slot-major weights like {@link FeedbackModel.weights}, read with `featurizeIssue(...).present`. */
  weights: Float32Array;
}

/** A trained (or built-in) model in memory. */
export interface FeedbackModel {
  labels: string[];
  features: FeatureOptions;
  /** One bias per label. */
  bias: Float64Array;
  /** Slot-major weights: `weights[slot * labels.length + k]`. Length `2^bits * labels.length`. */
  weights: Float32Array;
  /** Below this top probability the classifier abstains. */
  threshold: number;
  /** Version 2: the naive-Bayes part; absent in version 1 models and the built-in rules. */
  nb?: NaiveBayesPart;
  /**
   * Version 2: the mixed probabilities are raised to `1 / temperature` and renormalised (temperature
   * scaling, fitted on out-of-fold predictions at training), so a confidence of 0.9 means about 9 in 10
   * right. Default 1.
   */
  temperature?: number;
  /** What the model was trained on, for people reading the file. */
  trainedOn: {
    issues: number;
    perLabel: Record<string, number>;
    source?: string;
    /** Extra issues (other repositories') it also learnt from, and the weight each had. */
    also?: { issues: number; weight: number };
  };
}

/** The JSON shape of a model file. */
export interface ModelJson {
  format: typeof MODEL_FORMAT;
  version: number;
  labels: string[];
  features: FeatureOptions;
  bias: number[];
  threshold: number;
  trainedOn: FeedbackModel["trainedOn"];
  /**
   * The weights of the slots training touched: `slots` is base64 of the slot numbers, ascending, each as the
   * unsigned LEB128 varint of its distance from the previous one; `values` is base64 of Int8 weights
   * (labels.length per slot), each `scale` times the stored integer.
   */
  weights: EncodedWeights;
  /** Version 2 (optional): the naive-Bayes part, weights encoded the same way. */
  nb?: { mix: number; bias: number[]; weights: EncodedWeights };
  /** Version 2 (optional): see {@link FeedbackModel.temperature}. */
  temperature?: number;
}

/** A weight table as stored: see {@link ModelJson.weights}. */
export interface EncodedWeights {
  encoding: "delta-varint+int8";
  slots: string;
  values: string;
  scale: number;
}

function toBase64(bytes: ArrayBufferView): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

function fromBase64(text: string): Uint8Array {
  const b = Buffer.from(text, "base64");
  // Copy into a fresh, aligned buffer so typed views of any element size work.
  const out = new Uint8Array(b.byteLength);
  out.set(b);
  return out;
}

/**
 * The model as JSON-ready data. Weights are quantised to 8 bits (one scale for the model: about 0.4 % of the
 * largest weight, far below what changes a prediction) and slots whose weights all quantise to 0 are left out.
 */
export function modelToJson(model: FeedbackModel): ModelJson {
  return {
    format: MODEL_FORMAT,
    version: model.features.ownCopy ? OWN_COPY_MODEL_VERSION : MODEL_VERSION,
    labels: [...model.labels],
    features: model.features,
    bias: [...model.bias],
    threshold: model.threshold,
    trainedOn: model.trainedOn,
    weights: encodeWeights(model.weights, model.labels.length),
    ...(model.nb
      ? {
          nb: {
            mix: model.nb.mix,
            bias: [...model.nb.bias],
            weights: encodeWeights(model.nb.weights, model.labels.length),
          },
        }
      : {}),
    ...(model.temperature !== undefined && model.temperature !== 1 ? { temperature: model.temperature } : {}),
  };
}

function encodeWeights(weights: Float32Array, k: number): EncodedWeights {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 127 : 1;
  const slotBytes: number[] = [];
  const values: number[] = [];
  const n = weights.length / k;
  let previous = 0;
  for (let s = 0; s < n; s++) {
    const q: number[] = [];
    for (let j = 0; j < k; j++) q.push(Math.max(-127, Math.min(127, Math.round(weights[s * k + j]! / scale))));
    if (q.every((x) => x === 0)) continue;
    let delta = s - previous;
    previous = s;
    do {
      const byte = delta & 0x7f;
      delta >>>= 7;
      slotBytes.push(delta > 0 ? byte | 0x80 : byte);
    } while (delta > 0);
    values.push(...q);
  }
  return {
    encoding: "delta-varint+int8",
    slots: toBase64(Uint8Array.from(slotBytes)),
    values: toBase64(Int8Array.from(values)),
    scale,
  };
}

/** The model as the text of a model file (one line of JSON per field group, stable for diffs). */
export function serializeModel(model: FeedbackModel): string {
  return `${JSON.stringify(modelToJson(model), null, 1)}\n`;
}

function fail(file: string, message: string): never {
  throw new InputError(`${message}`, {
    location: { file },
    hint: "write the model again with `upkeep feedback train` (the file may be damaged or from another tool)",
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function checkFeatures(file: string, f: unknown): FeatureOptions {
  if (!isRecord(f)) fail(file, "model: `features` is not an object");
  const bits = f.bits;
  if (typeof bits !== "number" || !Number.isInteger(bits) || bits < 8 || bits > 24) {
    fail(file, "model: `features.bits` must be an integer from 8 to 24");
  }
  const cg = f.charGrams;
  if (!Array.isArray(cg) || cg.length !== 2 || !cg.every((x) => Number.isInteger(x) && x >= 1 && x <= 8)) {
    fail(file, "model: `features.charGrams` must be two integers from 1 to 8");
  }
  const w = f.weights;
  if (!isRecord(w) || !["title", "body", "chars", "structure"].every((k) => typeof w[k] === "number")) {
    fail(file, "model: `features.weights` needs numbers title, body, chars and structure");
  }
  const weights = { cues: 0, ...(w as Record<string, number>) } as unknown as FeatureOptions["weights"];
  const p = f.presenceWeights;
  if (
    p !== undefined &&
    (!isRecord(p) || !["title", "body", "structure", "cues"].every((k) => typeof p[k] === "number"))
  ) {
    fail(file, "model: `features.presenceWeights` needs numbers title, body, structure and cues");
  }
  return {
    bits,
    charGrams: [cg[0], cg[1]],
    charLimit: typeof f.charLimit === "number" ? f.charLimit : DEFAULT_FEATURE_OPTIONS.charLimit,
    wordLimit: typeof f.wordLimit === "number" ? f.wordLimit : DEFAULT_FEATURE_OPTIONS.wordLimit,
    weights,
    ...(p ? { presenceWeights: p as unknown as NonNullable<FeatureOptions["presenceWeights"]> } : {}),
    ...(f.ownCopy === true ? { ownCopy: true } : {}),
  };
}

/**
 * Reads a model from parsed JSON. `file` names the source in errors.
 * Throws InputError (naming the file and the field) when it is not a model this version can read.
 */
export function modelFromJson(data: unknown, file = "model"): FeedbackModel {
  if (!isRecord(data) || data.format !== MODEL_FORMAT)
    fail(file, `not an Upkeep feedback model (no "format": "${MODEL_FORMAT}")`);
  if (typeof data.version !== "number" || !READABLE_MODEL_VERSIONS.includes(data.version)) {
    throw new InputError(
      `model version ${String(data.version)} is not supported (this Upkeep reads versions ${READABLE_MODEL_VERSIONS.join(", ")})`,
      {
        location: { file },
        hint: "train the model again with this Upkeep: `upkeep feedback train` (or upgrade Upkeep when the model is newer)",
      },
    );
  }
  const labels = data.labels;
  if (!Array.isArray(labels) || labels.length < 2 || !labels.every((l) => typeof l === "string" && l !== "")) {
    fail(file, "model: `labels` must list at least two label names");
  }
  const features = checkFeatures(file, data.features);
  const k = labels.length;
  const bias = data.bias;
  if (!Array.isArray(bias) || bias.length !== k || !bias.every((b) => typeof b === "number")) {
    fail(file, "model: `bias` must hold one number per label");
  }
  const weights = decodeWeights(file, "weights", data.weights, features.bits, k);
  const threshold =
    typeof data.threshold === "number" && data.threshold >= 0 && data.threshold <= 1 ? data.threshold : 0.5;
  const trainedOn = isRecord(data.trainedOn)
    ? (data.trainedOn as FeedbackModel["trainedOn"])
    : { issues: 0, perLabel: {} };
  const model: FeedbackModel = {
    labels: labels as string[],
    features,
    bias: Float64Array.from(bias as number[]),
    weights,
    threshold,
    trainedOn,
  };
  if (data.version >= 2 && data.nb !== undefined) {
    const nb = data.nb;
    if (!isRecord(nb) || typeof nb.mix !== "number" || !(nb.mix >= 0 && nb.mix <= 1)) {
      fail(file, "model: `nb.mix` must be a number from 0 to 1");
    }
    if (!Array.isArray(nb.bias) || nb.bias.length !== k || !nb.bias.every((b) => typeof b === "number")) {
      fail(file, "model: `nb.bias` must hold one number per label");
    }
    model.nb = {
      mix: nb.mix,
      bias: Float64Array.from(nb.bias as number[]),
      weights: decodeWeights(file, "nb.weights", nb.weights, features.bits, k),
    };
  }
  if (data.version >= 2 && data.temperature !== undefined) {
    if (typeof data.temperature !== "number" || !(data.temperature > 0 && data.temperature <= 100)) {
      fail(file, "model: `temperature` must be a number above 0 (at most 100)");
    }
    model.temperature = data.temperature;
  }
  return model;
}

function decodeWeights(file: string, field: string, w: unknown, bits: number, k: number): Float32Array {
  if (
    !isRecord(w) ||
    w.encoding !== "delta-varint+int8" ||
    typeof w.slots !== "string" ||
    typeof w.values !== "string" ||
    typeof w.scale !== "number"
  ) {
    fail(
      file,
      `model: \`${field}\` must hold encoding "delta-varint+int8", base64 \`slots\` and \`values\`, and \`scale\``,
    );
  }
  const slotBytes = fromBase64(w.slots);
  const values = new Int8Array(fromBase64(w.values).buffer);
  const size = 1 << bits;
  const weights = new Float32Array(size * k);
  let slot = 0;
  let at = 0;
  let count = 0;
  while (at < slotBytes.length) {
    let delta = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = slotBytes[at++]!;
      delta |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80 && at < slotBytes.length && shift < 35);
    slot += delta;
    if (slot >= size) fail(file, `model: \`${field}\` slot ${slot} is outside 0..${size - 1}`);
    if ((count + 1) * k > values.length)
      fail(file, `model: \`${field}.slots\` and \`${field}.values\` do not match in length`);
    for (let j = 0; j < k; j++) weights[slot * k + j] = values[count * k + j]! * w.scale;
    count++;
  }
  if (count * k !== values.length)
    fail(file, `model: \`${field}.slots\` and \`${field}.values\` do not match in length`);
  return weights;
}

/** Parses the text of a model file; throws InputError naming `file` when it is not JSON or not a model. */
export function parseModel(text: string, file = "model"): FeedbackModel {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    fail(file, `model file is not JSON (${(error as Error).message})`);
  }
  return modelFromJson(data, file);
}
