import { expect } from "chai";
import { existsSync } from "node:fs";
import { catalog } from "../../../checks/index.js";
import { containerRuntimeChecks } from "../../../checks/container-runtime/index.js";
import { BENCHMARK_VERSIONS } from "../../../src/engine/types.js";

const ids = Array.from({ length: 32 }, (_, i) => `5.${i + 1}`);

describe("section 5 catalog", () => {
  for (const version of BENCHMARK_VERSIONS) {
    it(`has each of 5.1-5.32 exactly once in CIS ${version}`, () => {
      const got = catalog.map((c) => c.cis?.[version]).filter((id): id is string => id !== undefined && id.startsWith("5."));
      expect([...got].sort()).to.deep.equal([...ids].sort());
    });
  }

  it("keeps every section 5 check in the container-runtime section and index", () => {
    for (const c of catalog.filter((x) => x.cis?.["1.8.0"]?.startsWith("5."))) {
      expect(c.section, c.key).to.equal("container-runtime");
      expect(containerRuntimeChecks, c.key).to.include(c);
    }
  });

  it("lists the index sorted by key, keys unique", () => {
    const keys = containerRuntimeChecks.map((c) => c.key);
    expect(keys).to.deep.equal([...keys].sort());
    expect(new Set(keys).size).to.equal(keys.length);
  });

  it("has a test file per check, named after its key", () => {
    for (const c of containerRuntimeChecks) {
      const file = c.key.replace(/^container-/, "") + ".test.js";
      expect(existsSync(new URL(`./${file}`, import.meta.url)), file).to.equal(true);
    }
  });

  it("scores only automated checks, and says so for the manual ones", () => {
    for (const c of containerRuntimeChecks) {
      if (!c.automated) expect(c.scored, c.key).to.equal(false);
      expect(c.rationale.length, c.key).to.be.greaterThan(40);
      expect(c.remediation.length, c.key).to.be.greaterThan(20);
    }
  });

  it("marks the Level 2 recommendations (5.3, 5.23, 5.24, 5.30) as level 2", () => {
    const level2 = containerRuntimeChecks.filter((c) => c.level === 2).map((c) => c.cis?.["1.6.0"]).sort();
    expect(level2).to.deep.equal(["5.23", "5.24", "5.3", "5.30"]);
  });
});
