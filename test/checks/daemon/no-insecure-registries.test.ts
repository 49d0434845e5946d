import { expect } from "chai";
import check from "../../../checks/daemon/no-insecure-registries.js";
import { checkTable } from "../../support/check-tester.js";
import { effective, errFact, snapshot } from "../../support/fixtures.js";

const defaults = { InsecureRegistryCIDRs: ["127.0.0.0/8", "::1/128"], IndexConfigs: { "docker.io": { Name: "docker.io", Secure: true, Official: true } } };
const withApi = (rc: unknown) => ({ RegistryConfig: rc });

checkTable(check, [
  { name: "Docker's built-in 127.0.0.0/8 alone is not an insecure registry (docker-bench#529)", status: "pass",
    snapshot: snapshot({ info: withApi(defaults) }) },
  { name: "an explicitly configured loopback range adds nothing and passes", status: "pass",
    snapshot: snapshot({ info: withApi(defaults), settings: { "insecure-registries": ["127.0.0.0/8"] } }) },
  { name: "an empty list passes", status: "pass", snapshot: snapshot({ info: withApi(defaults), settings: { "insecure-registries": [] } }) },
  { name: "registries in daemon.json fail and are listed", status: "fail", message: "registry.local:5000, 10.0.0.0/8",
    snapshot: snapshot({ info: withApi(defaults), settings: { "insecure-registries": ["registry.local:5000", "10.0.0.0/8"] } }),
    check: (f) => expect(f[0]!.evidence?.insecureRegistries).to.deep.equal(["registry.local:5000", "10.0.0.0/8"]) },
  { name: "--insecure-registry on the command line fails", status: "fail", message: "registry.local",
    snapshot: snapshot({ info: withApi(defaults), daemon: { effective: effective({ "insecure-registries": ["registry.local"] }, "flag") } }) },
  { name: "the daemon's own RegistryConfig decides when the configuration is out of reach", status: "fail", message: "10.1.0.0/16, reg.example:5000",
    snapshot: snapshot({
      info: withApi({ InsecureRegistryCIDRs: ["10.1.0.0/16", "127.0.0.0/8"], IndexConfigs: { ...defaults.IndexConfigs, "reg.example:5000": { Name: "reg.example:5000", Secure: false } } }),
      daemon: { effective: errFact("EACCES", "/proc/100/cmdline") },
    }) },
  { name: "without RegistryConfig in /info the configuration decides", status: "fail",
    snapshot: snapshot({ settings: { "insecure-registries": ["registry.local"] } }) },
  { name: "without RegistryConfig and without configuration it is an error", status: "error",
    snapshot: snapshot({ daemon: { effective: errFact("EACCES", "/proc/100/cmdline") } }) },
  { name: "/info unreadable is an error", status: "error", snapshot: snapshot({ engine: { info: errFact("timeout", "GET /info") } }) },
]);
