import { expect } from "chai";
import check, { compareVersions, parseEngineVersion, releaseLine } from "../../../checks/host/version-current.js";
import type { Snapshot } from "../../../src/snapshot/types.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";

/** A snapshot of an engine of `version` collected at `at`. */
function engine(version: string, at: string, o: Parameters<typeof snapshot>[0] = {}): Snapshot {
  const s = snapshot({ version: { Version: version }, info: { ServerVersion: version }, ...o });
  s.startedAt = at;
  s.finishedAt = at;
  return s;
}

checkTable(check, [
  { name: "the newest patch of the current line passes", status: "pass", message: "newest known patch", snapshot: engine("29.9.0", "2026-11-20T00:00:00Z") },
  { name: "an older patch of a maintained line fails and says what to update to", status: "fail", message: "update to 29.9.0",
    snapshot: engine("29.1.3", "2026-11-20T00:00:00Z") },
  { name: "28.x is still maintained: its newest patch passes", status: "pass", snapshot: engine("28.5.2", "2026-01-15T10:00:00Z") },
  { name: "28.2.2 fails with the 28.x patch to take", status: "fail", message: "update to 28.5.2", snapshot: engine("28.2.2", "2026-01-15T10:00:00Z") },
  { name: "an unmaintained line fails even on its last patch", status: "fail", message: "27.x has not been maintained since 2025-02-19",
    snapshot: engine("27.5.1", "2026-01-15T10:00:00Z") },
  { name: "judged at collection time, not today (Q31): 27.5.1 was current in January 2025", status: "pass",
    snapshot: engine("27.5.1", "2025-01-30T00:00:00Z") },
  { name: "a patch released after the snapshot is not held against it", status: "pass", message: "released after this snapshot",
    snapshot: engine("28.5.1", "2025-10-20T00:00:00Z") },
  { name: "the same engine judged a day after its line's end of maintenance fails", status: "fail", message: "not been maintained",
    snapshot: engine("25.0.18", "2026-12-05T00:00:00Z") },
  { name: "25.0 is maintained until 2026-12-04", status: "pass", snapshot: engine("25.0.18", "2026-11-20T00:00:00Z") },
  { name: "20.10 with a distribution suffix fails as unmaintained and notes the distribution build", status: "fail", message: "distribution build",
    snapshot: engine("20.10.24+dfsg1", "2026-11-26T00:00:00Z") },
  { name: "an engine older than every line in the table fails", status: "fail", message: "not a maintained Docker Engine release line",
    snapshot: engine("19.03.15", "2026-01-15T10:00:00Z") },
  { name: "a date-shaped comparison is not used: 23.0.6 in 2026 fails as unmaintained", status: "fail", snapshot: engine("23.0.6", "2026-01-15T10:00:00Z") },
  { name: "a release newer than the table is reported, not failed", status: "pass", message: "newer than every release line",
    snapshot: engine("30.1.0", "2027-06-01T00:00:00Z") },
  { name: "a release candidate of the newest patch is behind it", status: "fail", message: "update to 29.9.0",
    snapshot: engine("29.9.0-rc.1", "2026-11-20T00:00:00Z") },
  { name: "the version is taken from /info when /version is unreadable", status: "pass",
    snapshot: engine("29.9.0", "2026-11-20T00:00:00Z", { engine: { version: errFact("timeout", "GET /version") } }) },
  { name: "no version anywhere is an error", status: "error",
    snapshot: engine("", "2026-11-20T00:00:00Z", { engine: { version: errFact("timeout", "GET /version"), info: errFact("timeout", "GET /info") } }) },
  { name: "an unreadable version string is an error", status: "error", snapshot: engine("master-dockerproject-2026", "2026-11-20T00:00:00Z") },
]);

describe("engine version parsing", () => {
  it("orders numerically, a pre-release before its release", () => {
    const v = (s: string) => parseEngineVersion(s)!;
    expect(compareVersions(v("28.10.0"), v("28.9.1"))).to.be.greaterThan(0);
    expect(compareVersions(v("29.0.0-rc.2"), v("29.0.0"))).to.be.lessThan(0);
    expect(compareVersions(v("20.10.24+dfsg1"), v("20.10.24"))).to.equal(0);
    expect(v("27.5.1-0ubuntu3").distro).to.equal(true);
    expect(v("v28.1.1").major).to.equal(28);
  });
  it("finds a release line per minor before 27 and per major after", () => {
    expect(releaseLine(parseEngineVersion("26.1.3")!)?.line).to.equal("26.1");
    expect(releaseLine(parseEngineVersion("28.0.4")!)?.line).to.equal("28");
    expect(releaseLine(parseEngineVersion("22.06.0")!)).to.equal(undefined);
  });
});
