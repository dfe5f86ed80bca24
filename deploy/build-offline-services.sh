#!/usr/bin/env bash
# Builds, without any container registry, the image that compose.yaml's "scale" profile runs PostgreSQL and Redis
# from (on a machine that can pull, the official postgres/redis images would do as well; see compose.yaml):
#   deploy/build-offline-services.sh [TAG]     (default apug-services:1)
# Debian bookworm's postgresql (15) and redis-server in a root made by debootstrap, imported with `docker import`,
# with two entry points: /usr/local/bin/apug-postgres (initialises the data folder on first start, then runs the
# server as the postgres user) and redis-server itself. Needs root, debootstrap, docker and a Debian mirror (env
# APUG_DEBIAN_MIRROR, default http://deb.debian.org/debian). About two minutes.
set -euo pipefail

tag="${1:-apug-services:1}"
mirror="${APUG_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
die() { echo "build-offline-services.sh: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap needs it)"
command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
docker info >/dev/null 2>&1 || die "cannot reach the Docker engine"

work="$(mktemp -d "${TMPDIR:-/var/tmp}/apug-services-image.XXXXXX")"
root="$work/rootfs"
cleanup() {
  local m
  for m in $(awk -v d="$work/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "building $tag ... debootstrap bookworm with postgresql and redis-server from $mirror"
if ! debootstrap --variant=minbase --include=postgresql-15,redis-server bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1; then
  tail -n 30 "$work/debootstrap.log" >&2
  die "debootstrap failed (last 30 lines above)"
fi

# PostgreSQL refuses to run as root: the entry point initialises the data folder (a volume) as the postgres user on
# the first start, with the user, password and database from the environment, then runs the server as that user.
cat >"$root/usr/local/bin/apug-postgres" <<'SCRIPT'
#!/bin/bash
set -euo pipefail
data="${PGDATA:-/var/lib/postgresql/data}"
bin=/usr/lib/postgresql/15/bin
: "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
user="${POSTGRES_USER:-apug}"
database="${POSTGRES_DB:-apug}"
mkdir -p "$data" && chown postgres:postgres "$data" && chmod 700 "$data"
if [ ! -s "$data/PG_VERSION" ]; then
  pwfile="$(mktemp)" && printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile" && chown postgres "$pwfile"
  runuser -u postgres -- "$bin/initdb" -D "$data" -U "$user" --pwfile="$pwfile" --auth=scram-sha-256 -E UTF8 >/dev/null
  rm -f "$pwfile"
  echo "CREATE DATABASE \"$database\";" | runuser -u postgres -- "$bin/postgres" --single -D "$data" postgres >/dev/null
  echo "apug-postgres: initialised $data (user $user, database $database)"
fi
exec runuser -u postgres -- "$bin/postgres" -D "$data" -c unix_socket_directories=/tmp "$@"
SCRIPT
chmod 755 "$root/usr/local/bin/apug-postgres"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/var/log/*
# The packages' own cluster (made by postinst) is not used: the data lives on the volume.
rm -rf "$root"/var/lib/postgresql/15 "$root"/etc/postgresql/15

tar --numeric-owner -C "$root" -c . | docker import -c 'ENV LANG=C.UTF-8' -c 'LABEL apug.build=offline' - "$tag" >/dev/null
echo "built $tag ($(( $(docker image inspect --format '{{.Size}}' "$tag") / 1024 / 1024 )) MB)"
