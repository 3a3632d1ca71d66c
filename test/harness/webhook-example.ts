import { createRequire } from "node:module";

interface WebhookDefinition {
  name: string;
  actions: string[];
  examples: Array<Record<string, unknown>>;
}

// The package ships one JSON array (api.github.com/index.json): per event name, its actions and example
// payloads, each example carrying its own `action` field.
const definitions = createRequire(import.meta.url)("@octokit/webhooks-examples") as WebhookDefinition[];

/**
 * A real webhook payload from `@octokit/webhooks-examples`, picked by `"<event>"` (its first example) or
 * `"<event>.<action>"` (the first example with that action), e.g. `"pull_request.opened"`, `"push"`.
 * Returns a deep copy, so a test may change it.
 * @throws {Error} when the event or action has no example, listing what exists
 */
export function webhookExample(id: string): Record<string, unknown> {
  const dot = id.indexOf(".");
  const event = dot < 0 ? id : id.slice(0, dot);
  const action = dot < 0 ? undefined : id.slice(dot + 1);
  const definition = definitions.find((d) => d.name === event);
  if (!definition) {
    throw new Error(
      `@octokit/webhooks-examples has no "${event}" event; known: ${definitions.map((d) => d.name).join(", ")}`,
    );
  }
  const example = action === undefined ? definition.examples[0] : definition.examples.find((e) => e.action === action);
  if (!example) {
    const actions = [...new Set(definition.examples.map((e) => String(e.action ?? "")))].filter(Boolean);
    throw new Error(
      `@octokit/webhooks-examples has no "${id}" example; "${event}" examples: ${actions.join(", ") || "(no actions)"}`,
    );
  }
  return structuredClone(example);
}
