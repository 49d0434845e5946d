// The progress counter counts what its label says (issue 25 item 3): containers inspected out of the containers
// listed. It used to count every Engine API request against a total that grew as lists arrived ("1/6 … 47/58 …
// 59/59" for 47 containers). A fake Engine API on a unix socket of this test's own temp directory.
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectEngine, resolveDockerEndpoint } from "../../src/collect/engine-api/engine-api.js";
import { container } from "../support/fixtures.js";

const N = 7;

describe("collect: progress counts containers", () => {
  let dir = "";
  let server: Server | undefined;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "dockaudit-progress-"));
    const list = Array.from({ length: N }, (_, i) => ({ Id: `${i}`.padStart(12, "0") + "c".repeat(52), Names: [`/c${i}`] }));
    server = createServer((req, res) => {
      const path = (req.url ?? "").replace(/^\/v[\d.]+/, "").split("?")[0] ?? "";
      const json = (v: unknown) => { res.setHeader("content-type", "application/json"); res.end(JSON.stringify(v)); };
      if (path === "/_ping") { res.end("OK"); return; }
      if (path === "/containers/json") return json(list);
      const m = /^\/containers\/([0-9a-f]+c+)\/json$/.exec(path);
      if (m) return json({ ...container(`c${list.findIndex((c) => c.Id === m[1])}`), Id: m[1] });
      if (path === "/info" || path === "/version") return json({});
      if (/^\/(networks|images\/json|volumes|plugins)$/.test(path)) return json(path === "/volumes" ? { Volumes: [] } : []);
      res.statusCode = 404;
      json({ message: "not here" });
    });
    await new Promise<void>((resolve) => server!.listen(join(dir, "docker.sock"), resolve));
  });
  after(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("reports 0/N, …, N/N for N containers, never another total", async () => {
    const calls: [number, number][] = [];
    await collectEngine(resolveDockerEndpoint(`unix://${join(dir, "docker.sock")}`, {}), { onProgress: (done, total) => calls.push([done, total]), timeoutMs: 5000 });
    expect(calls.length).to.be.at.least(2);
    expect(calls.every(([, total]) => total === N), JSON.stringify(calls)).to.equal(true);
    expect(calls.map(([done]) => done)).to.deep.equal(Array.from({ length: N + 1 }, (_, i) => i));
  });
});
