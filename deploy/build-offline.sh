#!/usr/bin/env bash
# Builds the judge server's image without any container registry, for machines where `docker build` cannot pull
# the .NET base images:
#   deploy/build-offline.sh [TAG]        (default apug-judge:1)
# A self-contained `dotnet publish` (no .NET runtime needed in the image) in a Debian bookworm root made by
# debootstrap, imported with `docker import`. The image's settings (ENV, VOLUME, EXPOSE, WORKDIR, USER) are read
# from the final stage of ../Dockerfile, so both ways give the same image to run; only the entry point differs
# (the self-contained executable instead of `dotnet Apug.Server.dll`).
# Needs root (debootstrap), the .NET 10 SDK and npm (the build), docker, and a Debian mirror (env
# APUG_DEBIAN_MIRROR, default http://deb.debian.org/debian). Takes two to three minutes.
set -euo pipefail

tag="${1:-apug-judge:1}"
mirror="${APUG_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$repo/src/Apug.Server/Apug.Server.csproj"
uid=1654 # the "app" user of Microsoft's .NET images, as in the Dockerfile
steps=5

step() { echo "building server image $tag ... step $1/$steps: $2"; }
die() { echo "build-offline.sh: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap needs it)"
command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
command -v dotnet >/dev/null || die "the .NET 10 SDK is not installed (dotnet)"
command -v docker >/dev/null || die "the docker CLI is not installed"
docker info >/dev/null 2>&1 || die "cannot reach the Docker engine"
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) die "no .NET runtime identifier known for $(uname -m)" ;;
esac

work="$(mktemp -d "${TMPDIR:-/var/tmp}/apug-judge-image.XXXXXX")"
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

step 1 "dotnet publish, self-contained for $rid"
# Build, then publish in a new evaluation: wwwroot/lib is made by the build (from npm), and a publish that
# evaluated the project before it existed would leave it out.
if ! { dotnet build "$project" -c Release -r "$rid" --self-contained &&
       dotnet publish "$project" -c Release -r "$rid" --self-contained --no-build -o "$work/app"; } >"$work/publish.log" 2>&1; then
  tail -n 30 "$work/publish.log" >&2
  die "dotnet publish failed (last 30 lines above)"
fi
[ -f "$work/app/wwwroot/lib/signalr/signalr.min.js" ] || die "the publish has no wwwroot/lib (the pages' libraries)"

step 2 "debootstrap bookworm (what .NET needs: ICU, OpenSSL, CA certificates, time zones) from $mirror, about a minute"
if ! debootstrap --variant=minbase --include=libicu72,libssl3,ca-certificates,tzdata bookworm "$root" "$mirror" \
    >"$work/debootstrap.log" 2>&1; then
  tail -n 30 "$work/debootstrap.log" >&2
  die "debootstrap failed (last 30 lines above)"
fi

step 3 "installing the server, sandbox-images/ and the bundled challenges"
cp -a "$work/app" "$root/app"
cp -a "$repo/sandbox-images" "$root/app/sandbox-images"
cp -a "$repo/challenges" "$root/srv/challenges"
chown -R root:root "$root/app" "$root/srv/challenges"
grep -q "^app:" "$root/etc/group" || echo "app:x:$uid:" >>"$root/etc/group"
grep -q "^app:" "$root/etc/passwd" || echo "app:x:$uid:$uid:app:/home/app:/usr/sbin/nologin" >>"$root/etc/passwd"
install -d -m 0755 -o "$uid" -g "$uid" "$root/data" "$root/home/app"

step 4 "slimming the root filesystem"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/* \
  "$root"/var/log/* "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
  "$root"/usr/share/locale/* "$root"/tmp/* "$root"/root/.cache
chmod 1777 "$root/tmp"

step 5 "importing into Docker as $tag"
# The Dockerfile's final stage (after the last FROM): its one-line ENV, VOLUME, EXPOSE, WORKDIR and USER.
changes=()
while IFS= read -r line; do changes+=(-c "$line"); done < <(
  awk '/^FROM /{stage=""} {stage = stage $0 "\n"} END {printf "%s", stage}' "$repo/Dockerfile" |
    grep -E '^(ENV|VOLUME|EXPOSE|WORKDIR|USER) ')
[ "${#changes[@]}" -gt 0 ] || die "found no settings in $repo/Dockerfile"
old_id="$(docker image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)"
tar --numeric-owner -C "$root" -c . |
  docker import "${changes[@]}" \
    -c 'ENV LANG=C.UTF-8' \
    -c 'LABEL apug.build=offline' \
    -c 'ENTRYPOINT ["/app/Apug.Server"]' \
    - "$tag" >/dev/null
new_id="$(docker image inspect --format '{{.Id}}' "$tag")"
if [ -n "$old_id" ] && [ "$old_id" != "$new_id" ]; then
  docker rmi "$old_id" >/dev/null 2>&1 || true # still used by a container: leave it
fi
size="$(docker image inspect --format '{{.Size}}' "$tag")"
echo "built $tag ($((size / 1024 / 1024)) MB)"
