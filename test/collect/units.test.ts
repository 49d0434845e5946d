import { expect } from "chai";
import { HostFs } from "../../src/collect/transports/host-fs.js";
import { collectUnits, listenStreamPaths, parseSystemctlShow } from "../../src/collect/host/units.js";
import { buildTree, type TreeSpec } from "../checks/daemon-files/support.js";
import { describeAsRoot } from "../support/required.js";

async function withTree<T>(spec: TreeSpec, fn: (fs: HostFs) => Promise<T>): Promise<T> {
  const t = await buildTree(spec);
  try {
    return await fn(new HostFs(t.root));
  } finally {
    await t.close();
  }
}

/** The tree's reader, presented as if it read the auditing machine itself (--root /), where systemd may be asked. */
function live(fs: HostFs): HostFs {
  return new Proxy(fs, {
    get: (t, p) => (p === "root" ? "/" : typeof Reflect.get(t, p) === "function" ? (Reflect.get(t, p) as (...a: unknown[]) => unknown).bind(t) : Reflect.get(t, p)),
  });
}

describeAsRoot("systemd units", () => {
  it("parses systemctl show blocks per unit", () => {
    const out = "FragmentPath=/usr/lib/systemd/system/docker.service\nDropInPaths=/etc/systemd/system/docker.service.d/a.conf /etc/systemd/system/docker.service.d/b.conf\n\nFragmentPath=/usr/lib/systemd/system/docker.socket\nDropInPaths=\n";
    expect(parseSystemctlShow(out)).to.deep.equal([
      { FragmentPath: "/usr/lib/systemd/system/docker.service", DropInPaths: "/etc/systemd/system/docker.service.d/a.conf /etc/systemd/system/docker.service.d/b.conf" },
      { FragmentPath: "/usr/lib/systemd/system/docker.socket", DropInPaths: "" },
    ]);
  });

  it("asks systemd where it runs (root / and /run/systemd/system present)", async () => {
    await withTree({ "/run/systemd/system": { type: "dir" } }, async (fs) => {
      const fact = await collectUnits(live(fs), {
        run: async () => ({ ok: true, stdout: "FragmentPath=/opt/units/docker.service\nDropInPaths=/etc/systemd/system/docker.service.d/x.conf\n\nFragmentPath=/dev/null\nDropInPaths=\n" }),
      });
      expect(fact).to.deep.include({ ok: true });
      if (fact.ok) expect(fact.value).to.deep.equal({ service: "/opt/units/docker.service", socket: null, dropIns: ["/etc/systemd/system/docker.service.d/x.conf"], method: "systemctl show" });
    });
  });

  it("falls back to the unit directories when systemctl fails, and says why", async () => {
    await withTree({ "/run/systemd/system": { type: "dir" }, "/usr/lib/systemd/system/docker.service": {} }, async (fs) => {
      const fact = await collectUnits(live(fs), { run: async () => ({ ok: false, stdout: "", error: "exit code 1: Failed to connect to bus" }) });
      expect(fact.ok && fact.value.service).to.equal("/usr/lib/systemd/system/docker.service");
      expect(fact.source).to.contain("Failed to connect to bus");
    });
  });

  it("searches the unit directories in systemd's precedence order, /usr/lib included (Q10)", async () => {
    const found = (spec: TreeSpec) => withTree(spec, async (fs) => {
      const f = await collectUnits(fs, { run: async () => { throw new Error("systemctl must not run under --root"); } });
      return f.ok ? f.value : f.error;
    });
    expect(await found({ "/usr/lib/systemd/system/docker.service": {}, "/usr/lib/systemd/system/docker.socket": {} })).to.deep.include({
      service: "/usr/lib/systemd/system/docker.service", socket: "/usr/lib/systemd/system/docker.socket", method: "standard unit directories" });
    expect(await found({ "/usr/lib/systemd/system/docker.service": {}, "/etc/systemd/system/docker.service": {} })).to.deep.include({ service: "/etc/systemd/system/docker.service" });
    expect(await found({})).to.deep.include({ service: null, socket: null, dropIns: [] });
  });

  it("collects drop-ins of every unit directory, a name in a higher directory shadowing a lower one", async () => {
    const v = await withTree({
      "/lib/systemd/system/docker.service": {},
      "/etc/systemd/system/docker.service.d/override.conf": {},
      "/usr/lib/systemd/system/docker.service.d/override.conf": {},
      "/run/systemd/system/docker.service.d/10-env.conf": {},
      "/etc/systemd/system/docker.service.d/notes.txt": {},
      "/etc/systemd/system/docker.socket.d/group.conf": {},
    }, async (fs) => collectUnits(fs));
    expect(v.ok && v.value.dropIns).to.deep.equal([
      "/etc/systemd/system/docker.service.d/override.conf", "/run/systemd/system/docker.service.d/10-env.conf", "/etc/systemd/system/docker.socket.d/group.conf",
    ]);
  });

  it("a masked unit (a link to /dev/null) is no unit", async () => {
    const v = await withTree({ "/etc/systemd/system/docker.service": { type: "link", target: "/dev/null" }, "/lib/systemd/system/docker.service": {} }, (fs) => collectUnits(fs));
    expect(v.ok && v.value.service).to.equal(null);
  });

  it("reads ListenStream paths, drop-ins applied and an empty ListenStream= resetting", async () => {
    const r = await withTree({
      "/lib/systemd/system/docker.socket": { content: "[Socket]\nListenStream=/run/docker.sock\nListenStream=0.0.0.0:2375\n" },
      "/etc/systemd/system/docker.socket.d/x.conf": { content: "[Socket]\nListenStream=\nListenStream=/run/custom.sock\n" },
    }, (fs) => listenStreamPaths(fs, ["/lib/systemd/system/docker.socket", "/etc/systemd/system/docker.socket.d/x.conf"]));
    expect(r).to.deep.equal({ paths: ["/run/custom.sock"], errors: [] });
  });
});
