// Swarm-mode snapshots for the section 7 tests: a single-node manager as `docker swarm init` leaves it, with
// overrides for the info's Swarm section and the collected swarm facts.
import type { DockerInfo, Fact, NetworkInspect, SwarmFacts, SwarmNodeState } from "../../../src/snapshot/types.js";
import { bridgeNetwork, errFact, okFact, snapshot } from "../../support/fixtures.js";

type Swarm = NonNullable<DockerInfo["Swarm"]>;

export const NINETY_DAYS_NS = 7_776_000_000_000_000;

export const TRUST_ROOT = "-----BEGIN CERTIFICATE-----\nMIIBaTCCARCgAwIBAgIUawdzSlsgYh06SIH/mIHlqoauCr4wCgYIKoZIzj0EAwIw\nEzERMA8GA1UEAxMIc3dhcm0tY2EwHhcNMjYxMTI2MTgyODAwWhcNNDYxMTIxMTgy\nODAwWjATMREwDwYDVQQDEwhzd2FybS1jYTBZMBMGByqGSM49AgEGCCqGSM49AwEH\nA0IABCxMvQiOPpp47Z9mB3sBTdEjwWgWhXu2Tlmmh5K8jvj6j32QBWc1/0AeOhaL\nNPDcFO/+vpwhfFb4xxe7xRPTG7CjQjBAMA4GA1UdDwEB/wQEAwIBBjAPBgNVHRMB\nAf8EBTADAQH/MB0GA1UdDgQWBBSH6OTPQB9MXSQsgXqJlN5M4j3QsjAKBggqhkjO\nPQQDAgNHADBEAiAYmBpe8x5uc3eMKuZVPreWTlnnfcdQwY4BgfmBQxwhmgIgbDbi\nCZv1LKAW5t2F+n36MfufBw32Yo5BFlss2wglK+U=\n-----END CERTIFICATE-----\n";

export function managerSwarm(over: Partial<Swarm> & { autolock?: boolean; certExpiry?: number } = {}): Swarm {
  const { autolock = false, certExpiry = NINETY_DAYS_NS, ...rest } = over;
  return {
    NodeID: "node1", NodeAddr: "10.0.0.5", LocalNodeState: "active", ControlAvailable: true, Managers: 1, Nodes: 1,
    RemoteManagers: [{ NodeID: "node1", Addr: "10.0.0.5:2377" }],
    Cluster: {
      Spec: { CAConfig: { NodeCertExpiry: certExpiry }, EncryptionConfig: { AutoLockManagers: autolock } },
      TLSInfo: { TrustRoot: TRUST_ROOT }, RootRotationInProgress: false,
    } as NonNullable<Swarm["Cluster"]>,
    ...rest,
  } as Swarm;
}

export function workerSwarm(): Swarm {
  return { NodeID: "node2", NodeAddr: "10.0.0.6", LocalNodeState: "active", ControlAvailable: false, Managers: 0, Nodes: 0,
    RemoteManagers: [{ NodeID: "node1", Addr: "10.0.0.5:2377" }] } as Swarm;
}

export function nodeState(over: Partial<SwarmNodeState> = {}): Fact<SwarmNodeState> {
  const path = "/var/lib/docker/swarm/docker-state.json";
  return okFact({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: "10.0.0.5:2377", DataPathAddr: "", path, ...over }, path);
}

export function swarmFacts(over: Partial<SwarmFacts> = {}): Fact<SwarmFacts> {
  return okFact({
    localNodeState: "active", controlAvailable: true,
    nodes: okFact([{ ID: "node1", Hostname: "vm", Role: "manager", State: "ready", Leader: true, Reachability: "reachable" }], "GET /nodes"),
    unlockKeySet: okFact(false, "GET /swarm/unlockkey"),
    secrets: okFact(0, "GET /secrets"),
    nodeState: nodeState(),
    ...over,
  }, "GET /nodes, /swarm/unlockkey, /secrets");
}

export function overlay(name: string, options: Record<string, string> = {}, ingress = false): NetworkInspect {
  return { Id: `id-${name}`, Name: name, Driver: "overlay", Scope: "swarm", Ingress: ingress, Options: { "com.docker.network.driver.overlay.vxlanid_list": "4097", ...options } };
}

export const INGRESS = overlay("ingress", {}, true);

export interface SwarmSnapshotOptions {
  swarm?: Swarm;
  facts?: Fact<SwarmFacts>;
  networks?: NetworkInspect[];
}

/** A node in swarm mode; the default is a fresh single-node manager. */
export function swarmSnapshot(o: SwarmSnapshotOptions = {}) {
  const swarm = o.swarm ?? managerSwarm();
  return snapshot({
    info: { Swarm: swarm },
    networks: o.networks ?? [bridgeNetwork(), INGRESS],
    engine: { swarm: o.facts ?? swarmFacts(swarm.ControlAvailable ? {} : {
      controlAvailable: false,
      nodes: errFact("This node is not a swarm manager.", "GET /nodes"),
      unlockKeySet: errFact("This node is not a swarm manager.", "GET /swarm/unlockkey"),
      secrets: errFact("This node is not a swarm manager.", "GET /secrets"),
    }) },
  });
}

/** A daemon with swarm mode off, as the fixtures' default host is. */
export function noSwarm() {
  return snapshot({ engine: { swarm: okFact({ localNodeState: "inactive", controlAvailable: false, nodes: okFact([], "i"), unlockKeySet: okFact(false, "i"), secrets: okFact(0, "i") }, "GET /info Swarm") } });
}

export { errFact, okFact, snapshot };
