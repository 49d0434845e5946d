import check from "../../../checks/container-runtime/restart-policy.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

const policy = (Name: string, MaximumRetryCount = 0) => snapshot({ containers: [container("web", { HostConfig: { RestartPolicy: { Name, MaximumRetryCount } } })] });

checkTable(check, [
  { name: "on-failure:5 passes", status: "pass", snapshot: policy("on-failure", 5) },
  { name: "on-failure:2 passes", status: "pass", snapshot: policy("on-failure", 2) },
  { name: "no restart policy passes", status: "pass", snapshot: policy("no") },
  { name: "an empty policy name means no restart and passes", status: "pass", snapshot: policy("") },
  { name: "on-failure:6 fails", status: "fail", message: "more than 5", snapshot: policy("on-failure", 6) },
  { name: "on-failure without a count retries forever and fails", status: "fail", message: "without a retry limit", snapshot: policy("on-failure", 0) },
  { name: "always fails even though its retry count reads 0", status: "fail", message: "always", snapshot: policy("always") },
  { name: "unless-stopped fails", status: "fail", message: "unless-stopped", snapshot: policy("unless-stopped") },
  { name: "a missing restart policy is an error, not a pass", status: "error",
    snapshot: snapshot({ containers: [container("web", { HostConfig: { RestartPolicy: undefined } })] }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
