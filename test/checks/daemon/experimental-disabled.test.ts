import check from "../../../checks/daemon/experimental-disabled.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "experimental off passes", status: "pass", snapshot: snapshot() },
  { name: "experimental on fails on a current engine (docker-bench calls it deprecated and never checks, Q7)", status: "fail",
    snapshot: snapshot({ version: { Version: "28.2.2", Experimental: true } }) },
  { name: "experimental on fails on 20.10 too", status: "fail", snapshot: snapshot({ version: { Version: "20.10.24", Experimental: true } }) },
  { name: "/info's ExperimentalBuild decides when /version does not say", status: "fail",
    snapshot: snapshot({ version: { Experimental: undefined }, info: { ExperimentalBuild: true } }) },
  { name: "neither says: error", status: "error", snapshot: snapshot({ version: { Experimental: undefined } }) },
  { name: "/version unreadable is an error", status: "error", snapshot: snapshot({ engine: { version: errFact("timeout", "GET /version") } }) },
]);
