// Name-based UUIDs (RFC 4122 version 5: SHA-1 of a namespace and a name), so that OSCAL documents derived from the
// same facts carry the same UUIDs. Ten lines of node:crypto; a package would add nothing.
import { createHash } from "node:crypto";

/** dockaudit's namespace for every UUID it derives (fixed forever: changing it changes every OSCAL UUID). */
export const DOCKAUDIT_UUID_NAMESPACE = "20d95344-0b81-493d-8386-27f6c712d577";

export function uuidv5(name: string, namespace: string = DOCKAUDIT_UUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  if (ns.length !== 16) throw new Error(`not a UUID: ${namespace}`);
  const h = createHash("sha1").update(ns).update(name, "utf8").digest().subarray(0, 16);
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
