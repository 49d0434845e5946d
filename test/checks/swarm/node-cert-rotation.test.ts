import check from "../../../checks/swarm/node-cert-rotation.js";
import { checkTable } from "../../support/check-tester.js";
import { managerSwarm, NINETY_DAYS_NS, noSwarm, swarmSnapshot, workerSwarm } from "./fixture.js";

const expiry = (ns: number) => swarmSnapshot({ swarm: managerSwarm({ certExpiry: ns }) });
const DAY = 86_400_000_000_000;

checkTable(check, [
  { name: "a lifetime shorter than the default passes", status: "pass", message: "every 2 days", snapshot: expiry(2 * DAY) },
  { name: "the 90-day default is for a person to confirm", status: "manual", message: "90-day default", snapshot: expiry(NINETY_DAYS_NS) },
  { name: "a lifetime longer than the default fails", status: "fail", message: "365 days", snapshot: expiry(365 * DAY) },
  { name: "no expiry in the cluster spec is an error", status: "error", snapshot: swarmSnapshot({ swarm: managerSwarm({ Cluster: {} }) }) },
  { name: "on a worker the check is skipped", status: "skip", snapshot: swarmSnapshot({ swarm: workerSwarm() }) },
  { name: "swarm mode inactive is skipped", status: "skip", snapshot: noSwarm() },
]);
