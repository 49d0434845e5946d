import { expect } from "chai";
import { existsSync } from "node:fs";
import { BUSYBOX_IMAGE, importBusyboxImage, describeEngines, startDaemonOrSkip, type ThrowawayDaemon } from "./dockerd.js";

describeEngines("real daemon: harness", "all", function (engine) {
  this.timeout(180_000);
  let d: ThrowawayDaemon | undefined;

  before(async function () {
    d = await startDaemonOrSkip(this, { engine, name: "harness" });
  });

  after(async () => {
    await d?.stop();
  });

  it("runs a container from the imported busybox image and lists it in docker ps", async () => {
    const daemon = d!;
    await importBusyboxImage(daemon);
    await daemon.docker(["run", "-d", "--name", "harness-probe", BUSYBOX_IMAGE]);
    const names = (await daemon.docker(["ps", "--format", "{{.Names}}"])).split("\n");
    expect(names).to.include("harness-probe");
    const bridge = JSON.parse(await daemon.docker(["network", "inspect", "bridge", "--format", "{{json .Options}}"])) as Record<string, string>;
    expect(bridge["com.docker.network.bridge.name"]).to.equal(daemon.bridge);
  });

  it("stop() ends dockerd and removes its socket and directory", async () => {
    const daemon = d!;
    await daemon.stop();
    expect(existsSync(daemon.socket), "socket").to.equal(false);
    expect(existsSync(daemon.dir), "dir").to.equal(false);
    expect(() => process.kill(daemon.pid, 0)).to.throw();
  });
});
