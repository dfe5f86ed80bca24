#!/usr/bin/env bash
# Builds a sandbox image without any container registry:
#   sandbox-images/build-offline.sh python|validator [TAG]
# python    -> apug-sandbox-python:8     (Debian bookworm python3 and pypy3)
# validator -> apug-sandbox-validator:8  (the same plus g++)
# Needs root, debootstrap, docker and access to a Debian mirror (env APUG_DEBIAN_MIRROR,
# default http://deb.debian.org/debian). Takes about a minute (python) or two (validator).
# Running it again rebuilds the image from scratch and moves the tag.
set -euo pipefail

usage() { echo "usage: $0 python|validator [TAG]   or   $0 --tag python|validator (prints the default tag)" >&2; exit 2; }

print_tag=false
if [ "${1:-}" = "--tag" ]; then print_tag=true; shift; fi
kind="${1:-}"
case "$kind" in
  python)    packages="python3,pypy3"; default_tag="apug-sandbox-python:8" ;;
  validator) packages="python3,g++"; default_tag="apug-sandbox-validator:8" ;;
  *) usage ;;
esac
# The one place the default tags are written down besides Sandbox/SandboxOptions.cs (.ci/run asks here).
if $print_tag; then echo "$default_tag"; exit 0; fi
tag="${2:-$default_tag}"
mirror="${APUG_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
suite="bookworm"
uid=10001
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
runner="$here/python/runner.py"
steps=5

step() { echo "building sandbox image $tag ... step $1/$steps: $2"; }
die() { echo "build-offline.sh: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap needs it)"
command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
command -v docker >/dev/null || die "the docker CLI is not installed"
docker info >/dev/null 2>&1 || die "cannot reach the Docker engine"
[ -f "$runner" ] || die "missing $runner"

work="$(mktemp -d "${TMPDIR:-/var/tmp}/apug-sandbox-$kind.XXXXXX")"
root="$work/rootfs"
cleanup() {
  # debootstrap mounts /proc and /sys inside the target; never rm -rf through a live mount.
  local m
  for m in $(awk -v d="$work/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step 1 "debootstrap $suite ($packages) from $mirror, about a minute"
if ! debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" \
    >"$work/debootstrap.log" 2>&1; then
  tail -n 30 "$work/debootstrap.log" >&2
  die "debootstrap failed (full log above, last 30 lines)"
fi

step 2 "adding user and group sandbox ($uid)"
grep -q "^sandbox:" "$root/etc/group" || echo "sandbox:x:$uid:" >>"$root/etc/group"
grep -q "^sandbox:" "$root/etc/passwd" ||
  echo "sandbox:x:$uid:$uid:sandbox:/tmp:/usr/sbin/nologin" >>"$root/etc/passwd"
if [ -f "$root/etc/shadow" ] && ! grep -q "^sandbox:" "$root/etc/shadow"; then
  echo "sandbox:!:19000:0:99999:7:::" >>"$root/etc/shadow"
fi

step 3 "installing the runner"
install -d -m 0755 -o root -g root "$root/box" "$root/opt/apug"
install -m 0644 -o root -g root "$runner" "$root/opt/apug/runner.py"
chmod 1777 "$root/tmp"

step 4 "slimming the root filesystem"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin \
  "$root"/var/lib/apt/lists/* "$root"/var/cache/debconf/*-old "$root"/var/log/* \
  "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
  "$root"/usr/share/locale/* "$root"/usr/share/lintian "$root"/usr/share/linda \
  "$root"/tmp/* "$root"/root/.cache
# keep the stdlib's __pycache__: the root filesystem is read-only, so Python could not
# cache bytecode at run time and every start would recompile what it imports.

# MALLOC_MMAP_THRESHOLD_ (runner only; programs get a fixed environment): see python/Dockerfile.
step 5 "importing into Docker as $tag"
# The label lets the server and CI notice an image built from an older runner.py or package list and rebuild it.
# runner.py and this script (its package lists) together: a change to either rebuilds the image.
runner_sha="$(cat "$runner" "$here/build-offline.sh" | sha256sum | cut -c1-16)"
old_id="$(docker image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)"
tar --numeric-owner -C "$root" -c . |
  docker import \
    -c 'ENV LANG=C.UTF-8' \
    -c 'ENV MALLOC_MMAP_THRESHOLD_=131072' \
    -c 'WORKDIR /' \
    -c "LABEL apug.runner=$runner_sha" \
    -c 'CMD ["python3","-I","-B","/opt/apug/runner.py"]' \
    - "$tag" >/dev/null
new_id="$(docker image inspect --format '{{.Id}}' "$tag")"
if [ -n "$old_id" ] && [ "$old_id" != "$new_id" ]; then
  docker rmi "$old_id" >/dev/null 2>&1 || true # still used by a container: leave it
fi
size="$(docker image inspect --format '{{.Size}}' "$tag")"
echo "built $tag ($((size / 1024 / 1024)) MB, $(
  docker run --rm --network none "$tag" python3 --version 2>&1)$(
  [ "$kind" = python ] && docker run --rm --network none "$tag" pypy3 --version 2>&1 | tail -n 1 | sed "s/^/, pypy3 /"))"
