import { expect } from "chai";
import check from "../../../checks/swarm/ca-cert-rotation.js";
import { checkTable } from "../../support/check-tester.js";
import { managerSwarm, noSwarm, swarmSnapshot, workerSwarm } from "./fixture.js";

checkTable(check, [
  { name: "asks for a review and shows when the root CA became valid", status: "manual", message: "docker swarm ca",
    snapshot: swarmSnapshot(),
    check: (f) => expect(f[0]!.evidence?.["caValidFrom"]).to.equal("2026-11-26T18:28:00.000Z") },
  { name: "the CA's age is counted from the collection time", status: "manual", message: "is 35 days old",
    snapshot: { ...swarmSnapshot(), startedAt: "2026-12-31T18:28:00.000Z" } },
  { name: "an unreadable trust root only drops the CA's age", status: "manual",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ Cluster: { TLSInfo: { TrustRoot: "not a certificate" } } as never }) }),
    check: (f) => expect(f[0]!.evidence).not.to.have.property("caValidFrom") },
  { name: "on a worker the check is skipped", status: "skip", snapshot: swarmSnapshot({ swarm: workerSwarm() }) },
  { name: "swarm mode inactive is skipped", status: "skip", snapshot: noSwarm() },
]);
