import check from "../../../checks/container-runtime/mount-propagation.js";
import type { MountPoint } from "../../../src/snapshot/types.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

const bind = (Destination: string, Propagation: string): MountPoint => ({ Type: "bind", Source: `/srv${Destination}`, Destination, RW: true, Propagation });
const withMounts = (...Mounts: MountPoint[]) => snapshot({ containers: [container("app", { Mounts })] });

checkTable(check, [
  { name: "private propagation passes", status: "pass", snapshot: withMounts(bind("/data", "rprivate"), bind("/cache", "")) },
  { name: "slave propagation passes", status: "pass", snapshot: withMounts(bind("/data", "rslave")) },
  { name: "shared propagation fails", status: "fail", message: "/data (shared)", snapshot: withMounts(bind("/data", "shared")) },
  { name: "rshared fails too, also when it is not the only mount", status: "fail", message: "/mnt (rshared)",
    snapshot: withMounts(bind("/data", "rprivate"), bind("/mnt", "rshared")) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
