import { expect } from "chai";
import check from "../../../checks/container-runtime/capabilities-restricted.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "no added capability passes", status: "pass", snapshot: snapshot({ containers: [container("web")] }) },
  { name: "drop ALL and add back a few default ones passes", status: "pass", message: "drops ALL",
    snapshot: snapshot({ containers: [container("web", { HostConfig: { CapDrop: ["ALL"], CapAdd: ["CHOWN", "NET_BIND_SERVICE"] } })] }) },
  { name: "adding a default capability changes nothing, whatever its spelling", status: "pass",
    snapshot: snapshot({ containers: [container("web", { HostConfig: { CapAdd: ["cap_chown", "CAP_KILL"] } })] }) },
  { name: "capabilities beyond the default set fail and are named, prefix and case normalised", status: "fail",
    message: "NET_ADMIN, SYS_ADMIN",
    snapshot: snapshot({ containers: [container("vpn", { HostConfig: { CapAdd: ["cap_sys_admin", "NET_ADMIN", "CAP_NET_ADMIN", "CHOWN"] } })] }),
    check: (f) => expect(f[0]!.evidence?.["beyondDefault"]).to.deep.equal(["NET_ADMIN", "SYS_ADMIN"]) },
  { name: "dropping ALL does not excuse a dangerous addition", status: "fail", message: "SYS_PTRACE",
    snapshot: snapshot({ containers: [container("dbg", { HostConfig: { CapDrop: ["ALL"], CapAdd: ["SYS_PTRACE"] } })] }) },
  { name: "--cap-add=ALL fails", status: "fail", message: "ALL",
    snapshot: snapshot({ containers: [container("web", { HostConfig: { CapAdd: ["all"] } })] }) },
  { name: "a privileged container holds every capability", status: "fail", message: "privileged",
    snapshot: snapshot({ containers: [container("web", { HostConfig: { Privileged: true } })] }) },
  { name: "containers unreadable is an error", status: "error",
    snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
