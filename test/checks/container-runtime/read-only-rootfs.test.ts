import check from "../../../checks/container-runtime/read-only-rootfs.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "--read-only passes", status: "pass", snapshot: snapshot({ containers: [container("web", { HostConfig: { ReadonlyRootfs: true } })] }) },
  { name: "a writable root filesystem fails", status: "fail", message: "writable", subjects: { web: "pass", app: "fail" },
    snapshot: snapshot({ containers: [container("web", { HostConfig: { ReadonlyRootfs: true } }), container("app")] }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
