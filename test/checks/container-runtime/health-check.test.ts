import check from "../../../checks/container-runtime/health-check.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

const hc = { Test: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"], Interval: 30e9 };

checkTable(check, [
  { name: "a healthy container with a health check passes", status: "pass", message: "healthy",
    snapshot: snapshot({ containers: [container("web", { Config: { Healthcheck: hc }, State: { Health: { Status: "healthy", FailingStreak: 0 } } })] }) },
  { name: "a container still starting its checks passes", status: "pass",
    snapshot: snapshot({ containers: [container("web", { Config: { Healthcheck: hc }, State: { Health: { Status: "starting" } } })] }) },
  { name: "no health check fails", status: "fail", message: "no health check", snapshot: snapshot({ containers: [container("web")] }) },
  { name: "a disabled health check (NONE) fails", status: "fail", message: "disabled",
    snapshot: snapshot({ containers: [container("web", { Config: { Healthcheck: { Test: ["NONE"] } } })] }) },
  { name: "an unhealthy container does not pass", status: "fail", message: "unhealthy",
    snapshot: snapshot({ containers: [container("web", { Config: { Healthcheck: hc }, State: { Health: { Status: "unhealthy", FailingStreak: 4 } } })] }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
