#!/usr/bin/env bash
# Install Debian SUITE's docker-compose (Docker Compose v2, a static Go binary) into /opt/docker-compose-SUITE (or $2),
# for the Compose ground-truth suite (test/e2e/compose.test.ts). Fetched exactly as scripts/install-engine.sh fetches
# the engines: private apt state with the system's own first source stanza and the suite replaced, `apt-get
# download`, `dpkg-deb -x`; nothing of the system's apt lists, cache or dpkg database changes.
# Usage: scripts/install-compose.sh [SUITE] [ROOT] (default trixie). Prints the installed version; non-zero on failure.
set -euo pipefail
suite=${1:-trixie}
root=${2:-/opt/docker-compose-$suite}
case "$suite" in *[!a-z0-9-]*|'') echo "install-compose: bad suite name" >&2; exit 2;; esac

work=$(mktemp -d /tmp/dockaudit-compose-$suite.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/parts" "$work/state/lists/partial" "$work/cache/archives/partial" "$work/debs"
src=/etc/apt/sources.list.d/debian.sources
if [ -r "$src" ]; then
  awk 'BEGIN{RS="";ORS="\n\n"} NR==1' "$src" | sed -E "s/^Suites:.*/Suites: $suite/" >"$work/parts/debian.sources"
else
  printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$suite" >"$work/parts/debian.sources"
fi
opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$work/parts" -o "Dir::State=$work/state"
      -o "Dir::Cache=$work/cache" -o Dir::State::status=/var/lib/dpkg/status -o Debug::NoLocking=1 -q)
apt-get "${opts[@]}" update >"$work/update.log" 2>&1 || { cat "$work/update.log" >&2; echo "install-compose: apt-get update for $suite failed" >&2; exit 1; }
(cd "$work/debs" && apt-get "${opts[@]}" download docker-compose >"$work/download.log" 2>&1) \
  || { cat "$work/download.log" >&2; echo "install-compose: downloading $suite's docker-compose failed" >&2; exit 1; }

rm -rf "$root.new"
mkdir -p "$root.new"
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$root.new"; done
bin="$root.new/usr/libexec/docker/cli-plugins/docker-compose"
[ -x "$bin" ] || { echo "install-compose: no docker-compose binary in $suite's docker-compose" >&2; exit 1; }
rm -rf "$root"
mv "$root.new" "$root"
"$root/usr/libexec/docker/cli-plugins/docker-compose" version
