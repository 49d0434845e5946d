#!/bin/sh
# Audit every node of a Docker swarm in one command: dockaudit's image runs once on each node as a global job
# (`--mode global-job`, Docker >= 20.10). Run it on a manager. Each node keeps its own results:
#   $DOCKAUDIT_REPORTS/report.{json,html,xml}    the reports
#   $DOCKAUDIT_REPORTS/evidence/                 the evidence bundle (dockaudit verify DIR)
#   $DOCKAUDIT_TEXTFILE_DIR/dockaudit.prom       the metrics, for node_exporter's textfile collector
# Both directories must exist on every node (swarm refuses a bind mount whose source is missing). The image must be
# on every node: `docker save IMAGE | ssh NODE docker load`, or push it to your registry and pass --with-registry-auth.
# A task that exits 1 is a node whose gate failed: `docker service ps dockaudit` lists them; the reason is in
# `docker service logs dockaudit`. Run it again with `docker service rm dockaudit` first (or another DOCKAUDIT_SERVICE).
set -eu

IMAGE=${DOCKAUDIT_IMAGE:-dockaudit:0.1.0}
SERVICE=${DOCKAUDIT_SERVICE:-dockaudit}
SOCKET=${DOCKAUDIT_SOCKET:-/var/run/docker.sock}
REPORTS=${DOCKAUDIT_REPORTS:-/var/lib/dockaudit}
TEXTFILE_DIR=${DOCKAUDIT_TEXTFILE_DIR:-/var/lib/node_exporter/textfile_collector}

# Read-only: the socket, the host's root (at /host) and the container's own filesystem; only the two report
# directories are writable. The host PID namespace is not needed (the host's /proc is read through /host/proc);
# CAP_SYS_PTRACE is, to read dockerd's /proc/PID/exe, fd and environ links (which binary, which socket, which
# DOCKER_CERT_PATH). The node's hostname names the host in the reports.
exec docker service create --detach --name "$SERVICE" --mode global-job --restart-condition none \
  --read-only --cap-add SYS_PTRACE --hostname "{{.Node.Hostname}}" \
  --mount "type=bind,source=$SOCKET,target=$SOCKET,readonly" \
  --mount "type=bind,source=/,target=/host,readonly" \
  --mount "type=bind,source=$REPORTS,target=/reports" \
  --mount "type=bind,source=$TEXTFILE_DIR,target=/textfile" \
  "$IMAGE" audit --root /host --docker-host "unix://$SOCKET" --quiet --fail-on high \
  --output-dir /reports --evidence /reports/evidence --format prometheus --output /textfile/dockaudit.prom
