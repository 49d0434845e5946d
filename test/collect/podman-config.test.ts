import { expect } from "chai";
import { collectPodmanConfig, findPodmanService, parseContainersConf, podmanRootless } from "../../src/collect/podman/podman-config.js";
import { HostFs } from "../../src/collect/transports/host-fs.js";
import { buildRoot, procTree } from "./fake-root.js";

const CONF = `# containers.conf
[containers]
# no_new_privileges = false
no_new_privileges = true   # harden
userns = "auto"
default_capabilities = [
  "CHOWN",
  # "SYS_ADMIN",
  "NET_BIND_SERVICE",
]
env = ["SECRET=never-read"]

[engine]
userns = "host"
`;

describe("Podman containers.conf collector", () => {
  it("keeps the four keys of [containers], multi-line arrays and comments included, nothing else", () => {
    const r = parseContainersConf(CONF);
    expect(r).to.deep.equal({ settings: { no_new_privileges: true, userns: "auto", default_capabilities: ["CHOWN", "NET_BIND_SERVICE"] }, problems: [] });
    expect(JSON.stringify(r)).to.not.contain("never-read");
    expect(parseContainersConf("[containers]\nseccomp_profile = 'unconfined'\n").settings).to.deep.equal({ seccomp_profile: "unconfined" });
    expect(parseContainersConf("[containers]\nno_new_privileges = maybe\n").problems).to.deep.equal(["no_new_privileges on line 2 has a value that is not understood"]);
  });

  it("reads the files in Podman's order, later ones overriding; CONTAINERS_CONF of the service replaces them", async () => {
    const t = buildRoot({
      "/usr/share/containers/containers.conf": "[containers]\nno_new_privileges = false\nuserns = \"host\"\n",
      "/etc/containers/containers.conf": "[containers]\nno_new_privileges = true\n",
      "/etc/containers/containers.conf.d/10-userns.conf": "[containers]\nuserns = \"auto\"\n",
      "/srv/podman.conf": "[containers]\nseccomp_profile = \"unconfined\"\n",
      ...procTree([{ pid: 70, argv: ["podman", "--root", "/x", "system", "service", "--time=0", "unix:///srv/podman.sock"], comm: "podman", environ: { CONTAINERS_CONF: "/srv/podman.conf" } }]),
    });
    try {
      const fs = new HostFs(t.root);
      const system = await collectPodmanConfig(fs, "unix:///run/podman/podman.sock", false);
      expect(system.ok && system.value).to.deep.equal({
        rootless: false, rootlessFrom: "GET /info has no name=rootless in SecurityOptions and its podman system service process was not found",
        files: ["/usr/share/containers/containers.conf", "/etc/containers/containers.conf", "/etc/containers/containers.conf.d/10-userns.conf"],
        settings: { no_new_privileges: { value: true, file: "/etc/containers/containers.conf" }, userns: { value: "auto", file: "/etc/containers/containers.conf.d/10-userns.conf" } },
      });
      const own = await collectPodmanConfig(fs, "unix:///srv/podman.sock", false);
      expect(own.ok && own.value.settings).to.deep.equal({ seccomp_profile: { value: "unconfined", file: "/srv/podman.conf" } });
      expect(own.source).to.match(/^CONTAINERS_CONF of podman system service \(pid 70\)/);
    } finally {
      t.cleanup();
    }
  });

  it("adds a rootless service's own files from its user's home", async () => {
    const t = buildRoot({
      "/etc/passwd": "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n",
      "/home/alice/.config/containers/containers.conf": "[containers]\nno_new_privileges = true\n",
    });
    try {
      const r = await collectPodmanConfig(new HostFs(t.root), "unix:///run/user/1000/podman/podman.sock", true);
      expect(r.ok && r.value.settings.no_new_privileges).to.deep.equal({ value: true, file: "/home/alice/.config/containers/containers.conf" });
      expect(r.ok && r.value.rootless).to.equal(true);
    } finally {
      t.cleanup();
    }
  });

  it("the kernel decides rootless: the service's uid, though Podman 4.3.1's /info has no name=rootless; its HOME gives the user's files", async () => {
    const sock = "/run/user/1001/podman/podman.sock";
    const t = buildRoot({
      "/etc/passwd": "root:x:0:0::/root:/bin/sh\nbob:x:1001:1001::/home/bob:/bin/sh\n",
      "/srv/bob/.config/containers/containers.conf": "[containers]\nseccomp_profile = \"unconfined\"\n",
      "/home/bob/.config/containers/containers.conf": "[containers]\nuserns = \"host\"\n",
      ...procTree([
        { pid: 812, uid: 1001, argv: ["podman", "system", "service", "--time=0", `unix://${sock}`], comm: "podman", environ: { HOME: "/srv/bob", SECRET: "never-read" } },
        { pid: 813, uid: 0, argv: ["podman", "system", "service", "--time=0", "unix:///run/podman/podman.sock"], comm: "podman" },
      ]),
    });
    try {
      const fs = new HostFs(t.root);
      const svc = await findPodmanService(fs, sock);
      expect(svc).to.deep.equal({ pid: 812, uid: 1001, env: { HOME: "/srv/bob" } });
      const r = await collectPodmanConfig(fs, `unix://${sock}`, false, svc);
      expect(r.ok && r.value).to.deep.include({ rootless: true, rootlessFrom: "podman system service (pid 812) runs as uid 1001 (/proc/812/status)", service: { pid: 812, uid: 1001 } });
      // the service's HOME (not the passwd entry's) is where a rootless Podman reads its own containers.conf
      expect(r.ok && r.value.settings).to.deep.equal({ seccomp_profile: { value: "unconfined", file: "/srv/bob/.config/containers/containers.conf" } });
      // looked up by itself when the caller did not
      const again = await collectPodmanConfig(fs, `unix://${sock}`, false);
      expect(again.ok && again.value.rootless).to.equal(true);
      // a root service is not rootless, whatever /info claims
      const root = await collectPodmanConfig(fs, "unix:///run/podman/podman.sock", true);
      expect(root.ok && root.value).to.deep.include({ rootless: false, service: { pid: 813, uid: 0 } });
      expect(root.ok && root.value.files).to.not.include("/home/bob/.config/containers/containers.conf");
    } finally {
      t.cleanup();
    }
  });

  it("finds a socket-activated service (no URI in its argv) by the socket it holds, not another activated one", async () => {
    const sock = "/run/user/1001/podman/podman.sock";
    const t = buildRoot(procTree([
      // another user's activated service, holding its own socket
      { pid: 900, uid: 1002, argv: ["/usr/bin/podman", "system", "service"], comm: "podman", unix: { [sock]: 555, "/run/user/1002/podman/podman.sock": 556 }, sockets: [556] },
      { pid: 901, uid: 1001, argv: ["/usr/bin/podman", "--log-level=info", "system", "service", "--time=5"], comm: "podman", unix: { [sock]: 555 }, sockets: [555], environ: { HOME: "/home/bob" } },
      // a tcp:// service serves no unix socket
      { pid: 902, uid: 0, argv: ["podman", "system", "service", "tcp://127.0.0.1:8080"], comm: "podman", unix: { [sock]: 555 }, sockets: [555] },
    ]));
    try {
      const fs = new HostFs(t.root);
      expect(await findPodmanService(fs, sock)).to.deep.equal({ pid: 901, uid: 1001, env: { HOME: "/home/bob" } });
      expect(await findPodmanService(fs, "/run/podman/podman.sock")).to.equal(undefined);
    } finally {
      t.cleanup();
    }
  });

  it("without the service's process, name=rootless in /info decides, and says the process was not found", () => {
    expect(podmanRootless(true, undefined)).to.deep.equal({ rootless: true, from: "GET /info SecurityOptions name=rootless (its podman system service process was not found)" });
    expect(podmanRootless(false, undefined)).to.deep.equal({ rootless: false, from: "GET /info has no name=rootless in SecurityOptions and its podman system service process was not found" });
    expect(podmanRootless(true, { pid: 5, env: {} }).from).to.equal("GET /info SecurityOptions name=rootless (the uid of podman system service (pid 5) could not be read)");
  });
});
