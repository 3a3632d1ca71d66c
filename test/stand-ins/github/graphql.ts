// GraphQL endpoint (`POST /graphql`).
import type { Auth } from "./context.js";
import type { Serializer } from "./serialize.js";
import type { StandInState } from "./state.js";

/** Answers one GraphQL request body with GitHub's `{ data, errors }` envelope. */
export async function handleGraphql(
  _state: StandInState,
  _ser: Serializer,
  _auth: Auth,
  _body: unknown,
): Promise<unknown> {
  return { errors: [{ message: "not implemented yet" }] };
}
