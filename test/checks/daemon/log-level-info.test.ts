import { expect } from "chai";
import check from "../../../checks/daemon/log-level-info.js";
import { checkTable } from "../../support/check-tester.js";
import { effective, errFact, snapshot } from "../../support/fixtures.js";
import { mixed } from "./settings.js";

checkTable(check, [
  { name: "unset means dockerd's default info and passes", status: "pass", message: 'default "info"',
    snapshot: snapshot() },
  { name: "log-level info in daemon.json passes", status: "pass", snapshot: snapshot({ settings: { "log-level": "info" } }) },
  { name: "--log-level=debug on the command line fails even when daemon.json is silent (Q5)", status: "fail",
    message: 'log-level is "debug" (--log-level',
    snapshot: snapshot({ daemon: { effective: effective({ "log-level": "debug" }, "flag") } }),
    check: (f) => expect(f[0]!.evidence?.["log-level"]).to.deep.equal({ value: "debug", origin: "--log-level (pid 100 argv)" }) },
  { name: "-l debug (short flag, mapped to log-level) fails", status: "fail",
    snapshot: snapshot({ daemon: { effective: mixed({ "log-level": "debug" }, {}, { "log-level": "-l" }) } }) },
  { name: "debug in daemon.json fails", status: "fail", message: "/etc/docker/daemon.json",
    snapshot: snapshot({ settings: { "log-level": "debug" } }) },
  { name: "a quieter level than info fails too", status: "fail", snapshot: snapshot({ settings: { "log-level": "error" } }) },
  { name: "-D forces debug even with log-level info", status: "fail", message: "debug mode is on",
    snapshot: snapshot({ daemon: { effective: mixed({ debug: true }, { "log-level": "info" }, { debug: "-D" }) } }) },
  { name: "the daemon reporting Debug true fails", status: "fail", snapshot: snapshot({ info: { Debug: true } }) },
  { name: "configuration unreadable is an error, never the default's pass", status: "error",
    snapshot: snapshot({ daemon: { effective: errFact("cannot read /proc/100/cmdline: EACCES", "/proc/100/cmdline") } }) },
]);
