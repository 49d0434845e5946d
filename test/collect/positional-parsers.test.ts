// Parsers that read fields by position (argv, /proc tables, mountinfo, passwd/group): with
// noUncheckedIndexedAccess they walk iterators or destructure, and a short or odd line is skipped or
// unreadable rather than read as undefined. These pin the behaviour the rewrite must keep.
import { expect } from "chai";
import { parseDockerdArgv } from "../../src/collect/daemon/daemon-argv.js";
import { parseGroup, parsePasswd } from "../../src/collect/transports/host-fs.js";
import { parseMounts } from "../../src/collect/host/host.js";
import { listenerServesHost, normaliseIp, parseEndpoint, parseProcNetTcp } from "../../src/collect/daemon/proc.js";
import { rootlesskitNet } from "../../src/collect/daemon/rootless.js";
import { addressArg } from "../../src/collect/daemon/running-binaries.js";
import { mountinfoContainerIds } from "../../src/collect/host/self-container.js";

const tcpLine = (addr: string, port: number, inode: number) =>
  `   0: ${addr}:${port.toString(16).toUpperCase().padStart(4, "0")} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0`;
const HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

describe("positional parsers under noUncheckedIndexedAccess", () => {
  it("/proc/net/tcp: an address that is neither 8 nor 32 hex digits, or a short line, is skipped (no NaN address)", () => {
    const text = [HEADER, tcpLine("0100007F", 2375, 1), tcpLine("0100", 2376, 2), tcpLine("XYZW0000", 2377, 3), "   3: 0100007F:0948 00000000:0000 0A", tcpLine("00000000000000000000000001000000", 2378, 4)].join("\n");
    expect(parseProcNetTcp(text)).to.deep.equal([
      { inode: 1, address: "127.0.0.1", port: 2375, uid: 0 },
      { inode: 4, address: "0000:0000:0000:0000:0000:0000:0000:0001", port: 2378, uid: 0 },
    ]);
  });

  it("normaliseIp expands IPv6 with an embedded IPv4 tail and maps v4-mapped addresses to IPv4", () => {
    expect(normaliseIp("::ffff:10.1.2.3")).to.equal("10.1.2.3");
    expect(normaliseIp("64:ff9b::192.0.2.33")).to.equal("0064:ff9b:0000:0000:0000:0000:c000:0221");
    expect(normaliseIp("::1")).to.equal("0000:0000:0000:0000:0000:0000:0000:0001");
    expect(normaliseIp("docker.example")).to.equal(undefined);
    expect(listenerServesHost("10.1.2.3", "::ffff:10.1.2.3")).to.equal(true);
    expect(listenerServesHost("10.1.2.4", "::ffff:10.1.2.3")).to.equal(false);
  });

  it("parseEndpoint: scheme, bracketed IPv6 and bare host:port", () => {
    expect(parseEndpoint("tcp://[::1]:2376")).to.deep.equal({ kind: "tcp", host: "::1", port: 2376 });
    expect(parseEndpoint("[::1]")).to.deep.equal({ kind: "tcp", host: "::1", port: undefined });
    expect(parseEndpoint("10.0.0.1:2375")).to.deep.equal({ kind: "tcp", host: "10.0.0.1", port: 2375 });
    expect(parseEndpoint("unix://")).to.deep.equal({ kind: "unix", path: "/run/docker.sock" });
  });

  it("dockerd's argv: a value flag takes the next argument, a trailing one is a problem, -- ends the flags", () => {
    const p = parseDockerdArgv(["dockerd", "-H", "fd://", "--data-root", "/d", "-Dl", "debug", "--", "--icc=false", "--log-driver"]);
    expect(p.flags).to.deep.equal({ host: ["fd://"], "data-root": ["/d"], debug: ["true"], "log-level": ["debug"] });
    expect(p.positional).to.deep.equal(["--icc=false", "--log-driver"]);
    expect(p.problems).to.deep.equal([]);
    const q = parseDockerdArgv(["dockerd", "--icc", "false", "--log-driver"]);
    expect(q.flags).to.deep.equal({ icc: ["true"] });
    expect(q.positional).to.deep.equal(["false"]);
    expect(q.problems).to.deep.equal(["--log-driver has no value"]);
    expect(parseDockerdArgv(["dockerd", "-H"]).problems).to.deep.equal(["-H has no value"]);
  });

  it("rootlesskit --net and containerd's --address: the value after the flag, none when the flag ends the argv", () => {
    expect(rootlesskitNet(["rootlesskit", "--net", "slirp4netns", "dockerd"])).to.equal("slirp4netns");
    expect(rootlesskitNet(["rootlesskit", "--net=vpnkit"])).to.equal("vpnkit");
    expect(rootlesskitNet(["rootlesskit", "--net"])).to.equal(undefined);
    expect(rootlesskitNet(["rootlesskit", "--", "--net", "x"])).to.equal(undefined);
    expect(addressArg(["containerd-shim-runc-v2", "-namespace", "moby", "-address", "unix:///run/containerd/containerd.sock"])).to.equal("/run/containerd/containerd.sock");
    expect(addressArg(["containerd", "--address=/run/c.sock"])).to.equal("/run/c.sock");
    expect(addressArg(["containerd", "-a"])).to.equal(undefined);
    expect(addressArg(["containerd"])).to.equal(undefined);
  });

  it("mounts, mountinfo, passwd and group: short lines are skipped, never read as undefined fields", () => {
    expect(parseMounts("overlay / overlay rw,relatime 0 0\nshort line\n")).to.deep.equal([{ device: "overlay", mountPoint: "/", fsType: "overlay", options: ["rw", "relatime"] }]);
    const id = "a".repeat(64);
    expect(mountinfoContainerIds(`1 2 0:1 /var/lib/docker/containers/${id}/hostname /etc/hostname rw - ext4 /dev/sda1 rw\n1 2 0:1\n`)).to.deep.equal([
      { id, line: `/etc/hostname from /var/lib/docker/containers/${id}/hostname` },
    ]);
    expect(parsePasswd("root:x:0:0:root:/root:/bin/bash\nbroken:x:1:1\nnobody:x::65534::/:/bin/false\n")).to.deep.equal([{ name: "root", uid: 0, gid: 0, home: "/root", shell: "/bin/bash" }]);
    expect(parseGroup("docker:x:999:alice, bob\nbroken:x:5\n")).to.deep.equal([{ name: "docker", gid: 999, members: ["alice", "bob"] }]);
  });
});
