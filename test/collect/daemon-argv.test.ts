import { expect } from "chai";
import { flagSetting, locateJsonError, mergeEffective, parseDaemonJson, parseDockerdArgv, parseUlimit } from "../../src/collect/daemon/daemon-argv.js";

const parse = (...args: string[]) => parseDockerdArgv(["/usr/bin/dockerd", ...args]);

describe("dockerd argv parsing", () => {
  it("reads both --flag=value and --flag value", () => {
    const p = parse("--log-level=debug", "--data-root", "/srv/docker");
    expect(p.flags).to.deep.equal({ "log-level": ["debug"], "data-root": ["/srv/docker"] });
  });

  it("takes the next argument as a value flag's value even when it looks like a flag", () => {
    expect(parse("--label", "--weird").flags).to.deep.equal({ label: ["--weird"] });
  });

  it("treats a boolean flag alone as true and only --flag=false as false", () => {
    expect(parse("--icc").flags.icc).to.deep.equal(["true"]);
    expect(parse("--icc=false").flags.icc).to.deep.equal(["false"]);
    expect(parse("--live-restore=1", "--userland-proxy=F").flags).to.deep.equal({ "live-restore": ["true"], "userland-proxy": ["false"] });
  });

  it("does not read `--icc false` as false: pflag leaves icc true and `false` a stray argument", () => {
    const p = parse("--icc", "false");
    expect(p.flags.icc).to.deep.equal(["true"]);
    expect(p.positional).to.deep.equal(["false"]);
  });

  it("accumulates repeated flags in order", () => {
    const p = parse("-H", "fd://", "--host=tcp://0.0.0.0:2376", "--insecure-registry", "a:5000", "--insecure-registry=b:5000");
    expect(p.flags.host).to.deep.equal(["fd://", "tcp://0.0.0.0:2376"]);
    expect(p.flags["insecure-registry"]).to.deep.equal(["a:5000", "b:5000"]);
  });

  it("reads the -H shorthand as `-H v`, `-Hv` and `-H=v`", () => {
    expect(parse("-H", "unix:///a.sock", "-Hunix:///b.sock", "-H=unix:///c.sock").flags.host).to.deep.equal(["unix:///a.sock", "unix:///b.sock", "unix:///c.sock"]);
  });

  it("reads the other shorthands -D -l -G -g -p -s -b, combined booleans included", () => {
    const p = parse("-D", "-l", "warn", "-G", "dockerops", "-g", "/data", "-p", "/run/d.pid", "-s", "overlay2", "-b", "br0");
    expect(p.flags).to.deep.equal({
      debug: ["true"], "log-level": ["warn"], group: ["dockerops"], graph: ["/data"], pidfile: ["/run/d.pid"],
      "storage-driver": ["overlay2"], bridge: ["br0"],
    });
    expect(parse("-Dl", "info").flags).to.deep.equal({ debug: ["true"], "log-level": ["info"] });
    expect(parse("-D=false").flags.debug).to.deep.equal(["false"]);
  });

  it("records the spelling used, for origins", () => {
    expect(parse("-H", "fd://", "--icc=false").spelled).to.deep.equal({ host: "-H", icc: "--icc" });
  });

  it("stops at -- and reports a value flag left without its value", () => {
    const p = parse("--debug", "--", "--icc=false");
    expect(p.flags).to.deep.equal({ debug: ["true"] });
    expect(p.positional).to.deep.equal(["--icc=false"]);
    expect(parse("--log-level").problems).to.deep.equal(["--log-level has no value"]);
  });
});

describe("flags merged with daemon.json", () => {
  const eff = (args: string[], config: Record<string, unknown> = {}) => mergeEffective(parse(...args), config, 42, "/etc/docker/daemon.json");

  it("maps flag names to daemon.json keys", () => {
    const e = eff(["-H", "fd://", "--insecure-registry", "r:5000", "--authorization-plugin", "authz", "--storage-opt", "size=10G",
      "--exec-opt", "native.cgroupdriver=systemd", "--registry-mirror", "https://m", "--label", "env=prod", "-D", "-l", "info",
      "-g", "/data", "-G", "ops", "-s", "overlay2", "-b", "br0"]);
    expect(Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v.value]))).to.deep.equal({
      hosts: ["fd://"], "insecure-registries": ["r:5000"], "authorization-plugins": ["authz"], "storage-opts": ["size=10G"],
      "exec-opts": ["native.cgroupdriver=systemd"], "registry-mirrors": ["https://m"], labels: ["env=prod"], debug: true,
      "log-level": "info", "data-root": "/data", group: "ops", "storage-driver": "overlay2", bridge: "br0",
    });
  });

  it("parses booleans and numbers, keeps the last of repeated single-valued flags", () => {
    const e = eff(["--icc=false", "--live-restore", "--mtu", "1400", "--log-level=debug", "--log-level=warn"]);
    expect(e.icc!.value).to.equal(false);
    expect(e["live-restore"]!.value).to.equal(true);
    expect(e.mtu!.value).to.equal(1400);
    expect(e["log-level"]!.value).to.equal("warn");
  });

  it("turns --default-ulimit and --log-opt into daemon.json's object shapes", () => {
    const e = eff(["--default-ulimit", "nofile=1024:2048", "--default-ulimit=nproc=512", "--log-opt", "max-size=10m", "--log-opt=max-file=3"]);
    expect(e["default-ulimits"]!.value).to.deep.equal({ nofile: { Name: "nofile", Soft: 1024, Hard: 2048 }, nproc: { Name: "nproc", Soft: 512, Hard: 512 } });
    expect(e["log-opts"]!.value).to.deep.equal({ "max-size": "10m", "max-file": "3" });
  });

  it("gives each setting its origin: the flag as written and the process, or the file and key", () => {
    const e = eff(["-H", "fd://", "--icc=false"], { "userns-remap": "default", "log-level": "info" });
    expect(e.hosts!.origin).to.deep.equal({ from: "flag", name: "-H", where: "pid 42 argv" });
    expect(e.icc!.origin).to.deep.equal({ from: "flag", name: "--icc", where: "pid 42 argv" });
    expect(e["userns-remap"]).to.deep.equal({ value: "default", origin: { from: "config-file", name: "userns-remap", where: "/etc/docker/daemon.json" } });
  });

  it("leaves out flags that are not settings (--config-file, --help)", () => {
    expect(eff(["--config-file", "/x.json"])).to.deep.equal({});
    expect(flagSetting("config-file", ["/x.json"])).to.equal(undefined);
  });

  it("parses ulimit specs, rejecting malformed ones", () => {
    expect(parseUlimit("core=0")).to.deep.equal({ Name: "core", Soft: 0, Hard: 0 });
    expect(parseUlimit("nofile")).to.equal(undefined);
  });
});

describe("daemon.json parsing", () => {
  const file = "/etc/docker/daemon.json";

  it("names file, line and column of a syntax error", () => {
    const r = parseDaemonJson('{\n  "icc": false,\n  "log-level" "info"\n}\n', file);
    expect(r).to.deep.equal({ ok: false, error: `${file}:3:15: not valid JSON (expected ':' after property name)` });
  });

  it("locates a trailing comma, a comment and an unterminated document", () => {
    expect(locateJsonError('{"a": 1,\n}')).to.include({ line: 2, column: 1, reason: "trailing comma before '}'" });
    expect(locateJsonError('{\n  // no comments in JSON\n  "a": 1\n}')).to.include({ line: 2, column: 3, reason: "comments are not allowed in JSON" });
    expect(locateJsonError('{"a": [1, 2')).to.include({ line: 1, column: 12, reason: "unexpected end of input" });
    expect(locateJsonError('{"a": 1}')).to.equal(undefined);
  });

  it("never quotes the file's content in the error (it may hold a secret)", () => {
    const r = parseDaemonJson('{"log-opts": {"splunk-token": "s3cr3t-planted" oops}}', file);
    expect(r.ok).to.equal(false);
    expect(JSON.stringify(r)).not.to.include("s3cr3t");
    expect(JSON.stringify(r)).not.to.include("oops");
  });

  it("accepts a blank file and a UTF-8 BOM as dockerd does, rejects a non-object", () => {
    expect(parseDaemonJson(" \n", file)).to.deep.equal({ ok: true, content: {} });
    expect(parseDaemonJson('\uFEFF{"icc": false}', file)).to.deep.equal({ ok: true, content: { icc: false } });
    expect(parseDaemonJson("[]", file)).to.deep.include({ ok: false });
  });
});
