// The host file roles are one list (FILE_ROLES): what the collector records and what checks may name in `needs`.
import { expect } from "chai";
import { catalog } from "../../checks/index.js";
import { collectHostFiles } from "../../src/collect/host/host-files.js";
import { HostFs } from "../../src/collect/transports/host-fs.js";
import { FILE_ROLES } from "../../src/snapshot/types.js";
import { buildTree, daemonFacts } from "../checks/daemon-files/support.js";
import { okFact } from "../support/fixtures.js";
import { describeAsRoot } from "../support/required.js";

describeAsRoot("host file roles", () => {
  it("the collector records exactly the roles of FILE_ROLES", async () => {
    const t = await buildTree({});
    try {
      const files = await collectHostFiles(new HostFs(t.root), {
        daemon: daemonFacts(), info: okFact({ DockerRootDir: "/var/lib/docker" }, "GET /info"),
        dockerHost: "unix:///var/run/docker.sock", units: okFact({ service: null, socket: null, dropIns: [], method: "test" }, "test"),
      });
      expect(Object.keys(files).sort()).to.deep.equal([...FILE_ROLES].sort());
    } finally {
      await t.close();
    }
  });

  it("every role a check needs is one the collector records", () => {
    const named = catalog.flatMap((c) => c.needs.filter((n) => n.startsWith("host.files:")).map((n) => n.slice("host.files:".length)));
    expect(named.filter((r) => !(FILE_ROLES as readonly string[]).includes(r))).to.deep.equal([]);
  });
});
