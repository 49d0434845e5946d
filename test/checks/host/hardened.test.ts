import check from "../../../checks/host/hardened.js";
import { checkTable } from "../../support/check-tester.js";
import { snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "always left to a human, with guidance", status: "manual", message: "hardening baseline", snapshot: snapshot() },
  { name: "stays manual whatever the snapshot holds", status: "manual", snapshot: snapshot({ version: { Version: "29.9.0" } }) },
]);
