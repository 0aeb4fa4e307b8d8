#!/usr/bin/env python3
"""Big files, side by side: `gba-atlas info` against GDAL's full read into memory.

Runs each reader on each file in turn (interleaved, so both see the same machine), N times,
and prints the median wall time and peak RSS of each, with the ratio, as a Markdown table for
docs/benchmarks.md.

    python3 /work/shared/bench/make_data.py /tmp/bench-data      # the files (~10 s)
    cargo build --release
    python3 tools/bench/big_files.py /tmp/bench-data [--runs 3]

Needs `ogr2ogr` (Debian: `apt-get install gdal-bin`) and GNU time (`/usr/bin/time`).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

FILES = ["synthetic_100k.geojson", "synthetic_1m_points.geojson"]


def measure(cmd):
    """Wall seconds and peak RSS (MB) of one run of `cmd`, from GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        full = ["/usr/bin/time", "-f", "%e %M", "-o", t.name] + cmd
        done = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            sys.exit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr[-2000:]}")
        wall, rss_kb = t.read().split()[-2:]
        return float(wall), int(rss_kb) / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", help="the folder make_data.py wrote")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--atlas", default="target/release/gba-atlas")
    args = ap.parse_args()
    if not shutil.which("ogr2ogr"):
        sys.exit("ogr2ogr not found: apt-get install gdal-bin")
    version = subprocess.run(["ogr2ogr", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{args.runs} runs each, medians; {version}; {os.cpu_count()} cores\n")
    print("| file | gba-atlas info | peak RSS | ogr2ogr -f Memory | peak RSS | time ratio | RSS ratio |")
    print("|---|---|---|---|---|---|---|")
    for name in FILES:
        path = os.path.join(args.dir, name)
        ours, gdal = [], []
        for _ in range(args.runs):
            ours.append(measure([args.atlas, "info", path]))
            gdal.append(measure(["ogr2ogr", "-f", "Memory", "/vsimem/out", path]))
        ot, orss = (statistics.median(x) for x in zip(*ours))
        gt, grss = (statistics.median(x) for x in zip(*gdal))
        size = os.path.getsize(path) / 1e6
        print(
            f"| {name} ({size:.0f} MB) | {ot:.2f} s | {orss:.0f} MB | {gt:.2f} s | {grss:.0f} MB "
            f"| {gt / ot:.1f}× faster | {orss / grss:.2f}× GDAL's |"
        )


if __name__ == "__main__":
    main()
