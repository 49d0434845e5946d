import { expect } from "chai";
import {
  redactArgs, redactDeep, redactLabels, redactText, sanitizeContainer, sanitizeEnv, sanitizeImage, sanitizeInfo, sanitizeNetwork,
  secretShape,
} from "../../src/collect/redact.js";
import { REDACTED } from "../../src/snapshot/types.js";

// Planted values: each must be absent from anything that leaves the sanitisers.
const AWS = "AKIAIOSFODNN7EXAMPLE";
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.c2lnbmF0dXJlLXBsYW50ZWQ";
const GH = "ghp_plantedPLANTEDplanted0123456789abcd";
const SLACK = "xoxb-1234-planted-slack";
const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEplantedKEYbody\n-----END RSA PRIVATE KEY-----";
const PLAIN = "hunter2-planted";

describe("redaction rules", () => {
  it("recognises credential shapes", () => {
    expect(secretShape(AWS)).to.equal("aws-access-key-id");
    expect(secretShape("ASIAIOSFODNN7EXAMPLE")).to.equal("aws-access-key-id");
    expect(secretShape(PEM)).to.equal("private-key");
    expect(secretShape(JWT)).to.equal("jwt");
    expect(secretShape(GH)).to.equal("github-token");
    expect(secretShape(SLACK)).to.equal("slack-token");
    expect(secretShape("/usr/local/bin:/usr/bin")).to.equal(undefined);
    expect(secretShape("AKIA-not-a-key")).to.equal(undefined);
  });

  it("keeps environment names only, noting which values looked like credentials", () => {
    const env = sanitizeEnv([`DB_PASSWORD=${PLAIN}`, `AWS_ACCESS_KEY_ID=${AWS}`, `TOKEN=${JWT}`, "PATH=/usr/bin", "BARE", "EMPTY="]);
    expect(env.EnvNames).to.deep.equal(["DB_PASSWORD", "AWS_ACCESS_KEY_ID", "TOKEN", "PATH", "BARE", "EMPTY"]);
    expect(env.EnvSecretShapes).to.deep.equal([{ name: "AWS_ACCESS_KEY_ID", kind: "aws-access-key-id" }, { name: "TOKEN", kind: "jwt" }]);
    expect(JSON.stringify(env)).not.to.include("/usr/bin");
  });

  it("redacts command-line values: --password=x, PASSWORD=x, --token x, URL credentials", () => {
    expect(redactArgs(["app", `--password=${PLAIN}`, "--db-token", PLAIN, "--port", "80", `DB_PASSWORD=${PLAIN}`])).to.deep.equal(
      ["app", `--password=${REDACTED}`, "--db-token", REDACTED, "--port", "80", `DB_PASSWORD=${REDACTED}`]);
    expect(redactText(`/bin/sh -c export API_KEY=${PLAIN} && run --secret ${PLAIN} --url https://bob:${PLAIN}@db/x`))
      .to.equal(`/bin/sh -c export API_KEY=${REDACTED} && run --secret ${REDACTED} --url https://bob:${REDACTED}@db/x`);
    expect(redactText(`run --key ${AWS}`)).to.equal(`run --key ${REDACTED}`);
    expect(redactText(`PASSWORD="a b ${PLAIN}" next`)).to.equal(`PASSWORD=${REDACTED} next`);
  });

  it("leaves harmless commands alone", () => {
    expect(redactArgs(["nginx", "-g", "daemon off;"])).to.deep.equal(["nginx", "-g", "daemon off;"]);
    expect(redactText("/bin/sh -c apt-get update && apt-get install -y curl")).to.equal("/bin/sh -c apt-get update && apt-get install -y curl");
  });

  it("redacts labels by secret-looking key or credential-shaped value", () => {
    expect(redactLabels({ "com.example.api-key": PLAIN, team: "blue", note: GH, "splunk-token": PLAIN })).to.deep.equal({
      "com.example.api-key": REDACTED, team: "blue", note: REDACTED, "splunk-token": REDACTED,
    });
  });

  it("redacts daemon.json documents deeply", () => {
    const doc = { "log-opts": { "splunk-token": PLAIN, "max-size": "10m" }, labels: [`db_password=${PLAIN}`, "env=prod"], "registry-mirrors": [`https://u:${PLAIN}@mirror`], x: { nested: PEM } };
    const out = redactDeep(doc);
    expect(JSON.stringify(out)).not.to.include("planted");
    expect(out).to.deep.include({ labels: [`db_password=${REDACTED}`, "env=prod"] });
  });
});

describe("sanitising Engine API documents", () => {
  const rawContainer = () => ({
    Id: "c1", Name: "/app", Image: "sha256:1", Path: "app", Args: [`--password=${PLAIN}`],
    State: { Status: "running", Running: true },
    Config: {
      Env: [`DB_PASSWORD=${PLAIN}`, `AWS_ACCESS_KEY_ID=${AWS}`, `GH=${GH}`, `SLACK=${SLACK}`, `KEY=${PEM}`, "PATH=/usr/bin"],
      Cmd: ["app", "--token", PLAIN], Entrypoint: ["/entry.sh", `SECRET=${PLAIN}`],
      Labels: { "app.secret": PLAIN, team: "blue", jwt: JWT },
      Healthcheck: { Test: ["CMD", "curl", `https://u:${PLAIN}@localhost/health`] },
    },
    HostConfig: {
      Privileged: false, Binds: ["/run/secrets:/run/secrets:ro"],
      LogConfig: { Type: "splunk", Config: { "splunk-token": PLAIN, "splunk-url": "https://splunk" } },
      Mounts: [{ Type: "volume", Target: "/data", VolumeOptions: { DriverConfig: { Name: "local", Options: { o: `username=u,password=${PLAIN}`, type: "cifs" } } } }],
    },
    Mounts: [], NetworkSettings: {},
  });

  it("keeps no planted value anywhere in a container document", () => {
    const out = sanitizeContainer(rawContainer());
    const text = JSON.stringify(out);
    for (const v of [PLAIN, AWS, JWT, GH, SLACK, "MIIEplanted"]) expect(text, v).not.to.include(v);
    const cfg = out.Config as Record<string, unknown>;
    expect(cfg.Env).to.equal(undefined);
    expect(cfg.EnvNames).to.deep.equal(["DB_PASSWORD", "AWS_ACCESS_KEY_ID", "GH", "SLACK", "KEY", "PATH"]);
    expect((cfg.EnvSecretShapes as { kind: string }[]).map((s) => s.kind)).to.deep.equal(["aws-access-key-id", "github-token", "slack-token", "private-key"]);
    expect((cfg.Labels as Record<string, string>).team).to.equal("blue");
  });

  it("leaves what the checks read intact (binds, privileged, log driver)", () => {
    const out = sanitizeContainer(rawContainer()) as { HostConfig: Record<string, unknown> };
    expect(out.HostConfig.Binds).to.deep.equal(["/run/secrets:/run/secrets:ro"]);
    expect(out.HostConfig.Privileged).to.equal(false);
    expect(out.HostConfig.LogConfig).to.deep.equal({ Type: "splunk", Config: { "splunk-token": REDACTED, "splunk-url": "https://splunk" } });
  });

  it("drops an image's env values and its legacy ContainerConfig", () => {
    const out = sanitizeImage({ Id: "sha256:1", Config: { Env: [`PASSWORD=${PLAIN}`], User: "1000", Labels: { maintainer: "me", token: PLAIN } }, ContainerConfig: { Env: [`PASSWORD=${PLAIN}`], Cmd: ["/bin/sh", "-c", `#(nop) ENV PASSWORD=${PLAIN}`] } });
    expect(JSON.stringify(out)).not.to.include(PLAIN);
    expect(out.ContainerConfig).to.equal(undefined);
    expect(out.Config).to.deep.include({ User: "1000", EnvNames: ["PASSWORD"] });
  });

  it("redacts network labels and options, daemon labels and proxy credentials in /info", () => {
    const net = sanitizeNetwork({ Name: "n", Options: { "com.docker.network.bridge.enable_icc": "false" }, Labels: { secret: PLAIN } });
    expect(net.Options).to.deep.equal({ "com.docker.network.bridge.enable_icc": "false" });
    expect(JSON.stringify(net)).not.to.include(PLAIN);
    const info = sanitizeInfo({ Labels: [`vault_token=${PLAIN}`, "zone=a"], HttpProxy: `http://u:${PLAIN}@proxy:3128`, RegistryConfig: { Mirrors: [`https://u:${PLAIN}@m/`] } });
    expect(JSON.stringify(info)).not.to.include(PLAIN);
    expect(info.Labels).to.deep.equal([`vault_token=${REDACTED}`, "zone=a"]);
  });
});
