import { expect } from "chai";
import { collectPodmanConfig, parseContainersConf } from "../../src/collect/podman-config.js";
import { HostFs } from "../../src/collect/host-fs.js";
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
        rootless: false,
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
});
