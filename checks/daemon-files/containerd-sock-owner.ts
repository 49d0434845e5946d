import { defineCheck } from "../../src/engine/define.js";
import { rootOwnedCheck } from "./lib.js";

export default defineCheck({
  key: "files-containerd-sock-owner",
  cis: { "1.6.0": "3.23", "1.8.0": "3.23" },
  title: "The containerd socket is owned by root:root",
  section: "daemon-files", level: 1, automated: true, severity: "high",
  rationale:
    "Access to containerd's socket is access to every container and image below Docker, with root's power over the host. Only root should own it.",
  remediation: "Make sure containerd creates its socket as root:root (the grpc uid and gid settings in /etc/containerd/config.toml default to 0); fix a wrong owner with chown root:root and restart containerd.",
  needs: ["host.files:containerd-socket"],
  // The socket the daemon is configured with (--containerd) or the default one, plus the socket of the containerd
  // dockerd manages itself.
  evaluate: rootOwnedCheck("containerd-socket", "containerd socket"),
});
