import { expect } from "chai";
import check from "../../../checks/dockaudit/dangerous-capabilities.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

const caps = (name: string, CapAdd: string[] | null, CapDrop: string[] | null = null, Privileged = false) =>
  container(name, { HostConfig: { CapAdd, CapDrop, Privileged } });

checkTable(check, [
  { name: "no added capability passes", status: "pass", snapshot: snapshot({ containers: [caps("web", null)] }) },
  { name: "harmless added capabilities pass", status: "pass", message: "NET_BIND_SERVICE",
    snapshot: snapshot({ containers: [caps("web", ["NET_BIND_SERVICE", "CHOWN"], ["ALL"])] }) },
  { name: "each dangerous capability is named", status: "fail", message: "SYS_ADMIN, SYS_PTRACE, NET_ADMIN",
    snapshot: snapshot({ containers: [caps("web", ["NET_ADMIN", "SYS_PTRACE", "SYS_ADMIN", "CHOWN"])] }),
    check: (f) => expect(f[0]!.evidence?.["dangerous"]).to.deep.equal(["SYS_ADMIN", "SYS_PTRACE", "NET_ADMIN"]) },
  { name: "CAP_ prefixes and lower case are normalised", status: "fail", message: "DAC_READ_SEARCH, BPF",
    snapshot: snapshot({ containers: [caps("web", ["cap_dac_read_search", "CAP_BPF"])] }) },
  { name: "ALL is every dangerous capability except those dropped", status: "fail", message: "adds ALL capabilities",
    snapshot: snapshot({ containers: [caps("web", ["ALL"], ["SYS_ADMIN", "cap_sys_module"])] }),
    // Each one on its own: a negated include.members passes as soon as either is missing.
    check: (f) => {
      const dangerous = f[0]!.evidence?.["dangerous"] as string[];
      expect(dangerous).to.include("SYS_PTRACE");
      expect(dangerous).to.not.include("SYS_ADMIN");
      expect(dangerous).to.not.include("SYS_MODULE");
    } },
  { name: "a capability added and dropped by name stays added, as dockerd does", status: "fail",
    snapshot: snapshot({ containers: [caps("web", ["SYS_TIME"], ["SYS_TIME"])] }) },
  { name: "privileged has them all", status: "fail", message: "privileged",
    snapshot: snapshot({ containers: [caps("web", null, null, true)] }) },
  { name: "only the offending container fails", status: "fail", subjects: { a: "pass", b: "fail" },
    snapshot: snapshot({ containers: [caps("a", null), caps("b", ["SYS_MODULE"])] }) },
  { name: "no running containers is not applicable", status: "skip", snapshot: snapshot() },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
