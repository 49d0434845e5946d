import { expect } from "chai";
import { collectAuditRules, parseAuditRules } from "../../src/collect/host/audit-rules.js";
import { HostFs } from "../../src/collect/transports/host-fs.js";
import type { AuditRule } from "../../src/snapshot/types.js";
import { buildTree } from "../checks/daemon-files/support.js";
import { describeAsRoot } from "../support/required.js";

const one = (line: string): AuditRule | undefined => parseAuditRules(line, "t")[0];

describe("audit rule parsing", () => {
  const table: [line: string, expected: Partial<AuditRule> | undefined][] = [
    ["-w /usr/bin/dockerd -p rwxa -k docker", { path: "/usr/bin/dockerd", kind: "watch", permissions: "rwxa", key: "docker" }],
    ["-w /etc/docker/ -k docker", { path: "/etc/docker", kind: "watch", key: "docker" }],
    ["  -w   /etc/default/docker   -p wa  ", { path: "/etc/default/docker", kind: "watch", permissions: "wa" }],
    ["-a always,exit -F path=/usr/bin/runc -F perm=wa -k docker", { path: "/usr/bin/runc", kind: "path", action: "always", permissions: "wa", key: "docker" }],
    ["-a exit,always -F arch=b64 -F dir=/var/lib/docker -F perm=war -F key=docker", { path: "/var/lib/docker", kind: "dir", action: "always", permissions: "war", key: "docker" }],
    ["-a never,exit -F dir=/var/lib/docker/overlay2", { path: "/var/lib/docker/overlay2", kind: "dir", action: "never" }],
    // auditctl -l prints syscall rules like this.
    ["-a always,exit -S all -F path=/usr/bin/dockerd -F perm=rwxa -F key=docker", { path: "/usr/bin/dockerd", kind: "path", permissions: "rwxa", key: "docker" }],
    ['-w "/etc/docker/daemon.json" -p wa', { path: "/etc/docker/daemon.json", kind: "watch" }],
    ["-a always,task -F path=/usr/bin/dockerd", undefined],
    ["-a always,exclude -F msgtype=CWD", undefined],
    ["-a always,exit -F arch=b64 -S execve -k exec", undefined],
    ["# -w /usr/bin/dockerd -k docker", undefined],
    ["-e 2", undefined],
    ["-b 8192", undefined],
  ];
  for (const [line, expected] of table) {
    it(`${line.trim() || "(blank)"} → ${expected ? `${expected.kind} ${expected.path}` : "no file rule"}`, () => {
      const r = one(line);
      if (expected === undefined) expect(r).to.equal(undefined);
      else expect(r).to.include(expected);
    });
  }

  it("keeps the raw text and the source of every rule", () => {
    expect(parseAuditRules("-w /etc/docker -k docker\n", "/etc/audit/rules.d/d.rules")[0]).to.include({ raw: "-w /etc/docker -k docker", source: "/etc/audit/rules.d/d.rules" });
  });
  it("-D drops the rules read before it, -W removes an earlier watch", () => {
    const rs = parseAuditRules("-w /a -p wa\n-D\n-w /b -p wa\n-w /c -p wa\n-W /c\n", "t");
    expect(rs.map((r) => r.path)).to.deep.equal(["/b"]);
  });
});

describeAsRoot("audit rule collection", () => {
  it("asks auditctl -l when auditing this machine and trusts what the kernel has loaded", async () => {
    const calls: string[] = [];
    const fact = await collectAuditRules(new HostFs("/"), {
      run: async (file, args) => {
        calls.push([file, ...args].join(" "));
        return { ok: true, stdout: "-w /usr/bin/dockerd -p rwxa -k docker\n-a always,exit -S all -F dir=/etc/docker -F perm=wa -F key=docker\n" };
      },
    });
    expect(calls).to.deep.equal(["auditctl -l"]);
    expect(fact.ok && fact.value.map((r) => `${r.kind} ${r.path}`)).to.deep.equal(["watch /usr/bin/dockerd", "dir /etc/docker"]);
    expect(fact.source).to.equal("auditctl -l");
  });
  it("reads 'No rules' as an empty rule set, not an error", async () => {
    const fact = await collectAuditRules(new HostFs("/"), { run: async () => ({ ok: true, stdout: "No rules\n" }) });
    expect(fact).to.deep.include({ ok: true, value: [] });
  });
  it("falls back to the rules files when auditctl cannot run (not installed, not root)", async () => {
    const t = await buildTree({
      "/etc/audit/audit.rules": { content: "-D\n-w /usr/bin/dockerd -p wa -k docker\n" },
      "/etc/audit/rules.d/10-base.rules": { content: "-b 8192\n" },
      "/etc/audit/rules.d/50-docker.rules": { content: "-w /etc/docker -p wa -k docker\n-a always,exit -F path=/usr/bin/runc -F perm=wa\n" },
      "/etc/audit/rules.d/README": { content: "-w /not/a/rules/file\n" },
    });
    try {
      const fact = await collectAuditRules(new HostFs(t.root), { run: async () => ({ ok: false, stdout: "", error: "ENOENT" }) });
      expect(fact.ok).to.equal(true);
      if (!fact.ok) return;
      expect(fact.value.map((r) => r.path)).to.deep.equal(["/usr/bin/dockerd", "/etc/docker", "/usr/bin/runc"]);
      expect(fact.source).to.contain("50-docker.rules").and.contain("auditctl (which reports this machine's kernel) was not asked");
    } finally {
      await t.close();
    }
  });
  it("never runs auditctl when --root is another tree: it would report the wrong kernel", async () => {
    const t = await buildTree({});
    try {
      let ran = false;
      const fact = await collectAuditRules(new HostFs(t.root), { run: async () => ((ran = true), { ok: true, stdout: "" }) });
      expect(ran).to.equal(false);
      expect(fact.ok && fact.value).to.deep.equal([]);
      expect(fact.source).to.contain("no audit rules are configured");
    } finally {
      await t.close();
    }
  });
  it("a rules file that cannot be read is an error fact, never an empty rule set", async () => {
    const t = await buildTree({ "/etc/audit/rules.d/50-docker.rules": { type: "dir" } });
    try {
      const fact = await collectAuditRules(new HostFs(t.root));
      expect(fact.ok).to.equal(false);
      expect(!fact.ok && fact.error).to.contain("is a directory, not a regular file");
    } finally {
      await t.close();
    }
  });
});
