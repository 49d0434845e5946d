import check from "../../../checks/daemon/authorization-plugin.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "a plugin the daemon reports passes", status: "pass", message: "opa-docker-authz",
    snapshot: snapshot({ info: { Plugins: { Authorization: ["opa-docker-authz"] } } }) },
  { name: "none (null, the default) fails", status: "fail", message: "anyone who can reach the API", snapshot: snapshot() },
  { name: "configured but not loaded by the daemon fails", status: "fail", message: "reload",
    snapshot: snapshot({ settings: { "authorization-plugins": ["authz-broker"] } }) },
  { name: "an API that does not list plugins falls back to the configuration", status: "pass",
    snapshot: snapshot({ info: { Plugins: undefined }, settings: { "authorization-plugins": ["authz-broker"] } }) },
  { name: "an API that does not list plugins and no configuration is an error", status: "error",
    snapshot: snapshot({ info: { Plugins: undefined }, daemon: { effective: errFact("EACCES", "/proc/100/cmdline") } }) },
  { name: "/info unreadable is an error", status: "error", snapshot: snapshot({ engine: { info: errFact("timeout", "GET /info") } }) },
]);
