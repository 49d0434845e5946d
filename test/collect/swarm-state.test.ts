import { expect } from "chai";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HostFs } from "../../src/collect/transports/host-fs.js";
import { collectSwarmNodeState } from "../../src/collect/daemon/swarm-state.js";
import { okFact } from "../../src/snapshot/types.js";

describe("collect: swarm node state", () => {
  const root = mkdtempSync(join(tmpdir(), "dockaudit-swarm-"));
  const fs = new HostFs(root);
  const info = (state: string, dir = "/var/lib/docker") => okFact({ DockerRootDir: dir, Swarm: { LocalNodeState: state } }, "GET /info");

  it("reads only the three addresses from the data-root's swarm state", async () => {
    mkdirSync(join(root, "var/lib/docker/swarm"), { recursive: true });
    writeFileSync(join(root, "var/lib/docker/swarm/docker-state.json"), JSON.stringify({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: "10.0.0.5:2377", DataPathAddr: "", LocalAddr: "10.0.0.5", JoinToken: "SWMTKN-planted" }));
    const f = await collectSwarmNodeState(fs, info("active"));
    expect(f).to.deep.equal(okFact({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: "10.0.0.5:2377", DataPathAddr: "", path: "/var/lib/docker/swarm/docker-state.json" }, "/var/lib/docker/swarm/docker-state.json"));
    expect(JSON.stringify(f)).to.not.contain("SWMTKN");
  });
  it("is an error fact when the file cannot be read, never a silent absence", async () => {
    const f = await collectSwarmNodeState(fs, info("active", "/srv/docker"));
    expect(f?.ok).to.equal(false);
    expect(f && !f.ok && f.error).to.contain("/srv/docker/swarm/docker-state.json").and.contain("ENOENT");
  });
  it("is not collected when swarm mode is inactive", async () => {
    expect(await collectSwarmNodeState(fs, info("inactive"))).to.equal(undefined);
  });
});
