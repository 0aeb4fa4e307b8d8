"""Build the offline basemap in data/basemap/: land, water, rivers, boundaries, labels."""
from __future__ import annotations

import math

import numpy as np
import shapely
from shapely.ops import polylabel

from common import (DATA, GBA_BOX, REGION, SRC_CNMAPS, SRC_GEOMAPS, SRC_GSHHS, SRC_OSM_LAND, SRC_WDB,
                    area_km2, basemap_records, cnmaps_geom_gcj, cnmaps_index, feature, gcj_geom_to_wgs,
                    geom_json, geomaps_land, log, multipolygon, osm_land, to_deg, to_m, write_fc)

OUT = DATA / "basemap"
BOX = shapely.box(*REGION)

# ------------------------------------------------------------------ land ---
MIN_LAND_KM2 = 0.01


def grid_cells():
    x0, y0, x1, y1 = REGION
    cells = []
    for y in range(math.floor(y0), math.ceil(y1)):
        for x in range(math.floor(x0), math.ceil(x1)):
            c = shapely.box(max(x, x0), max(y, y0), min(x + 1, x1), min(y + 1, y1))
            cells.append(((x, y), c))
    return cells


def split_cells(g, props, force_multi=True):
    feats = []
    for _, cell in grid_cells():
        part = g.intersection(cell)
        part = multipolygon(shapely.set_precision(part, 1e-6))
        if part.is_empty:
            continue
        assert part.is_valid, shapely.is_valid_reason(part)
        feats.append(feature(geom_json(part, force_multi), dict(props)))
    return feats


def build_land(land):
    land = shapely.MultiPolygon([p for p in land.geoms if area_km2(p) >= MIN_LAND_KM2])
    return split_cells(land, {"kind": "land", "source": SRC_OSM_LAND + " (packaged simplified to ~0.0005°)"})


# ----------------------------------------------------------------- water ---
# GSHHG level-2 polygons (lakes, double-line rivers) kept by name. The other level-2 polygons in
# the region (ovals near 113.2E 23.2N, 113.2E 22.5N, 113.3E 22.1N, 111.9E 21.85N, 113.7E 23.13N)
# match no lake on OSM or on any map and are left out.
GSHHS_LAKES = {
    "180932": ("新丰江水库", "Xinfengjiang Reservoir"),
    "181754": ("鹤地水库", "Hedi Reservoir"),
    "187129": ("西江", "Xi Jiang"),
}
CONFIRM_M = 300.0      # a GSHHG channel counts where OSM (geo-maps) water is within this distance
OPEN_M = 40.0          # morphological opening removes slivers thinner than ~2x this
MIN_WATER_KM2 = 0.1
MIN_OSM_LAKE_KM2 = 1.0
WATER_TOL = 0.0003     # degrees
MAX_SEA_SHARE = 0.3
MIN_HOLE_VERTICES = 10


def _open(g, r):
    return g.buffer(-r, join_style="mitre").buffer(r, join_style="mitre").intersection(g)


def _parts_min(g, min_km2):
    return [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and p.area >= min_km2 * 1e6]


def gshhs_polys():
    lv = {1: [], 2: {}, 3: []}
    for typ, _, rid, b in basemap_records("gshhs"):
        p = shapely.make_valid(shapely.Polygon(b))
        if typ == 1:
            lv[1].append(p)
        elif typ == 2:
            lv[2][rid] = p
        elif typ == 3:
            lv[3].append(p)
    return shapely.union_all(lv[1]), lv[2], shapely.union_all(lv[3]) if lv[3] else shapely.Polygon()


def build_water(land):
    gm = geomaps_land()
    land_m = to_m(land)
    # OSM (geo-maps 2017) water inside today's OSM coastline: holes = inland water, plus channels
    gm_water = _open(land_m.difference(to_m(gm)), 60.0)
    gm_water = shapely.union_all(_parts_min(gm_water, 0.3))
    l1, l2, l3 = gshhs_polys()
    # 1. delta channels & estuaries: inside the OSM coast but outside the GSHHG coast, where OSM
    #    water confirms them (this drops land reclaimed since GSHHG was digitised).
    chan = land_m.difference(to_m(l1.intersection(BOX)))
    chan = chan.intersection(gm_water.buffer(CONFIRM_M))
    # Shapes that border the open sea along much of their outline are land reclaimed after both
    # sources were made (e.g. Hong Kong airport's third runway), not channels: drop them.
    coast = land_m.boundary.buffer(20.0)
    kept = []
    for p in _parts_min(_open(chan, OPEN_M), MIN_WATER_KM2):
        share = p.boundary.intersection(coast).length / p.boundary.length
        if share < MAX_SEA_SHARE:
            kept.append(p)
        elif p.area > 5e6:
            c = to_deg(p.representative_point())
            log(f"  not water (borders the sea along {share:.0%}): {p.area / 1e6:.1f} km2 at ({c.x:.3f}, {c.y:.3f})")
    chan = shapely.union_all(kept)
    feats_named = []
    named_union = []
    for rid, (zh, en) in GSHHS_LAKES.items():
        lake = to_m(l2[rid].difference(l3).intersection(BOX)).intersection(land_m)
        lake = lake.difference(chan)
        lake = shapely.union_all(_parts_min(lake, MIN_WATER_KM2))
        named_union.append(lake)
        g = multipolygon(shapely.set_precision(to_deg(lake).simplify(WATER_TOL), 1e-6))
        g = multipolygon(shapely.make_valid(g)) if not g.is_valid else g
        feats_named.append(feature(geom_json(g), {"kind": "water", "source": SRC_GSHHS, "name_zh": zh,
                                                  "name_en": en}))
    known = shapely.union_all([chan] + named_union)
    # 2. other OSM water bodies (reservoirs, lakes, river reaches) of at least 1 km2: holes of the
    #    geo-maps land polygons. Holes with fewer than 10 vertices are left out: they are the
    #    triangles left where geo-maps simplified clusters of ponds, not real outlines.
    holes = [shapely.Polygon(r) for p in gm.geoms for r in p.interiors if len(r.coords) >= MIN_HOLE_VERTICES]
    holes_m = shapely.union_all([to_m(h) for h in holes]).intersection(land_m)
    osm_lakes = [p for p in _parts_min(_open(holes_m, 60.0), MIN_OSM_LAKE_KM2)
                 if p.intersection(known.buffer(CONFIRM_M)).area < 0.2 * p.area]
    osm_lakes = shapely.union_all(osm_lakes).difference(known)
    osm_lakes = shapely.union_all(_parts_min(osm_lakes, MIN_WATER_KM2))
    log(f"water: channels {chan.area / 1e6:.0f} km2, named lakes/rivers "
        f"{sum(g.area for g in named_union) / 1e6:.0f} km2, other OSM water {osm_lakes.area / 1e6:.0f} km2")
    feats = []
    for g, src in ((chan, SRC_GSHHS + ", confirmed by " + SRC_GEOMAPS), (osm_lakes, SRC_GEOMAPS)):
        gd = to_deg(g).simplify(WATER_TOL)
        gd = multipolygon(shapely.make_valid(gd))
        feats += split_cells(gd, {"kind": "water", "source": src})
    return feats_named + feats


# ---------------------------------------------------------------- rivers ---
RIVER_NAMES = [
    # (WDB record ids forming one river, name_zh, name_en)
    (("11132", "11235", "11234"), "北江", "Bei Jiang"),
    (("4930", "4929"), "东江", "Dong Jiang"),
    (("19593",), "流溪河", "Liuxi He"),
    (("19591",), "绥江", "Sui Jiang"),
    (("19529",), "连江", "Lian Jiang"),
]
XIJIANG_RECORD = "17"          # WDB double-line outline of the Xi Jiang (a closed ring)
WUZHOU_LON = 111.30            # the river is called Xi Jiang from Wuzhou downstream
RIVER_TOL = 0.0005


def xijiang_centreline(ring):
    """Centre line of a double-line river given as one closed ring: split the ring at its upstream
    (westmost) and downstream (eastmost) ends into two banks, then take midpoints between points
    of one bank and their nearest points on the other."""
    ring = np.asarray(ring)[:-1]
    i_up, i_dn = int(np.argmin(ring[:, 0])), int(np.argmax(ring[:, 0]))
    a, b = sorted((i_up, i_dn))
    bank1 = shapely.LineString(ring[a:b + 1])
    bank2 = shapely.LineString(np.vstack([ring[b:], ring[:a + 1]]))
    n = int(bank1.length / 0.002) + 2
    mids = []
    for t in np.linspace(0, 1, n):
        p = bank1.interpolate(t, normalized=True)
        q = bank2.interpolate(bank2.project(p))
        mids.append(((p.x + q.x) / 2, (p.y + q.y) / 2))
    line = shapely.LineString(mids)
    if line.coords[0][0] > line.coords[-1][0]:
        line = line.reverse()
    return line.simplify(RIVER_TOL)


def build_rivers():
    recs = {rid: b for _, _, rid, b in basemap_records("rivers")}
    feats = []
    used = {XIJIANG_RECORD}
    outline = shapely.Polygon(recs[XIJIANG_RECORD])
    centre = xijiang_centreline(recs[XIJIANG_RECORD])
    inside = centre.intersection(outline.buffer(0.0005)).length / centre.length
    log(f"Xi Jiang centre line: {centre.length:.2f} deg, {inside:.1%} inside its outline")
    assert inside > 0.97
    west = centre.intersection(shapely.box(REGION[0], REGION[1], WUZHOU_LON, REGION[3]))
    east = centre.intersection(shapely.box(WUZHOU_LON, REGION[1], REGION[2], REGION[3]))
    src17 = SRC_WDB + " (centre line derived from the double-line outline)"
    feats.append(feature(geom_json(shapely.line_merge(east)),
                         {"kind": "river", "source": src17, "name_zh": "西江", "name_en": "Xi Jiang"}))
    if not west.is_empty:
        feats.append(feature(geom_json(shapely.line_merge(west)), {"kind": "river", "source": src17}))
    for ids, zh, en in RIVER_NAMES:
        lines = [shapely.LineString(recs[i]) for i in ids]
        used.update(ids)
        g = shapely.line_merge(shapely.union_all(lines)).intersection(BOX).simplify(RIVER_TOL)
        feats.append(feature(geom_json(g), {"kind": "river", "source": SRC_WDB, "name_zh": zh, "name_en": en}))
    for rid in sorted(recs, key=int):
        if rid in used:
            continue
        g = shapely.LineString(recs[rid]).intersection(BOX).simplify(RIVER_TOL)
        if g.is_empty or g.length < 0.02:
            continue
        for part in shapely.get_parts(g):
            if part.geom_type == "LineString" and part.length >= 0.02:
                feats.append(feature(geom_json(part), {"kind": "river", "source": SRC_WDB}))
    return feats


# ------------------------------------------------------------ boundaries ---
PROVINCES = [
    ("440000", "广东", "Guangdong"), ("450000", "广西", "Guangxi"), ("430000", "湖南", "Hunan"),
    ("360000", "江西", "Jiangxi"), ("350000", "福建", "Fujian"), ("460000", "海南", "Hainan"),
    ("810000", "香港", "Hong Kong"), ("820000", "澳门", "Macao"),
]
GD_OTHER_CITIES = [
    ("440200", "韶关", "Shaoguan"), ("440500", "汕头", "Shantou"), ("440800", "湛江", "Zhanjiang"),
    ("440900", "茂名", "Maoming"), ("441400", "梅州", "Meizhou"), ("441500", "汕尾", "Shanwei"),
    ("441600", "河源", "Heyuan"), ("441700", "阳江", "Yangjiang"), ("441800", "清远", "Qingyuan"),
    ("445100", "潮州", "Chaozhou"), ("445200", "揭阳", "Jieyang"), ("445300", "云浮", "Yunfu"),
]
GD_GBA_CITIES = [
    ("440100", "广州", "Guangzhou"), ("440300", "深圳", "Shenzhen"), ("440400", "珠海", "Zhuhai"),
    ("440600", "佛山", "Foshan"), ("441300", "惠州", "Huizhou"), ("441900", "东莞", "Dongguan"),
    ("442000", "中山", "Zhongshan"), ("440700", "江门", "Jiangmen"), ("441200", "肇庆", "Zhaoqing"),
]
BOUNDARY_TOL = 0.0005


def shared_edges(units, tol):
    """{(i, j): line} for units forming a coverage, after coverage simplification."""
    geoms = [g for _, g in units]
    if not shapely.coverage_is_valid(geoms):
        log("  (boundary units are not an exact coverage; shared edges taken with a 1e-7 deg snap)")
    simp = shapely.coverage_simplify(geoms, tol, simplify_boundary=False)
    out = {}
    tree = shapely.STRtree(simp)
    for i, gi in enumerate(simp):
        for j in sorted(tree.query(gi, predicate="intersects")):
            if j <= i:
                continue
            e = shapely.line_merge(shapely.intersection(gi.boundary, simp[j].boundary, grid_size=None))
            lines = [p for p in shapely.get_parts(e) if p.geom_type == "LineString" and p.length > 1e-6]
            if lines:
                out[(i, j)] = shapely.line_merge(shapely.MultiLineString(lines))
    return out


def build_boundaries():
    feats = []
    from cities import um_campus_gcj

    campus = um_campus_gcj()  # moved from Guangdong (Zhuhai) to Macao, as in the city layer
    raw = {c: cnmaps_geom_gcj(c) for c, _, _ in PROVINCES}
    raw["440000"] = raw["440000"].difference(campus)
    raw["820000"] = raw["820000"].union(campus)
    prov = [(c, gcj_geom_to_wgs(raw[c])) for c, _, _ in PROVINCES]
    names = {c: (zh, en) for c, zh, en in PROVINCES}
    for (i, j), line in sorted(shared_edges(prov, BOUNDARY_TOL).items()):
        a, b = prov[i][0], prov[j][0]
        line = shapely.set_precision(line.intersection(BOX), 1e-6)
        if line.is_empty:
            continue
        feats.append(feature(geom_json(line), {
            "kind": "province_boundary", "source": SRC_CNMAPS,
            "name_zh": f"{names[a][0]}—{names[b][0]}", "name_en": f"{names[a][1]} – {names[b][1]}"}))
    cities = GD_OTHER_CITIES + GD_GBA_CITIES
    cgeoms = [(c, gcj_geom_to_wgs(cnmaps_geom_gcj(c) if c != "440400" else
                                  cnmaps_geom_gcj(c).difference(campus))) for c, _, _ in cities]
    cnames = {c: (zh, en) for c, zh, en in cities}
    other = {c for c, _, _ in GD_OTHER_CITIES}
    for (i, j), line in sorted(shared_edges(cgeoms, BOUNDARY_TOL).items()):
        a, b = cgeoms[i][0], cgeoms[j][0]
        if a not in other and b not in other:
            continue  # both in the GBA: drawn by the city layer
        line = shapely.set_precision(line, 1e-6)
        feats.append(feature(geom_json(line), {
            "kind": "city_boundary", "source": SRC_CNMAPS,
            "name_zh": f"{cnames[a][0]}—{cnames[b][0]}", "name_en": f"{cnames[a][1]} – {cnames[b][1]}"}))
    return feats


# ---------------------------------------------------------------- labels ---
SEA_LABELS = [
    # placed by hand in open water; checked below to be off land
    ((114.90, 21.30), "南海", "South China Sea"),
    ((113.78, 22.36), "珠江口", "Pearl River Estuary"),
]
SEA_ALT = {"珠江口": ("伶仃洋", "Lingding Yang")}


def label_at(g):
    g = g.intersection(BOX)
    big = max(shapely.get_parts(g), key=lambda p: p.area)
    p = polylabel(big, tolerance=1e-3)
    return shapely.Point(round(p.x, 4), round(p.y, 4))


def build_labels(land):
    feats = []
    for code, zh, en in PROVINCES:
        if code in ("810000", "820000"):
            continue  # the GBA city layer labels Hong Kong and Macao
        p = label_at(gcj_geom_to_wgs(cnmaps_geom_gcj(code)))
        feats.append(feature(geom_json(p), {"kind": "province_label",
                                             "source": SRC_CNMAPS + " (polylabel inside the region)",
                                             "name_zh": zh, "name_en": en}))
    for code, zh, en in GD_OTHER_CITIES:
        p = label_at(gcj_geom_to_wgs(cnmaps_geom_gcj(code)))
        feats.append(feature(geom_json(p), {"kind": "city_label", "source": SRC_CNMAPS + " (polylabel)",
                                            "name_zh": zh, "name_en": en}))
    for (x, y), zh, en in SEA_LABELS:
        pt = shapely.Point(x, y)
        assert not land.intersects(pt.buffer(0.02)), (zh, "too close to land")
        props = {"kind": "sea_label", "source": "placed by gba-atlas in open water", "name_zh": zh,
                 "name_en": en}
        if zh in SEA_ALT:
            props["alt_name_zh"], props["alt_name_en"] = SEA_ALT[zh]
        feats.append(feature(geom_json(pt), props))
    return feats


def main():
    land = osm_land()
    write_fc(OUT / "land.geojson", build_land(land))
    write_fc(OUT / "water.geojson", build_water(land))
    write_fc(OUT / "rivers.geojson", build_rivers())
    write_fc(OUT / "boundaries.geojson", build_boundaries())
    write_fc(OUT / "labels.geojson", build_labels(land))


if __name__ == "__main__":
    main()
