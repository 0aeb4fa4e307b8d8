"""Render quick PNG previews of the generated data (written outside the repository).

usage: python preview.py [OUT_DIR]   (default /tmp/gba-atlas-preview)
"""
from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import PathPatch  # noqa: E402
from matplotlib.path import Path as MPath  # noqa: E402
from shapely.geometry import shape  # noqa: E402

from common import DATA, read_fc  # noqa: E402

plt.rcParams["path.simplify"] = False
COLORS = {
    "guangzhou": "#e6194b", "shenzhen": "#3cb44b", "zhuhai": "#ffe119", "foshan": "#4363d8",
    "huizhou": "#f58231", "dongguan": "#911eb4", "zhongshan": "#46f0f0", "jiangmen": "#f032e6",
    "zhaoqing": "#bcf60c", "hong-kong": "#fabebe", "macao": "#008080",
}
VIEWS = {
    "region": (108.5, 118.5, 19.8, 26.5),
    "gba": (112.0, 115.5, 21.4, 24.4),
    "delta": (112.9, 113.9, 22.1, 23.2),
    "hk": (113.8, 114.45, 22.15, 22.6),
    "macao": (113.45, 113.65, 22.05, 22.25),
}


def polys_path(coords_list):
    verts, codes = [], []
    for poly in coords_list:
        for ring in poly:
            xy = np.asarray(ring)
            verts.extend(xy)
            codes += [MPath.MOVETO] + [MPath.LINETO] * (len(xy) - 2) + [MPath.CLOSEPOLY]
    return MPath(verts, codes)


def draw_polys(ax, coll, **kw):
    for f in coll["features"]:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        ax.add_patch(PathPatch(polys_path(polys), **kw))


def draw_lines(ax, coll, **kw):
    for f in coll["features"]:
        g = shape(f["geometry"])
        for line in getattr(g, "geoms", [g]):
            xy = np.asarray(line.coords)
            ax.plot(xy[:, 0], xy[:, 1], **kw)


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/gba-atlas-preview")
    out.mkdir(parents=True, exist_ok=True)
    land = read_fc(DATA / "basemap" / "land.geojson")
    water = read_fc(DATA / "basemap" / "water.geojson")
    rivers = read_fc(DATA / "basemap" / "rivers.geojson")
    bounds = read_fc(DATA / "basemap" / "boundaries.geojson")
    labels = read_fc(DATA / "basemap" / "labels.geojson")
    for lod in ("places/cities", "lod/cities.z9", "lod/cities.z7"):
        cities = read_fc(DATA / f"{lod}.geojson")
        for name, (x0, x1, y0, y1) in VIEWS.items():
            if lod != "places/cities" and name not in ("gba", "region"):
                continue
            w = 12
            fig, ax = plt.subplots(figsize=(w, w * (y1 - y0) / (x1 - x0) / np.cos(np.radians((y0 + y1) / 2))))
            ax.set_facecolor("#a9cce3")
            draw_polys(ax, land, fc="#efe9dc", ec="none")
            for f in cities["features"]:
                g = f["geometry"]
                ax.add_patch(PathPatch(polys_path(g["coordinates"]), fc=COLORS[f["id"]], alpha=0.35,
                                       ec="#333333", lw=0.5))
            draw_polys(ax, water, fc="#5d9bd5", ec="none")
            draw_lines(ax, rivers, color="#2e75b6", lw=0.8)
            for f in bounds["features"]:
                kind = f["properties"]["kind"]
                draw_lines(ax, {"features": [f]}, color="#7f7f7f" if kind == "city_boundary" else "#404040",
                           lw=0.5 if kind == "city_boundary" else 1.0,
                           ls="--" if kind == "city_boundary" else "-")
            for f in labels["features"]:
                x, y = f["geometry"]["coordinates"]
                ax.plot(x, y, "k.", ms=3)
                ax.text(x, y, f["properties"]["name_en"], fontsize=7, clip_on=True)
            for f in cities["features"]:
                if "label_at" in f["properties"]:
                    x, y = f["properties"]["label_at"]
                    ax.plot(x, y, "r+", ms=6)
                    ax.text(x, y, f["properties"]["name_en"], fontsize=8, color="darkred", clip_on=True)
            ax.set_xlim(x0, x1)
            ax.set_ylim(y0, y1)
            ax.set_aspect(1 / np.cos(np.radians((y0 + y1) / 2)))
            tag = lod.split("/")[-1].replace("cities.", "").replace("cities", "detail")
            fig.savefig(out / f"{name}_{tag}.png", dpi=90, bbox_inches="tight")
            plt.close(fig)
    print(f"previews in {out}")


if __name__ == "__main__":
    main()
