import { expect } from "chai";
import { daemonChecks } from "../../../checks/daemon/index.js";
import { catalog } from "../../../checks/index.js";
import { BENCHMARK_VERSIONS } from "../../../src/engine/types.js";

const expected: Record<(typeof BENCHMARK_VERSIONS)[number], string[]> = {
  "1.6.0": Array.from({ length: 18 }, (_, i) => `2.${i + 1}`),
  "1.8.0": Array.from({ length: 19 }, (_, i) => `2.${i + 1}`),
};

describe("section 2 catalog", () => {
  for (const version of BENCHMARK_VERSIONS) {
    it(`has every CIS ${version} id of section 2 exactly once`, () => {
      const ids = daemonChecks.map((c) => c.cis?.[version]).filter((id): id is string => id !== undefined);
      expect([...ids].sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1]))).to.deep.equal(expected[version]);
    });
  }

  it("keeps v1.6.0's 2.7-2.18 as v1.8.0's 2.8-2.19, with devicemapper as the new 2.7", () => {
    for (const c of daemonChecks) {
      const old = c.cis?.["1.6.0"];
      const now = c.cis?.["1.8.0"];
      if (old === undefined) {
        expect(c.key).to.equal("daemon-devicemapper-not-used");
        expect(now).to.equal("2.7");
        continue;
      }
      const n = Number(old.split(".")[1]);
      expect(now, c.key).to.equal(n >= 7 ? `2.${n + 1}` : old);
    }
  });

  it("is sorted by key, in section daemon, with unique keys", () => {
    const keys = daemonChecks.map((c) => c.key);
    expect(keys).to.deep.equal([...keys].sort());
    expect(new Set(keys).size).to.equal(keys.length);
    for (const c of daemonChecks) expect(c.section, c.key).to.equal("daemon");
  });

  it("is part of the catalog, along with dockaudit's own X.1", () => {
    for (const c of daemonChecks) expect(catalog, c.key).to.include(c);
    const own = catalog.find((c) => c.key === "da-kernel-seccomp-supported");
    expect(own?.ownId).to.equal("X.1");
    expect(own?.section).to.equal("dockaudit");
  });

  it("marks what CIS leaves to a human as not automated", () => {
    const manual = daemonChecks.filter((c) => !c.automated).map((c) => c.cis?.["1.6.0"]);
    expect(manual).to.include.members(["2.1", "2.8", "2.17"]);
  });
});
