import { expect } from "chai";
import { compareVerdicts, recordableLabelFilter, REDACTED_FILTER_VALUE, verdictOptions } from "../../src/evidence/index.js";
import type { AuditReport } from "../../src/engine/types.js";
import { fixedReport } from "./fixed-report.js";

describe("evidence: recorded options and verdict comparison", () => {
  it("records label filters as given unless the collector would have redacted the value", () => {
    expect(recordableLabelFilter("team")).to.equal("team");
    expect(recordableLabelFilter("team=payments")).to.equal("team=payments");
    expect(recordableLabelFilter("api_token=s3cr3t")).to.equal(`api_token=${REDACTED_FILTER_VALUE}`);
    expect(recordableLabelFilter("note=AKIAIOSFODNN7EXAMPLE")).to.equal(`note=${REDACTED_FILTER_VALUE}`);
  });

  it("keeps exactly the options that change verdicts, waiver label filters made safe", () => {
    const o = verdictOptions({
      benchmark: "1.6.0", check: ["5"], skipCheck: ["5.4"], level: 1, include: ["web*"], exclude: [], label: ["team=a"], all: true,
      trustedUsers: ["alice"], maxImageAge: 90,
      waivers: [{ check: "5.16", labels: ["db_password=x", "team=a"], reason: "r", approvedBy: "a", expires: "2099-01-01" }],
      ...({ format: "html", output: "/tmp/x" } as object),
    });
    expect(o).to.deep.equal({
      benchmark: "1.6.0", check: ["5"], skipCheck: ["5.4"], level: 1, include: ["web*"], exclude: [], label: ["team=a"], all: true,
      trustedUsers: ["alice"], maxImageAge: 90,
      waivers: [{ check: "5.16", labels: [`db_password=${REDACTED_FILTER_VALUE}`, "team=a"], reason: "r", approvedBy: "a", expires: "2099-01-01" }],
    });
  });

  it("finds no difference between a report and itself", () => {
    expect(compareVerdicts(fixedReport(), fixedReport())).to.deep.equal([]);
  });

  it("names changed, missing and extra checks and findings", () => {
    const a = fixedReport();
    const b = structuredClone(a) as AuditReport;
    const pid = b.results.find((r) => r.id === "5.16")!;
    pid.status = "fail";
    pid.findings.find((f) => f.subject.name === "monitor")!.status = "fail";
    b.results = b.results.filter((r) => r.id !== "X.95");
    b.results[0]!.findings.push({ subject: { kind: "container", name: "ghost" }, status: "pass", message: "m" });
    expect(compareVerdicts(a, b)).to.deep.equal([
      "check 5.16: recorded waived, re-evaluation gives fail",
      "check X.95: recorded skip, but re-evaluation has no such check",
      "finding 5.16 container monitor (monitor00000): recorded waived, re-evaluation gives fail",
      "finding X.95 host testhost: recorded skip, but re-evaluation has no such finding",
      "finding 2.2 container ghost: re-evaluation gives pass, but report.json has no such finding",
    ]);
  });
});
