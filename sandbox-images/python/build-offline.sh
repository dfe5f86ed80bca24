#!/usr/bin/env bash
# Builds apug-sandbox-python:8 without a registry (debootstrap + docker import); run as root.
#   sandbox-images/python/build-offline.sh [TAG]
# See ../build-offline.sh (mirror: env APUG_DEBIAN_MIRROR).
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/../build-offline.sh" python "$@"
