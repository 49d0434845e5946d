// The inventory file: hosts, defaults, labels; one-line errors with file:line:col; no alias expansion; size cap.
import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadInventory, MAX_INVENTORY_BYTES, parseInventory } from "../../src/fleet/inventory.js";

describe("fleet inventory", () => {
  it("reads hosts with defaults merged under each host's own settings", () => {
    const hosts = parseInventory([
      "defaults:",
      "  labels: { env: prod, team: core }",
      "  docker_host: unix:///run/docker.sock",
      "hosts:",
      "  - name: web-1",
      "    labels: { role: web, env: stage }",
      "  - name: db-1",
      "    docker_host: tcp://127.0.0.1:2376",
      "    root: /host",
    ].join("\n"), "inv.yaml");
    expect(hosts).to.deep.equal([
      { name: "web-1", dockerHost: "unix:///run/docker.sock", labels: { env: "stage", team: "core", role: "web" } },
      { name: "db-1", dockerHost: "tcp://127.0.0.1:2376", root: "/host", labels: { env: "prod", team: "core" } },
    ]);
  });

  const bad: [string, string, RegExp][] = [
    ["unknown key with position", "hosts:\n  - name: a\n    dockr_host: x\n", /^inv\.yaml:3:5: unknown key "dockr_host" in hosts\[0\]/],
    ["missing name", "hosts:\n  - labels: { a: b }\n", /^inv\.yaml:2:5: hosts\[0\] lacks the required key "name"/],
    ["duplicate host", "hosts:\n  - name: a\n  - name: a\n", /^inv\.yaml:3:5: host "a" is listed twice/],
    ["a name that is a path", "hosts:\n  - name: ../../etc\n", /hosts\[0\]\.name must be letters/],
    ["no hosts", "defaults: {}\n", /"hosts" must be a non-empty list/],
    ["YAML syntax", "hosts: [\n", /^inv\.yaml:\d+:\d+: /],
    ["a label that is a mapping", "hosts:\n  - name: a\n    labels: { x: { y: z } }\n", /label "x" must be a string/],
  ];
  for (const [name, text, re] of bad) {
    it(`rejects ${name} in one line`, () => {
      expect(() => parseInventory(text, "inv.yaml")).to.throw(re);
    });
  }

  it("does not expand an alias bomb: it is an error, at once", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 20; i++) lines.push(`${String.fromCharCode(98 + (i % 24))}${i}: &l${i} [${Array(10).fill(i ? `*l${i - 1}` : "*a").join(", ")}]`);
    lines.push("hosts:", "  - name: h", `    labels: *l19`);
    const start = Date.now();
    expect(() => parseInventory(lines.join("\n"), "bomb.yaml")).to.throw(/bomb\.yaml:\d+:\d+: /);
    expect(Date.now() - start).to.be.below(5000);
  });

  it("refuses a file above the size cap before reading it", () => {
    const file = join(mkdtempSync(join(tmpdir(), "dockaudit-inv-")), "big.yaml");
    writeFileSync(file, "#".repeat(MAX_INVENTORY_BYTES + 1));
    expect(() => loadInventory(file)).to.throw(/big\.yaml:1:1: the inventory is larger than/);
  });
});
