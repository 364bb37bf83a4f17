#!/bin/bash
# Install dist/kneelog_*.deb on a brand-new minimal Debian 12 and try it (needs root and
# debootstrap; uses the project's ../shared/tools/fresh-debian.sh, or $FRESH_DEBIAN). Run from the
# repository root after `python packaging/build_deb.py` and after committing (the throw-away system
# gets a clean clone of HEAD, whose packaging/linux/deb_smoke_inside.sh it runs).
#
# The .deb goes in through a folder of this machine that fresh-debian.sh mounts read-write as
# /exchange (FRESH_SHARE); the logs and screenshots come back the same way, into dist/smoke/.
set -euo pipefail
repo=$(git rev-parse --show-toplevel)
deb=$(ls "$repo"/dist/kneelog_*.deb | tail -n1)
exchange=$(mktemp -d /var/tmp/kneelog-smoke.XXXXXX)
trap 'rm -rf "$exchange"' EXIT
cp "$deb" "$exchange/"
fresh_debian=${FRESH_DEBIAN:-$repo/../shared/tools/fresh-debian.sh}
FRESH_SHARE=$exchange "$fresh_debian" \
  "KNEELOG_SMOKE_DIR=/exchange bash /src/packaging/linux/deb_smoke_inside.sh"
rm -rf "$repo/dist/smoke"
cp -r "$exchange/out" "$repo/dist/smoke"
echo "logs and screenshots: $repo/dist/smoke"
