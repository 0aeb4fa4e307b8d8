"""How the shapes of Qianhai, Hengqin, the Loop and the Shekou block were derived (issue 9).

Prints each derived geometry as a GeoJSON Feature on stdout, with its area. It never writes
data/: the places files are the truth, edited by hand or in the app. To use a shape, paste its
geometry into the feature (or compare it with what the file has). Not run by build.sh.

    python zone_shapes.py [qianhai|shekou|hengqin|loop ...]
"""
from __future__ import annotations

import json
import sys

import numpy as np
import shapely
from shapely.geometry import Point, Polygon, box, shape

from common import (DATA, area_km2, basemap_records, cnmaps_geom_gcj, gcj_geom_to_wgs, geom_json,
                    multipolygon, osm_land, to_deg, to_m)


def city(cid):
    with open(DATA / "places" / "cities.geojson", encoding="utf-8") as f:
        return next(shape(x["geometry"]) for x in json.load(f)["features"] if x["id"] == cid)


def gshhs_land(bbox):
    """GSHHG full-resolution level-1 land polygons in bbox: the shoreline before the recent
    reclamation."""
    parts = []
    for typ, _, _, b in basemap_records("gshhs", bbox):
        if typ != 1:
            continue
        p = Polygon(b)
        p = p if p.is_valid else p.buffer(0)
        p = p.intersection(box(*bbox))
        if not p.is_empty:
            parts.append(p)
    return parts


def fit(make, target_km2, lo, hi, increasing=True):
    """Bisection on one parameter until make(x) has the target area."""
    for _ in range(40):
        mid = (lo + hi) / 2
        small = area_km2(make(mid)) < target_km2
        if small == increasing:
            lo = mid
        else:
            hi = mid
    return make(hi)


def largest(g):
    return max((p for p in shapely.get_parts(g) if p.geom_type == "Polygon"), key=lambda p: p.area)


def qianhai():
    """The 2010 zone (14.92 km²): the land reclaimed east of Qianhai Bay (OSM land minus the older
    GSHHG shoreline), in Nanshan district, north of a line at ~22.4975°N for Mawan Avenue,
    widened inland to stand for the strip up to Yueliangwan Avenue until the area is 14.92 km²."""
    bbox = (113.84, 22.46, 113.96, 22.58)
    land = osm_land(bbox)
    nanshan = multipolygon(gcj_geom_to_wgs(cnmaps_geom_gcj("440305")))
    reclaimed = land.difference(shapely.union_all(gshhs_land(bbox))).intersection(nanshan)
    s = 22.4975
    cut = Polygon([(113.84, s + 0.008), (113.877, s), (113.92, s), (113.92, 22.56), (113.84, 22.56)])
    base = nanshan.intersection(land).intersection(cut)
    core = to_m(largest(reclaimed.intersection(cut).buffer(0)))
    return fit(lambda d: largest(to_deg(core.buffer(d)).intersection(base)), 14.92, 0, 1500).simplify(0.00008)


def shekou():
    """The Shekou block of the free trade zone (13.2 km²): Nanshan's land south of the parallel
    that leaves that area, without Qianhai."""
    land = osm_land((113.84, 22.44, 113.96, 22.56))
    nanshan = multipolygon(gcj_geom_to_wgs(cnmaps_geom_gcj("440305"))).intersection(land)
    qh = qianhai().buffer(0.00001)

    def south_of(lat):
        g = nanshan.intersection(box(113.84, 22.44, 113.96, lat)).difference(qh)
        return shapely.MultiPolygon([p for p in shapely.get_parts(g)
                                     if p.geom_type == "Polygon" and area_km2(p) > 0.05])
    return fit(south_of, 13.2, 22.46, 22.52)


def hengqin():
    """Hengqin island: OSM land in Zhuhai (so without the University of Macau campus), cut from the
    mainland 500 m off the mainland's GSHHG shoreline (the Maliuzhou channel), within a box that
    keeps the west shore on the OSM coast."""
    bbox = (113.38, 22.02, 113.62, 22.26)
    mainland = [p for p in gshhs_land(bbox) if p.bounds[1] > 22.15 and p.bounds[3] > 22.17]
    land = to_m(osm_land(bbox))
    g = (land.intersection(to_m(city("zhuhai")))
         .intersection(to_m(box(113.435, 22.0, 113.6, 22.1715)))
         .difference(to_m(shapely.union_all(mainland)).buffer(500)))
    at = to_m(Point(113.50, 22.12))
    return to_deg(next(p for p in shapely.get_parts(g) if p.contains(at))).simplify(0.0001)


def loop():
    """The Lok Ma Chau Loop (0.87 km²): Hong Kong's bulge south of the straightened Shenzhen River,
    closed by an arc for the old meander between its ends, sagging until the area is 0.87 km²."""
    hk = multipolygon(gcj_geom_to_wgs(cnmaps_geom_gcj("810000")))
    w, e = (114.0578, 22.5113), (114.0792, 22.5152)

    def lens(sag):
        t = np.linspace(0, 1, 41)
        arc = list(zip(w[0] + (e[0] - w[0]) * t, w[1] + (e[1] - w[1]) * t - sag * np.sin(np.pi * t)))
        return largest(hk.intersection(Polygon(arc + [(e[0], 22.53), (w[0], 22.53)])))
    return fit(lens, 0.87, 0, 0.01)


SHAPES = {"qianhai": qianhai, "shekou": shekou, "hengqin": hengqin, "loop": loop}


def main(names):
    for name in names or SHAPES:
        g = shapely.set_precision(SHAPES[name](), 1e-6)
        assert g.is_valid
        print(json.dumps({"type": "Feature", "id": name, "geometry": geom_json(g),
                          "properties": {"area_km2": round(area_km2(g), 2)}}, separators=(",", ":")))


if __name__ == "__main__":
    main(sys.argv[1:])
