#!/usr/bin/env bash
# Checks ../Dockerfile itself on a machine without a registry: makes stand-ins for its two base images from Debian
# packages and this machine's .NET SDK (debootstrap + docker import), then runs `docker build` with them:
#   deploy/test-dockerfile-offline.sh [TAG]      (default apug-judge:dockerfile)
# The build's own downloads (apt for npm, the npm registry, NuGet) go over the host's network (--network host).
# Needs root, debootstrap, docker and /usr/share/dotnet (the SDK). Takes several minutes.
set -euo pipefail

tag="${1:-apug-judge:dockerfile}"
mirror="${APUG_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet_root="${DOTNET_ROOT:-/usr/share/dotnet}"
sdk_image="apug-standin-dotnet-sdk:10.0"
runtime_image="apug-standin-dotnet-aspnet:10.0"

die() { echo "test-dockerfile-offline.sh: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap needs it)"
[ -x "$dotnet_root/dotnet" ] || die "no .NET SDK at $dotnet_root (set DOTNET_ROOT)"

work="$(mktemp -d "${TMPDIR:-/var/tmp}/apug-dockerfile.XXXXXX")"
cleanup() {
  local m
  for m in $(awk -v d="$work/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

echo "stand-in base images: debootstrap bookworm"
debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,tzdata bookworm "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
rm -rf "$work/root"/var/cache/apt/archives/*.deb
# The stand-ins trust what this host trusts (e.g. the CA of a TLS-inspecting egress proxy), so the build's own
# downloads (NuGet, npm) work wherever they work on the host.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$work/root/usr/local/share/ca-certificates/"
  chroot "$work/root" update-ca-certificates >/dev/null
fi

# Like Microsoft's images: dotnet on PATH, DOTNET_ROOT, the runtime image's ASPNETCORE_HTTP_PORTS.
import() { # ROOT TAG
  tar --numeric-owner -C "$1" -c . | docker import -c 'ENV DOTNET_ROOT=/usr/share/dotnet' \
    -c 'ENV PATH=/usr/share/dotnet:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV ASPNETCORE_HTTP_PORTS=8080' -c 'LABEL apug.standin=true' - "$2" >/dev/null
}
echo "stand-in $runtime_image: the ASP.NET Core runtime of $dotnet_root"
mkdir -p "$work/root/usr/share/dotnet"
cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$dotnet_root/shared" "$work/root/usr/share/dotnet/"
import "$work/root" "$runtime_image"
echo "stand-in $sdk_image: the whole SDK"
cp -a "$dotnet_root/." "$work/root/usr/share/dotnet/"
import "$work/root" "$sdk_image"

echo "docker build of $repo/Dockerfile as $tag"
docker build --network host --build-arg "SDK_IMAGE=$sdk_image" --build-arg "RUNTIME_IMAGE=$runtime_image" -t "$tag" "$repo"
echo "built $tag from the Dockerfile"
