"""English scene templates, cross-department and duplicate-need templates, and the phrases
that make up a scene's constraints; slots as in ``scene_texts`` (plus ``{district_en}`` and
``{city_en}`` for English)."""

from __future__ import annotations

from scenehub.demo.model import STAGE_EARLY, STAGE_SCALE
from scenehub.demo.scene_texts import NeedTemplate

ENGLISH = {
    "policing": NeedTemplate(
        "Night-time video patrol analytics in {district_en}",
        "About {n:300-900} public cameras cover the night-time economy streets of "
        "{district_en}, where {n:20-60} thousand people gather on summer evenings.",
        "Officers review footage after the fact: crowding, fights and illegal parking are "
        "noticed late, and manual patrols cover under {n:15-30}% of cameras.",
        "Video analytics (object detection, video structuring) that flags crowding, fights and "
        "wrong-way riding in real time with under {n:5-10}% false alarms, reusing the cameras.",
        "Streams from {n:50-150} cameras inside the police video network and an edge server room.",
        ("T.cv", "F.compute"),
    ),
    "planning": NeedTemplate(
        "Automated compliance checking of BIM building submissions in {city_en}",
        "{city_en} receives about {n:1500-3000} building submissions a year; BIM submissions "
        "have been mandatory for large projects since {prev_year}.",
        "Planners check floor-area ratio, setbacks and sunlight rules by hand, which takes "
        "{n:5-10} working days per project.",
        "Automatic checking of {n:20-40} planning indicators on BIM models, with a large "
        "language model reading the planning code, cutting review time by half.",
        "{n:200-800} past BIM submissions, the planning code and the approval system's API.",
        ("T.llm", "F.data"),
    ),
    "city_management": NeedTemplate(
        "Street problem detection from inspection vehicles in {district_en}",
        "{district_en} runs {n:10-30} street-inspection vehicles a day over about "
        "{n:200-600} km of roads.",
        "Inspectors photograph problems by hand; overflowing bins, dumped waste and damaged "
        "signs are reported late or not at all.",
        "Vehicle-mounted cameras with edge computing that recognise {n:15-30} kinds of street "
        "problems and file them to the city brain with a location.",
        "Permission to fit {n:5-10} inspection vehicles; access to the city-management platform.",
        ("T.cv", "F.compute"),
    ),
    "culture": NeedTemplate(
        "Multilingual AI tour guide for the scenic areas of {district_en}",
        "The scenic areas of {district_en} receive about {n:5-20} million visitors a "
        "year, {n:3-8}% of them from abroad.",
        "Human guides reach fewer than {n:10-20}% of visitors and few speak languages other "
        "than English; audio guides are static and out of date.",
        "A large-model tour guide with speech recognition and synthesis in at least {n:5-10} "
        "languages, personalised routes and crowd-aware recommendations.",
        "Commentary for {n:50-150} points of interest, ticketing and visitor-flow data.",
        ("T.llm", "T.speech"),
    ),
    "transport": NeedTemplate(
        "Adaptive traffic signal control on an arterial road in {district_en}",
        "The pilot corridor is about {n:3-12} km long with {n:10-40} signalised junctions and "
        "{n:2000-5000} vehicles in the peak hour.",
        "Fixed signal plans leave peak-hour speeds below {n:15-22} km/h, and queues spill back "
        "across junctions.",
        "Traffic-flow prediction and adaptive signal timing (green waves) that cut peak travel "
        "time on the corridor by {n:10-20}%.",
        "Signal controller interfaces, loop and camera counts, {n:3-12} months of flow data.",
        ("T.llm", "F.data"),
    ),
    "environment": NeedTemplate(
        "Noise source localisation along busy roads in {district_en}",
        "{district_en} receives about {n:2000-6000} night-time noise complaints a "
        "year, many about modified cars and night-time construction.",
        "Noise sources are hard to locate and to prove, so the same complaints come back.",
        "Acoustic cameras and sound classification that locate noise sources and link to "
        "traffic cameras for enforcement, attributing at least {n:85-95}% correctly.",
        "{n:5-15} roadside sites and access to traffic camera records.",
        ("T.speech", "T.cv"),
    ),
    "health": NeedTemplate(
        "AI pre-consultation for the international clinic of a {city_en} municipal hospital",
        "The international clinic sees about {n:20-60} thousand foreign patients a year who "
        "speak more than {n:10-20} languages.",
        "Interpreters are scarce and telephone triage is slow; about {n:8-15}% of patients "
        "book the wrong department.",
        "A multilingual large-model assistant for pre-consultation and triage with speech "
        "input, producing a structured history for the doctor.",
        "De-identified consultation records and the hospital's appointment system API.",
        ("T.llm", "T.speech"),
    ),
    "education": NeedTemplate(
        "AI speaking tutor for English classes in {district_en} middle schools",
        "About {n:3-8} thousand students in {district_en} take the oral English exam each year.",
        "Students get little speaking practice with feedback, and teachers' scores vary.",
        "Pronunciation and fluency scoring based on speech recognition, with an AI "
        "conversation partner that agrees with human raters at least {n:90-95}% of the time.",
        "De-identified recordings of past oral exams and {n:5-10} pilot schools.",
        ("T.speech", "T.llm"),
    ),
    "elderly_care": NeedTemplate(
        "Fall detection for older people living alone in {district_en}",
        "About {n:3-9} thousand people over 80 live alone in {district_en}.",
        "Falls at home are often found hours later; community workers visit once or twice a "
        "month at most.",
        "Privacy-preserving fall detection (mmWave radar or on-device vision) that alerts "
        "family and the community centre, with under {n:3-8}% false alarms.",
        "{n:200-800} volunteer households and the home-care service platform.",
        ("T.cv", "F.data"),
    ),
    "emergency": NeedTemplate(
        "Flood early warning for road underpasses in {district_en}",
        "{district_en} has {n:10-30} road underpasses and {n:30-90} flood-prone spots; "
        "short, intense storms are frequent in the plum-rain and typhoon seasons.",
        "Flooding is noticed by patrols or citizens, giving less than {n:10-30} minutes of "
        "warning.",
        "Flood forecasting from rainfall, drainage levels and camera images that warns "
        "{n:1-2} hours ahead and estimates water depth within {n:5-10} cm.",
        "Data from {n:50-150} water-level sensors, weather radar feeds and underpass cameras.",
        ("T.llm", "T.cv"),
    ),
}

# (department key, domain, template): cross-cutting needs of departments that own no domain.
CROSS_DEPARTMENT = (
    (
        "data_bureau",
        "city_management",
        NeedTemplate(
            "{city}公共数据{智能治理|质量智能检测}",
            "全市公共数据平台归集{n:50-90}个部门数据约{n:300-800}亿条，支撑城市大脑{n:30-80}个应用场景。",
            "数据重复、缺失、口径不一，字段含义靠人工梳理，问题数据多由业务部门事后反馈。",
            "基于大模型的数据治理：自动识别字段含义、发现质量问题、生成数据标准映射，并提供数据标注和数据清洗工具。",
            "公共数据平台测试环境、约{n:200-600}张样例数据表。",
            ("F.data", "T.llm"),
        ),
    ),
    (
        "data_bureau",
        "transport",
        NeedTemplate(
            "{city}交通出行公共数据{授权运营|开发利用}",
            "公共数据授权运营已开放交通出行类数据集约{n:20-60}个，日均调用约{n:5-30}万次。",
            "数据开发利用程度低，数据产品少，企业获取数据门槛高。",
            "基于隐私计算的交通出行数据产品：通勤画像、客流OD分析，做到数据可用不可见。",
            "授权运营平台、脱敏交通数据集、智算中心算力资源。",
            ("F.data", "F.compute"),
        ),
    ),
    (
        "finance",
        "elderly_care",
        NeedTemplate(
            "{city}养老服务补贴资金{智能审核|智能稽核}",
            "全市每年发放养老服务补贴资金约{n:3-8}亿元，惠及老人约{n:10-25}万人。",
            "补贴资格人工审核，跨部门比对慢，存在重复享受、死亡未停发等问题。",
            "基于多部门数据比对与大模型规则引擎的补贴资金智能审核，疑点识别准确率不低于{n:90-95}%。",
            "补贴发放数据、民政和卫健比对数据（脱敏）。",
            ("T.llm", "F.data"),
        ),
    ),
    (
        "finance",
        "education",
        NeedTemplate(
            "{city}学生资助对象{精准认定|智能识别}",
            "全市每年资助家庭经济困难学生约{n:2-5}万人次，资助资金约{n:1-3}亿元。",
            "困难认定依赖学生申报和班主任评议，隐私保护不足，认定精准度不够。",
            "多源数据比对的资助对象精准认定模型，学生无感申请，数据经隐私计算处理。",
            "资助发放数据、低保和特困人员数据接口（脱敏）。",
            ("F.data", "T.llm"),
        ),
    ),
    (
        "miit",
        "emergency",
        NeedTemplate(
            "{district}工业企业安全生产{AI监管|智能巡检}",
            "{district}规上工业企业约{n:500-1500}家，其中粉尘涉爆、有限空间作业企业约{n:50-200}家。",
            "企业安全生产隐患依靠人工检查，监管人员人均联系企业超过{n:50-100}家。",
            "厂区视频AI识别未佩戴防护用品、违规动火、通道堵塞等隐患，并与安全生产监管平台联动。",
            "{n:20-60}家试点企业视频接入、监管平台接口。",
            ("T.cv", "F.data"),
        ),
    ),
)

# Pairs of (domain, template): the same need written up by two departments for one place.
DUPLICATE_NEEDS = (
    (
        (
            "city_management",
            NeedTemplate(
                "{district}河道{无人机|低空}智能巡查",
                "{district}有城市河道约{n:100-300}条、总长约{n:300-900}公里，全面实行河长制日常巡河。",
                "人工巡河每周{n:1-2}次，漂浮物、岸线违建、非法排口发现不及时。",
                "无人机自动巡河结合图像识别，发现漂浮物、岸线违建和排口异常，自动派单至河长。",
                "河道台账、{n:3-8}处起降点位。",
                ("E.drone", "T.cv"),
            ),
        ),
        (
            "emergency",
            NeedTemplate(
                "{district}汛期河道堤防无人机巡查",
                "{district}有重要堤防约{n:50-200}公里，汛期须每日巡堤查险。",
                "人工巡堤强度大、夜间困难，管涌、渗漏、漫堤隐患发现滞后。",
                "利用无人机航测与红外影像AI识别堤防管涌、渗漏、岸坡滑塌，汛期每日全线巡查河道堤防。",
                "堤防台账、起降点位、防汛指挥平台接口。",
                ("E.drone", "T.cv"),
            ),
        ),
    ),
    (
        (
            "transport",
            NeedTemplate(
                "{district}道路病害{AI巡检|智能识别}",
                "{district}管养城市道路约{n:500-1500}公里。",
                "坑槽、裂缝依靠人工巡查发现，平均修复周期{n:5-15}天。",
                "车载视频自动识别坑槽、裂缝、标线磨损，定位精度不超过{n:3-5}米，自动生成养护工单。",
                "道路养护车辆{n:3-8}辆、道路台账。",
                ("T.cv",),
            ),
        ),
        (
            "city_management",
            NeedTemplate(
                "{district}市政道路设施{智能巡检|病害识别}",
                "{district}城管部门负责养护的市政道路和人行道约{n:300-1000}公里。",
                "路面破损、人行道板松动、井盖缺失主要靠市民投诉和人工巡查发现。",
                "利用巡查车辆视频自动识别路面破损和设施病害，定位上报并派单。",
                "巡查车辆、数字城管平台接口。",
                ("T.cv", "F.compute"),
            ),
        ),
    ),
    (
        (
            "elderly_care",
            NeedTemplate(
                "{district}{street}独居老人居家安全{智能监护|监测}",
                "{street}有独居、空巢老人约{n:800-3000}人。",
                "老人在家跌倒或突发疾病，常常数小时后才被发现。",
                "居家安全监护：跌倒检测、燃气和用水异常监测，异常情况自动通知家属和社区。",
                "{n:200-600}户试点家庭、社区养老服务平台。",
                ("T.cv", "F.data"),
            ),
        ),
        (
            "health",
            NeedTemplate(
                "{district}{street}居家老人健康异常监测",
                "{street}社区卫生服务中心签约管理居家老人约{n:2000-6000}人。",
                "居家老人突发疾病和跌倒难以及时发现，家庭医生上门频次有限。",
                "居家健康异常监测：跌倒检测、生命体征异常识别，自动推送至家庭医生和家属。",
                "家庭医生签约数据、{n:200-600}户试点家庭。",
                ("F.data", "T.cv"),
            ),
        ),
    ),
    (
        (
            "policing",
            NeedTemplate(
                "{district}{street}高空抛物智能取证",
                "{street}有高层住宅小区约{n:20-60}个。",
                "高空抛物取证难、追责难，{prev_year}年辖区相关警情约{n:30-120}起。",
                "仰拍摄像头结合轨迹追踪算法识别高空抛物并回溯楼层，形成完整证据链。",
                "{n:5-15}个试点小区的视频接入。",
                ("T.cv",),
            ),
        ),
        (
            "city_management",
            NeedTemplate(
                "{district}{street}高空抛物监测预警",
                "{street}有高层住宅约{n:300-900}幢，物业投诉中高空抛物类占比约{n:5-15}%。",
                "高空抛物威胁行人安全，事后难以找到责任人。",
                "高空抛物视频监测，识别抛物轨迹并定位楼层，实时预警至物业和社区。",
                "试点小区、物业配合安装。",
                ("T.cv", "F.data"),
            ),
        ),
    ),
    (
        (
            "planning",
            NeedTemplate(
                "{district}地下管线安全{智能监测|风险感知}",
                "{district}有供水、燃气、排水等地下管线约{n:3000-8000}公里。",
                "施工破坏和老化泄漏难以及时发现，管线数据更新滞后。",
                "地下管线监测预警：泄漏、沉降和第三方施工破坏识别，与城市信息模型CIM联动。",
                "管线普查数据、{n:10-30}公里试点管段。",
                ("F.data", "T.llm"),
            ),
        ),
        (
            "emergency",
            NeedTemplate(
                "{district}燃气管网泄漏{监测预警|智能感知}",
                "{district}燃气管网约{n:1000-3000}公里，老旧管网约占{n:15-30}%。",
                "燃气泄漏主要靠人工巡检和用户报警，爆燃风险高。",
                "燃气泄漏监测终端与AI预警模型，实现泄漏早发现、快定位、自动告警。",
                "燃气管网GIS数据、{n:10-30}公里试点管段。",
                ("F.data", "T.llm"),
            ),
        ),
    ),
)

# Openings of a background; the empty ones keep most backgrounds plain.
OPENERS_ZH = (
    "",
    "",
    "",
    "为落实{city}人工智能场景开放工作部署，",
    "随着城市大脑建设深入推进，",
    "按照数字化改革总体要求，",
    "为加快培育新质生产力、推动人工智能赋能城市治理，",
)
OPENERS_EN = ("", "", "The scene is part of {city_en}'s programme of opening public scenes to AI. ")

# Where an on-premise system has to run, by domain.
PREMISES_ZH = {"policing": "公安信息网", "health": "院内机房", "emergency": "应急专网"}
PREMISES_EN = {
    "policing": "on the police network",
    "health": "on the hospital's own servers",
    "emergency": "on the emergency network",
}
DEFAULT_PREMISES_ZH = "政务云"
DEFAULT_PREMISES_EN = "in the government cloud"

CONSTRAINTS_ZH = (
    "须符合网络安全等级保护三级要求",
    "涉及个人信息的数据须脱敏处理，符合《个人信息保护法》要求",
    "鼓励以联合体形式揭榜",
    "试点成效经第三方评估后，优先纳入全市推广清单",
    "须提供不少于{n:1-3}年免费运维服务",
    "核心算法须具备自主知识产权",
    "须完成国产操作系统和数据库适配（信创）",
    "须在签约后{n:2-6}周内完成试点部署",
)
CONSTRAINTS_EN = (
    "the system must meet level-3 cybersecurity protection (MLPS 2.0)",
    "personal data must be de-identified under the Personal Information Protection Law",
    "consortium bids are welcome",
    "pilots that pass an independent evaluation are first in line for city-wide roll-out",
    "free maintenance for at least {n:2-3} years is expected",
)

# What a scene's stage preference adds to its constraints ("any" adds nothing).
STAGE_ZH = {
    STAGE_EARLY: "欢迎初创团队揭榜，可提供首台（套）应用验证机会",
    STAGE_SCALE: "揭榜单位须具备不少于{n:2-3}个同类项目落地案例",
}
STAGE_EN = {
    STAGE_EARLY: "start-ups are welcome: the pilot can be their first deployment",
    STAGE_SCALE: "bidders need at least {n:2-3} comparable deployments",
}
