/** Repository-relative path helpers shared by the drift detectors (links, action-io, ...). */

/** Resolves `target` against the folder of `from` (repository-relative); undefined when it leaves the root. */
export function resolveRelative(from: string, target: string): string | undefined {
  const parts = target.startsWith("/") ? [] : from.split("/").slice(0, -1);
  for (const seg of target.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else {
      parts.push(seg);
    }
  }
  return parts.join("/");
}
