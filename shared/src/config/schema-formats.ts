import type { Format } from "ajv";
import { fullFormats } from "ajv-formats/dist/formats.js";

/** True when `tz` is an IANA time zone this runtime knows (`UTC`, `Europe/Berlin`, ...). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Every `format` upkeep.schema.json uses, by name: ajv-formats' `date` and `uri`, and our `iana-time-zone`.
 * The validator compiled at run time registers them; the one precompiled by scripts/build.mjs imports this
 * object, so both check a format with the same function.
 */
export const schemaFormats: Record<string, Format> = {
  date: fullFormats.date,
  uri: fullFormats.uri,
  "iana-time-zone": { type: "string", validate: isTimeZone },
};
