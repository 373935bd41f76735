#!/usr/bin/env bash
# Builds a Debian trixie root with Debian's own Dask and Jupyter Server 2 packages, for
# the integration tests in test/dask-programs.test.ts and test/jupyter-server.test.ts
# (this machine's bookworm has Dask 2022.12 and Jupyter Server 1.23; the images run
# Dask 2025.11 and Jupyter Server 2). Run it as root, once per machine; .ci/run calls it.
#
#   test/support/build-trixie-root.sh          build if needed, print the root's path
#   test/support/build-trixie-root.sh --path   only print where the root is (or would be)
#
# The root lives outside the repo in $DASK_GITOPS_CACHE (default /var/cache/dask-gitops),
# named after a digest of this script, so a change here (say, a new package) builds a
# new root. It is built under <name>.partial and renamed only once complete; a partial
# one left by an interrupted run is thrown away and rebuilt. Roots built by older versions
# of this script stay until removed (rm -rf --one-file-system). The mirror is the one this
# machine's apt uses (DEBIAN_MIRROR overrides it).
set -euo pipefail

SUITE=trixie
# What the tests import: distributed (dask-scheduler, dask-worker, Client) and
# jupyter_server (with argon2 for jupyter_server.auth.passwd).
PACKAGES=(python3-distributed python3-jupyter-server)

cache=${DASK_GITOPS_CACHE:-/var/cache/dask-gitops}
digest=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-12)
root="$cache/$SUITE-$digest"

if [ "${1:-}" = --path ]; then
  echo "$root"
  exit 0
elif [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
  exit 0
elif [ $# -gt 0 ]; then
  echo "usage: $0 [--path | --help]" >&2
  exit 2
fi

if [ -d "$root" ]; then
  echo "$root"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "$0: building $root needs root (debootstrap and chroot); run it with sudo" >&2
  exit 1
fi
for program in debootstrap unshare chroot flock; do
  command -v "$program" >/dev/null || { echo "$0: $program is not installed (apt-get install debootstrap)" >&2; exit 1; }
done

# The first URI this machine's apt uses for its own Debian release.
host_mirror() {
  local codename
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  [ -n "$codename" ] || return 0
  # deb822 (*.sources): a paragraph whose Suites list the codename itself.
  local sources=() lists=() file
  for file in /etc/apt/sources.list.d/*.sources; do if [ -f "$file" ]; then sources+=("$file"); fi; done
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do if [ -f "$file" ]; then lists+=("$file"); fi; done
  [ ${#sources[@]} -eq 0 ] || awk -v suite="$codename" '
    /^[[:space:]]*$/ { if (uri && found) print uri; uri = ""; found = 0; next }
    tolower($1) == "uris:" { uri = $2 }
    tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == suite) found = 1 }
    END { if (uri && found) print uri }' "${sources[@]}"
  # one-line format: deb [options] uri suite components
  [ ${#lists[@]} -eq 0 ] || awk -v suite="$codename" '
    $1 == "deb" { n = 2; if ($2 ~ /^\[/) while (n <= NF && $n !~ /\]$/) n++; if ($2 ~ /^\[/) n++;
                  if ($(n + 1) == suite) print $n }' "${lists[@]}"
}
mirror=${DEBIAN_MIRROR:-$(host_mirror | sed -n 1p)}
mirror=${mirror:-http://deb.debian.org/debian}

mkdir -p "$cache"
exec 9>"$cache/$SUITE.lock"
flock 9
# Another run may have finished it while we waited for the lock.
if [ -d "$root" ]; then
  echo "$root"
  exit 0
fi

partial="$root.partial"
if [ -e "$partial" ]; then
  echo "--- removing the incomplete $partial from an interrupted run"
  # Its mounts lived in a private mount namespace (below) and died with it; never
  # cross into another file system anyway.
  rm -rf --one-file-system "$partial"
fi

log="$root.log"
echo "--- building $root from $mirror ($SUITE, ${PACKAGES[*]}); log in $log"
started=$(date +%s)
# Everything runs in a private mount namespace: the /proc, /sys and /dev that debootstrap
# and apt mount inside the root vanish when it ends, even if it is killed.
unshare --mount --propagation private -- /bin/bash -euo pipefail -c '
  partial=$1 suite=$2 mirror=$3; shift 3
  debootstrap --variant=minbase "$suite" "$partial" "$mirror"
  mount -t proc proc "$partial/proc"
  mount --rbind /dev "$partial/dev"
  # dpkg need not fsync a root that is rebuilt from scratch when anything goes wrong.
  echo force-unsafe-io > "$partial/etc/dpkg/dpkg.cfg.d/unsafe-io"
  in_root() { chroot "$partial" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }
  # debootstrap leaves packages that depend on a virtual package unconfigured; apt finishes
  # them. The test packages come from apt, not debootstrap --include, for the same reason.
  in_root apt-get -f install -y -q
  in_root apt-get update -q
  in_root apt-get install -y -q --no-install-recommends "$@"
  # Nothing half-installed or unconfigured may pass as complete.
  audit=$(in_root dpkg --audit)
  [ -z "$audit" ] || { echo "$audit" >&2; exit 1; }
  in_root apt-get clean
' build-trixie-root "$partial" "$SUITE" "$mirror" "${PACKAGES[@]}" >"$log" 2>&1 || {
  tail -n 40 "$log" >&2
  echo "$0: building $root failed after $(( $(date +%s) - started )) s; the full log is $log" >&2
  exit 1
}

mv "$partial" "$root"
echo "--- built $root in $(( $(date +%s) - started )) s"
echo "$root"
