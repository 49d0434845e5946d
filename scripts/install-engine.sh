#!/usr/bin/env bash
# Install Debian SUITE's docker.io and containerd, unpacked into /opt/docker-SUITE (or $2), beside the system's engine.
# Private apt state (nothing of the system's apt lists, cache or dpkg database changes); the runc the packages bring is
# removed because the newer runc needs a newer glibc than bookworm's: the system's runc (bookworm 1.1.5) serves them.
# Usage: scripts/install-engine.sh trixie|sid [ROOT]. Prints the installed dockerd version; exits non-zero on failure.
set -euo pipefail
suite=${1:?usage: install-engine.sh SUITE [ROOT]}
root=${2:-/opt/docker-$suite}
case "$suite" in *[!a-z0-9-]*|'') echo "install-engine: bad suite name" >&2; exit 2;; esac

work=$(mktemp -d /tmp/dockaudit-engine-$suite.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/parts" "$work/state/lists/partial" "$work/cache/archives/partial" "$work/debs"
# The system's own first source stanza (its mirror and keyring), with the suite replaced.
src=/etc/apt/sources.list.d/debian.sources
if [ -r "$src" ]; then
  awk 'BEGIN{RS="";ORS="\n\n"} NR==1' "$src" | sed -E "s/^Suites:.*/Suites: $suite/" >"$work/parts/debian.sources"
else
  printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$suite" >"$work/parts/debian.sources"
fi
opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$work/parts" -o "Dir::State=$work/state"
      -o "Dir::Cache=$work/cache" -o Dir::State::status=/var/lib/dpkg/status -o Debug::NoLocking=1 -q)
apt-get "${opts[@]}" update >"$work/update.log" 2>&1 || { cat "$work/update.log" >&2; echo "install-engine: apt-get update for $suite failed" >&2; exit 1; }
(cd "$work/debs" && apt-get "${opts[@]}" download docker.io containerd >"$work/download.log" 2>&1) \
  || { cat "$work/download.log" >&2; echo "install-engine: downloading $suite's docker.io/containerd failed" >&2; exit 1; }

rm -rf "$root.new"
mkdir -p "$root.new"
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$root.new"; done
rm -f "$root.new/usr/sbin/runc" "$root.new/usr/bin/runc"
[ -x "$root.new/usr/sbin/dockerd" ] || { echo "install-engine: no dockerd in $suite's docker.io" >&2; exit 1; }
rm -rf "$root"
mv "$root.new" "$root"
"$root/usr/sbin/dockerd" --version
