// Saved snapshots are validated against schemas/snapshot.schema.json (generated from types.ts) when loaded: a
// field of the wrong type is a usage error naming the file and the JSON path, never a silent pass.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { jsonPath, parseSnapshot, SnapshotFileError } from "../../src/snapshot/load.js";
import { PROJECT_ROOT } from "../../src/version.js";
import { container, effective, errFact, image, okFact, snapshot } from "../support/fixtures.js";

/** The fixture snapshot as saved, with `edit` applied to the parsed JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- edits arbitrary places of a snapshot document
function saved(edit: (s: Record<string, any>) => void = () => undefined, base = snapshot({ containers: [container("web")] })): string {
  const s = JSON.parse(JSON.stringify(base));
  edit(s);
  return JSON.stringify(s);
}

function rejection(text: string): string {
  try {
    parseSnapshot(text, "/tmp/snap.json");
  } catch (e) {
    expect(e).to.be.instanceOf(SnapshotFileError);
    return (e as Error).message;
  }
  throw new Error("the snapshot was accepted");
}

describe("snapshot loading: schema validation", () => {
  it("accepts the fixture snapshots, error facts and optional slices included", () => {
    expect(() => parseSnapshot(saved(), "a.json")).to.not.throw();
    const rich = snapshot({
      containers: [container("web", { HostConfig: { PidMode: "host", Memory: 512 * 1024 * 1024, CapAdd: ["NET_ADMIN"] } })],
      images: [image("busybox:1")],
      daemon: { effective: effective({ icc: false, hosts: ["fd://"] }, "flag") },
      engine: { imageHistory: okFact({ x: errFact("gone", "GET /images/x/history") }, "GET /images/*/history"), processes: errFact("EACCES", "/proc") },
    });
    expect(() => parseSnapshot(JSON.stringify(rich), "b.json")).to.not.throw();
  });

  it("PidMode: [\"host\"] (an array, which passed 5.16) is rejected with the file and the JSON path", () => {
    const msg = rejection(saved((s) => { s.engine.containers.value[0].HostConfig.PidMode = ["host"]; }));
    expect(msg).to.match(/^\/tmp\/snap\.json: engine\.containers\.value\[0\]\.HostConfig\.PidMode: must be string \(found an array\)/);
  });

  it("a string Memory (which passed 5.11) is rejected, without echoing the value", () => {
    const msg = rejection(saved((s) => { s.engine.containers.value[0].HostConfig.Memory = "PLANTED-512m"; }));
    expect(msg).to.contain("engine.containers.value[0].HostConfig.Memory: must be number (found a string)");
    expect(msg).to.not.contain("PLANTED");
  });

  it("names wrong types in host and daemon slices and in error facts too", () => {
    expect(rejection(saved((s) => { s.host.mounts.value[0].options = "rw"; }))).to.contain("host.mounts.value[0].options: must be array");
    expect(rejection(saved((s) => { s.daemon.process.value.pid = "100"; }))).to.contain("daemon.process.value.pid: must be number");
    expect(rejection(saved((s) => { s.engine.info = { ok: false, error: 42, source: "GET /info" }; }))).to.contain("engine.info.error: must be string");
    expect(rejection(saved((s) => { s.engine.info = { ok: true, source: "GET /info" }; }))).to.contain('engine.info: must have the property "value"');
    expect(rejection(saved((s) => { s.engine.containers.value[0].State.Running = "true"; }))).to.contain("engine.containers.value[0].State.Running: must be boolean");
  });

  it("keeps fields the type does not name (raw Engine API objects carry many)", () => {
    expect(() => parseSnapshot(saved((s) => { s.engine.containers.value[0].HostConfig.OomKillDisable = true; s.engine.info.value.Extra = [1]; }), "c.json")).to.not.throw();
  });

  it("writes JSON paths readably", () => {
    expect(jsonPath("/engine/containers/value/0/HostConfig/PidMode")).to.equal("engine.containers.value[0].HostConfig.PidMode");
    expect(jsonPath("/host/files/docker.sock~1x/value")).to.equal('host.files["docker.sock/x"].value');
    expect(jsonPath("")).to.equal("(the document)");
  });

  it("the committed schema is the one generated from types.ts (scripts/snapshot-schema.mjs)", () => {
    const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, "schemas", "snapshot.schema.json"), "utf8"));
    expect(schema.$comment).to.contain("scripts/snapshot-schema.mjs");
    // The types the catalog relies on for the cases above.
    const hc = schema.definitions.ContainerInspect.properties.HostConfig.properties;
    expect(hc.PidMode).to.deep.equal({ type: "string" });
    expect(hc.Memory).to.deep.equal({ type: "number" });
  });
});
