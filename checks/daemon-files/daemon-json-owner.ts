import { defineCheck } from "../../src/engine/define.js";
import { rootOwnedCheck } from "./lib.js";

export default defineCheck({
  key: "files-daemon-json-owner",
  cis: { "1.6.0": "3.17", "1.8.0": "3.17" },
  title: "The daemon configuration file in use is owned by root:root",
  section: "daemon-files", level: 1, automated: true, severity: "medium",
  rationale:
    "daemon.json sets the daemon's listeners, TLS, authorization plugins and defaults for every container. Its owner can weaken all of them at the next restart.",
  remediation: "chown root:root the configuration file the daemon loads (/etc/docker/daemon.json, or the file given with --config-file).",
  needs: ["host.files:daemon-json"],
  // The file the running daemon loaded (--config-file included), not a fixed /etc/docker/daemon.json.
  evaluate: rootOwnedCheck("daemon-json", "daemon configuration file"),
});
