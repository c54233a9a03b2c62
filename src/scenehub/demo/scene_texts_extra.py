"""English scene templates, cross-department and duplicate-need templates, and the phrases
that make up a scene's constraints; slots as in ``scene_texts`` (plus ``{district_en}`` and
``{city_en}`` for English).

The English scenes are written the way an officer who writes English would put the problem
to a firm, not as translations of the Chinese keyword lists.
"""

from __future__ import annotations

from scenehub.demo.model import STAGE_EARLY, STAGE_SCALE
from scenehub.demo.scene_texts import NeedTemplate

ENGLISH = {
    "policing": NeedTemplate(
        "Spotting trouble early on the night-time streets of {district_en}",
        "{About {n:300-900} public cameras cover the night-time economy streets of "
        "{district_en}, where {n:20-60} thousand people gather on summer evenings, a growing "
        "public safety concern."
        "|On summer evenings up to {n:20-60} thousand people fill the night markets and bar "
        "streets of {district_en}, and policing them relies on about {n:300-900} public "
        "cameras, most of them installed more than five years ago.}",
        "{Officers review footage after the fact: crowding, fights and illegal parking are "
        "noticed late, and manual patrols of the screens cover under {n:15-30}% of cameras."
        "|One duty officer watches dozens of screens, so fewer than {n:15-30}% of the cameras "
        "are looked at in any hour. Most fights and dangerous crowding reach us only when "
        "someone calls 110.}",
        "{We want crowding, fights or wrong-way riding to reach the duty officer while they "
        "are happening, not after a 110 call, with false alarms below {n:5-10}%. The cameras "
        "we already have must be reused."
        "|The goal is to learn about crowding, fights and wrong-way riding within seconds and "
        "to send officers before things escalate. Fewer than {n:5-10}% of alerts may be false, "
        "and replacing the existing cameras is not an option.}",
        "Streams from {n:50-150} cameras inside the police video network and an edge server room.",
        ("T.cv", "F.compute"),
    ),
    "planning": NeedTemplate(
        "Faster review of BIM building submissions in {city_en}",
        "{city_en} receives about {n:1500-3000} building submissions a year; BIM submissions "
        "have been mandatory for large projects since {prev_year}."
        "{ Submissions keep rising by about {n:5-15}% a year.|}",
        "{Planners check floor-area ratio, setbacks and sunlight rules by hand, which takes "
        "{n:5-10} working days per project."
        "|Each submission takes a planner {n:5-10} working days of checking floor-area ratios, "
        "setbacks and sunlight by hand, and applicants complain that two planners rarely read "
        "a clause the same way.}",
        "{We want planners to spend their time on judgement rather than arithmetic: the "
        "{n:20-40} planning indicators should be checked automatically, each failure pointing "
        "to the clause it breaks, so that review time halves."
        "|Review of a project should take days, not weeks. Routine checks of the {n:20-40} "
        "planning indicators should happen on their own and cite the relevant clause of the "
        "planning code, leaving planners to confirm the findings.}",
        "{n:200-800} past BIM submissions, the planning code and the approval system's API.",
        ("T.llm", "F.data"),
    ),
    "city_management": NeedTemplate(
        "Reporting street problems from routine inspection drives in {district_en}",
        "{district_en} runs {n:10-30} street-inspection vehicles a day over about "
        "{n:200-600} km of roads."
        "{ Residents file about {n:200-600} street complaints a week.|}",
        "{Inspectors photograph problems by hand; overflowing bins, dumped waste and damaged "
        "signs are reported late or not at all."
        "|Inspectors stop, get out and take photos, so a shift yields only a few dozen "
        "reports. Overflowing bins, dumped waste and damaged signs are missed, and how much "
        "gets reported depends on who is driving.}",
        "{Inspection vehicles should report problems while they drive their normal routes: "
        "{n:15-30} kinds of street problems, each with a photo and a location, filed straight "
        "into the case system."
        "|We would like every street problem an inspection vehicle passes (overflowing bins, "
        "dumped waste, damaged signs, {n:15-30} kinds in all) to be reported with a photo and "
        "a location, without the inspector having to stop.}",
        "Permission to fit {n:5-10} inspection vehicles; access to the city management platform.",
        ("T.cv", "F.compute"),
    ),
    "culture": NeedTemplate(
        "Guiding international visitors in their own languages in {district_en}",
        "The scenic areas of {district_en} receive about {n:5-20} million visitors a "
        "year{, {n:3-8}% of them from abroad|}, and inbound tourism is growing fast.",
        "{Human guides reach fewer than {n:10-20}% of visitors and few speak languages other "
        "than English; audio guides are static and out of date."
        "|There are too few guides at weekends and holidays, and almost none who speak "
        "Japanese, Korean or Spanish. The audio guides were recorded years ago and cannot "
        "answer a question.}",
        "{Every visitor, in any corner of the scenic area, should be able to ask a question "
        "and hear an answer in their own language (at least {n:5-10} languages), and get "
        "route suggestions that steer them away from crowds."
        "|We want visitors from abroad to get the same quality of guidance as everyone else: "
        "spoken commentary and answers in at least {n:5-10} languages, at any time, with "
        "routes that avoid the busiest spots.}",
        "Commentary for {n:50-150} points of interest, ticketing and visitor-flow data.",
        ("T.llm", "T.speech"),
    ),
    "transport": NeedTemplate(
        "Smoother peak-hour traffic on an arterial road in {district_en}",
        "The pilot corridor is about {n:3-12} km long with {n:10-40} signalised junctions and "
        "{n:2000-5000} vehicles in the peak hour."
        "{ It links the district centre with the ring road.|}",
        "{Fixed signal plans leave peak-hour speeds below {n:15-22} km/h, and queues spill back "
        "across junctions."
        "|The signals still run on fixed plans set years ago. At peak hours traffic crawls at "
        "under {n:15-22} km/h and queues block the junctions behind, while side roads get "
        "green lights nobody uses.}",
        "{Peak-hour travel time along the corridor should fall by {n:10-20}%, with signal "
        "timings that follow the traffic rather than a fixed plan and fewer queues spilling "
        "back across junctions."
        "|Drivers should meet green lights in sequence along the corridor; we expect "
        "peak-hour journeys to become {n:10-20}% shorter and queue spill-back to become rare.}",
        "Signal controller interfaces, loop and camera counts, {n:3-12} months of flow data.",
        ("T.llm", "F.data"),
    ),
    "environment": NeedTemplate(
        "Tracking down the sources of night-time noise along busy roads in {district_en}",
        "The environment bureau of {district_en} receives about {n:2000-6000} night-time noise "
        "complaints a year, many about modified cars and night-time construction."
        "{ Complaints rise sharply in summer, when windows are open.|}",
        "{Noise sources are hard to locate and to prove, so the same complaints come back."
        "|By the time an officer arrives the noise has usually stopped, and nobody can say "
        "which car or site made it, so no penalty follows and the same streets complain "
        "again the next week.}",
        "{We need to know which vehicle or site is making the noise, with evidence that "
        "stands up in enforcement, in at least {n:85-95}% of cases."
        "|When a complaint comes in, officers should be able to see where the noise came "
        "from and which vehicle made it, with evidence good enough for a penalty in at least "
        "{n:85-95}% of cases.}",
        "{n:5-15} roadside sites and access to traffic camera records.",
        ("T.speech", "T.cv"),
    ),
    "health": NeedTemplate(
        "Getting foreign patients to the right doctor at a {city_en} municipal hospital",
        "The international clinic sees about {n:20-60} thousand foreign patients a year who "
        "speak more than {n:10-20} languages."
        "{ Their number has grown quickly since visa-free transit was extended.|}",
        "{Trained medical interpreters are scarce and telephone triage is slow; about "
        "{n:8-15}% of patients book the wrong department."
        "|We have a handful of medical interpreters for more than {n:10-20} languages. About "
        "{n:8-15}% of patients book the wrong department, and doctors spend the first minutes "
        "of each visit working out the history through gestures and phone apps.}",
        "{Patients should reach the right department at the first attempt whatever language "
        "they speak, and doctors should have a structured summary of the history before the "
        "consultation starts."
        "|We want to cut wrong bookings to under {n:2-4}% and to give doctors a written "
        "history, taken in the patient's own language, before they meet.}",
        "De-identified consultation records and the hospital's appointment system API.",
        ("T.llm", "T.speech"),
    ),
    "education": NeedTemplate(
        "Speaking practice with feedback for middle-school English in {district_en}",
        "About {n:3-8} thousand students in {district_en} take the oral English exam each "
        "year, part of the senior-high entrance exam set by the education bureau."
        "{ Many schools have only {n:2-4} English teachers per grade.|}",
        "{Students get little speaking practice with feedback, and teachers' scores vary."
        "|A teacher with {n:40-50} students in a class can listen to each of them for a "
        "minute or two a week at most, and mock-exam marks differ from one teacher to the "
        "next.}",
        "{Every student should be able to practise speaking at home and get immediate "
        "feedback on pronunciation and fluency; scores must agree with trained human raters "
        "at least {n:90-95}% of the time."
        "|We want scoring of spoken English that teachers can trust, agreeing with human "
        "raters at least {n:90-95}% of the time, and a practice partner students can talk to "
        "outside class.}",
        "De-identified recordings of past oral exams and {n:5-10} pilot schools.",
        ("T.speech", "T.llm"),
    ),
    "elderly_care": NeedTemplate(
        "Knowing quickly when an older person living alone has fallen, in {district_en}",
        "About {n:3-9} thousand people over 80 live alone in {district_en}, and the "
        "population is ageing fast."
        "{ Most of them live in older walk-up blocks without lifts.|}",
        "{Falls at home are often found hours later; community workers visit once or twice a "
        "month at most."
        "|Community workers visit once or twice a month. Last year several older people lay "
        "on the floor for hours, or overnight, before a neighbour noticed.}",
        "{When an older person falls at home, family and the community centre should know "
        "within minutes, without cameras watching them in their homes; false alarms must "
        "stay under {n:3-8}%."
        "|We want falls to be noticed within minutes instead of hours, in a way older people "
        "accept in their own homes, with fewer than {n:3-8}% false alarms.}",
        "{n:200-800} volunteer households and the home-care service platform.",
        ("T.cv", "F.data"),
    ),
    "emergency": NeedTemplate(
        "Closing flooded road underpasses in time in {district_en}",
        "{district_en} has {n:10-30} road underpasses and {n:30-90} flood-prone spots; "
        "short, intense storms are frequent in the plum-rain and typhoon seasons, and the "
        "emergency management bureau has to decide quickly which underpasses to close."
        "{ Several underpasses lie on school and hospital routes.|}",
        "{Flooding is noticed by patrols or citizens, giving less than {n:10-30} minutes of "
        "warning."
        "|We usually learn that an underpass is flooding from a patrol or a phone call, "
        "less than {n:10-30} minutes before cars are stuck in the water.}",
        "{We need to know {an hour|two hours} before a storm which underpasses will flood and "
        "how deep, to within {n:5-10} cm, so that they can be closed in time."
        "|Underpasses should be closed before cars drive into deep water: a warning "
        "{an hour|two hours} ahead of flooding, and the water depth known to within "
        "{n:5-10} cm.}",
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
            "全市公共数据平台归集{n:50-90}个部门数据约{n:300-800}亿条，支撑城市大脑{n:30-80}个应用场景。"
            "{{prev_year}年新归集数据约{n:50-150}亿条。|}",
            "{数据重复、缺失、口径不一，字段含义靠人工梳理，问题数据多由业务部门事后反馈。"
            "|同一类数据各部门叫法不同、口径不同，字段含义要靠人工逐表梳理；问题数据往往在应用上线后才被业务部门发现。}",
            "{希望数据归集入库时就能发现重复、缺失和口径不一的问题，字段含义自动识别并对照数据标准，问题数据及时反馈给提供部门，问题发现率提高一倍。"
            "|提升公共数据可用性：新归集的数据自动做质量体检，字段含义自动梳理并对应到数据标准，问题清单按部门推送整改。"
            "|运用{大模型|人工智能}开展数据治理：自动识别字段含义、发现质量问题、生成数据标准映射。}",
            "公共数据平台测试环境、约{n:200-600}张样例数据表。",
            ("F.data", "T.llm"),
        ),
    ),
    (
        "data_bureau",
        "transport",
        NeedTemplate(
            "{city}交通出行公共数据{授权运营|开发利用}",
            "公共数据授权运营已开放交通出行类数据集约{n:20-60}个，日均调用约{n:5-30}万次。"
            "{已有{n:20-60}家企业申请使用。|}",
            "{数据开发利用程度低，数据产品少，企业获取数据门槛高。"
            "|数据开放了，但真正用起来的不多：企业拿不到明细数据，做不出产品；已上架的交通数据产品不足{n:5-15}个。}",
            "{希望在不泄露个人信息的前提下让企业用上交通出行数据，开发通勤画像、客流OD分析等数据产品，做到数据可用不可见。"
            "|把开放的数据用起来：培育一批交通出行数据产品，原始数据不出平台，企业只拿到计算结果。}",
            "授权运营平台、脱敏交通数据集、智算中心算力资源。",
            ("F.data", "F.compute"),
        ),
    ),
    (
        "finance",
        "elderly_care",
        NeedTemplate(
            "{city}养老服务补贴资金{智能审核|智能稽核}",
            "全市每年发放养老服务补贴资金约{n:3-8}亿元，惠及老人约{n:10-25}万人。"
            "{补贴标准按老人年龄和失能等级分{n:3-5}档。|}",
            "{补贴资格人工审核，跨部门比对慢，存在重复享受、死亡未停发等问题。"
            "|资格审核靠人工跨部门比对，一轮要{n:1-2}个月；审计发现重复享受、死亡未停发等问题，涉及资金约{n:100-500}万元。}",
            "{希望补贴资格能自动与民政、卫健等部门数据比对，及时发现重复享受、死亡未停发等问题，疑点识别准确率不低于{n:90-95}%。"
            "|让补贴“发得准”：资格条件自动核验，疑点自动提示并说明依据，疑点识别准确率{n:90-95}%以上，审核时间缩短一半。}",
            "补贴发放数据、民政和卫健比对数据（脱敏）。",
            ("T.llm", "F.data"),
        ),
    ),
    (
        "finance",
        "education",
        NeedTemplate(
            "{city}学生资助对象{精准认定|智能识别}",
            "全市教育部门每年资助家庭经济困难学生约{n:2-5}万人次，资助资金约{n:1-3}亿元。"
            "{资助覆盖学前教育至高中阶段。|}",
            "{困难认定依赖学生申报和班主任评议，隐私保护不足，认定精准度不够。"
            "|困难认定要学生自己申报、班级评议，有的学生怕被同学知道不愿申请；真正困难的漏掉，不那么困难的评上了。}",
            "{希望困难学生不用反复提交证明就能被识别出来，认定结果更准确，学生个人信息全程不外泄。"
            "|实现资助“无感申请、精准认定”：多部门数据在保护隐私的前提下比对，困难学生自动纳入认定范围。}",
            "学校资助发放数据、低保和特困人员数据接口（脱敏）。",
            ("F.data", "T.llm"),
        ),
    ),
    (
        "miit",
        "emergency",
        NeedTemplate(
            "{district}工业企业安全生产{AI监管|智能巡检}",
            "{district}规上工业企业约{n:500-1500}家，其中粉尘涉爆、有限空间作业企业约{n:50-200}家。"
            "{{prev_year}年全区工贸行业发生生产安全事故{n:2-8}起。|}",
            "{企业安全生产隐患依靠人工检查，监管人员人均联系企业超过{n:50-100}家。"
            "|监管人员人均联系企业超过{n:50-100}家，一年最多上门一两次；检查时整改、检查后反弹，违规动火、通道堵塞屡查屡犯。}",
            "{希望企业未佩戴防护用品、违规动火、安全通道堵塞等隐患能及时发现并推送到监管人员，监管从“人盯企业”变为“系统提示、精准检查”。"
            "|提高监管效率：重点企业隐患自动发现、分级推送，检查人员按风险排序上门，隐患整改形成闭环。"
            "|利用厂区视频AI识别未佩戴防护用品、违规动火、通道堵塞等隐患，并与安全生产监管平台联动。}",
            "{n:20-60}家试点企业视频接入、监管平台接口。",
            ("T.cv", "F.data"),
        ),
    ),
)

# Pairs of (domain, template): the same need written up by two departments for one place.
# The two write-ups share the domain nouns of the need (河道, 堤防; 路面, 病害; 跌倒 …), as two
# departments describing one problem do.
DUPLICATE_NEEDS = (
    (
        (
            "city_management",
            NeedTemplate(
                "{district}河道{无人机|低空}智能巡查",
                "{district}有城市河道约{n:100-300}条、总长约{n:300-900}公里，全面实行河长制日常巡河。"
                "{{prev_year}年河道水质考核优良率约{n:80-95}%。|}",
                "{人工巡河每周{n:1-2}次，漂浮物、岸线违建、非法排口发现不及时。"
                "|河长和巡河员每周巡查河道{n:1-2}次，很多河段走不到；河道漂浮物、岸线违建和非法排口多在群众投诉后才发现。}",
                "{希望河道巡查不再受人力限制，无人机每天按航线巡查，河道漂浮物、岸线违建和排口异常能及时发现并自动派给河长。"
                "|实现河道“天天巡”：无人机按航线自动巡河，漂浮物、岸线违建、排口异常自动发现并推送河长处置。}",
                "河道台账、{n:3-8}处起降点位。",
                ("E.drone", "T.cv"),
            ),
        ),
        (
            "emergency",
            NeedTemplate(
                "{district}汛期河道堤防无人机巡查",
                "{district}有城市河道重要堤防约{n:50-200}公里，汛期须每日巡查河道堤防。"
                "{{prev_year}年汛期堤防出现险情{n:3-10}处。|}",
                "{人工巡堤强度大、夜间困难，管涌、渗漏、漫堤隐患发现滞后。"
                "|汛期河道堤防巡查全靠人员徒步，强度大、夜间看不清；管涌、渗漏、漫堤等险情发现滞后。}",
                "{希望汛期每天用无人机完成河道堤防全线巡查，夜间也能发现管涌、渗漏和岸坡滑塌等险情，及时通知防汛责任人。"
                "|做到汛期河道堤防巡查“全覆盖、不漏夜”：无人机按航线每日巡堤，险情自动发现并推送防汛指挥平台。}",
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
                "{district}交通部门管养城市道路约{n:500-1500}公里{，其中使用{n:10-20}年以上的约占{n:30-50}%|}。",
                "{坑槽、裂缝依靠人工巡查发现，平均修复周期{n:5-15}天。"
                "|道路坑槽、裂缝靠养护人员巡查和市民投诉发现，从发现到修复平均{n:5-15}天，雨季路面病害多、修不过来。}",
                "{希望养护车辆日常行驶时就能发现道路坑槽、裂缝、标线磨损，定位误差不超过{n:3-5}米，自动生成养护工单，平均修复周期缩短到{n:2-4}天。"
                "|让道路病害“早发现、快修复”：巡查车辆途中自动发现坑槽、裂缝、标线磨损并定位，养护工单自动生成。}",
                "道路养护车辆{n:3-8}辆、道路台账。",
                ("T.cv",),
            ),
        ),
        (
            "city_management",
            NeedTemplate(
                "{district}市政道路设施{智能巡检|病害识别}",
                "{district}城管部门负责养护的市政道路和人行道约{n:300-1000}公里。"
                "{其中人行道约占{n:20-40}%。|}",
                "{路面破损、人行道板松动、井盖缺失主要靠市民投诉和人工巡查发现。"
                "|道路路面破损、人行道板松动、井盖缺失主要靠市民投诉发现，人工巡查每月{n:1-2}遍，病害发现滞后。}",
                "{希望道路路面破损、人行道板松动、井盖缺失能被巡查车辆自动发现并定位上报，减少对市民投诉的依赖。"
                "|把道路设施病害发现从“被动接诉”变为“主动巡查”：巡查车辆途中自动发现路面破损和设施病害，定位后派单处置。}",
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
                "{street}有独居、空巢老人约{n:800-3000}人{，其中80岁以上约占{n:20-40}%|}。",
                "{老人在家跌倒或突发疾病，常常数小时后才被发现。"
                "|独居老人在家跌倒或突发疾病，常常数小时甚至第二天才被邻居发现；社区网格员上门频次有限。}",
                "{希望老人在家跌倒或长时间没有活动时，家属和社区能第一时间知道；燃气、用水异常也能及时提醒。"
                "|让独居老人“出事有人知”：居家跌倒、长时间无活动、燃气和用水异常自动通知家属和社区，尽量不打扰老人日常生活。}",
                "{n:200-600}户试点家庭、社区养老服务平台。",
                ("T.cv", "F.data"),
            ),
        ),
        (
            "health",
            NeedTemplate(
                "{district}{street}居家老人健康异常监测",
                "{street}社区卫生服务中心签约管理居家老人约{n:2000-6000}人。"
                "{其中失能、半失能老人约{n:300-900}人。|}",
                "{居家老人突发疾病和跌倒难以及时发现，家庭医生上门频次有限。"
                "|居家老人在家跌倒或突发疾病往往无人知道，家庭医生上门每季度{n:1-2}次，异常情况发现滞后。}",
                "{希望居家老人跌倒或心率、血氧等指标明显异常时，家庭医生和家属能及时收到提醒并上门或电话处置。"
                "|及时发现居家老人突发疾病和跌倒：生命体征异常和跌倒自动通知家庭医生和家属，家庭医生按风险安排随访。}",
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
                "{street}有高层住宅小区约{n:20-60}个。{多为{n:18-33}层以上的高层住宅。|}",
                "{高空抛物取证难、追责难，{prev_year}年辖区相关警情约{n:30-120}起。"
                "|{prev_year}年辖区高空抛物警情约{n:30-120}起，多数找不到抛物楼层和责任人，取证难、追责难。}",
                "{希望高空抛物发生后能快速回溯抛物轨迹、锁定抛物楼层和住户范围，形成可用于处罚和诉讼的完整证据链。"
                "|解决高空抛物“取证难、追责难”：抛物轨迹可回溯到具体楼层，证据链完整，满足执法和诉讼要求。}",
                "{n:5-15}个试点小区的视频接入。",
                ("T.cv",),
            ),
        ),
        (
            "city_management",
            NeedTemplate(
                "{district}{street}高空抛物监测预警",
                "{street}有高层住宅约{n:300-900}幢，物业投诉中高空抛物类占比约{n:5-15}%。"
                "{部分小区已加装仰拍摄像头。|}",
                "{高空抛物威胁行人安全，事后难以找到责任人。"
                "|高空抛物威胁楼下行人安全，事后查看视频也难以确定抛物楼层，难以找到责任人。}",
                "{希望高空抛物发生时能实时提醒物业和社区，并能回溯抛物轨迹、定位楼层，便于找到责任人。"
                "|减少高空抛物对行人的威胁：实时发现抛物并预警，回溯抛物轨迹、定位楼层，配合物业开展宣传和处置。}",
                "试点小区、物业配合安装、数字城管平台接口。",
                ("T.cv", "F.data"),
            ),
        ),
    ),
    (
        (
            "planning",
            NeedTemplate(
                "{district}地下管线安全{智能监测|风险感知}",
                "{district}有供水、燃气、排水等地下管线约{n:3000-8000}公里{，已纳入地下空间专项规划|}。",
                "{施工破坏和老化泄漏难以及时发现，管线数据更新滞后，规划审批时常依据旧图。"
                "|老旧管线泄漏和第三方施工破坏难以及时发现，{prev_year}年发生管线破损事故{n:10-40}起；管线数据更新滞后，规划和施工审批时常依据旧图。}",
                "{希望地下管线泄漏、沉降和第三方施工破坏能及时发现并告警，管线数据随监测结果动态更新，并在城市三维底图上呈现。"
                "|提升地下管线安全水平：管线泄漏、沉降、施工破坏早发现、早告警，监测数据与管线台账联动更新。}",
                "管线普查数据、{n:10-30}公里试点管段。",
                ("F.data", "T.llm"),
            ),
        ),
        (
            "emergency",
            NeedTemplate(
                "{district}燃气管网泄漏{监测预警|智能感知}",
                "{district}燃气管网约{n:1000-3000}公里，老旧管网约占{n:15-30}%，是安全生产监管的重点。"
                "{管网由{n:2-4}家燃气企业运营。|}",
                "{燃气泄漏主要靠人工巡检和用户报警，爆燃风险高。"
                "|燃气管线泄漏主要靠人工巡检和用户闻到气味后报警，老旧管网和施工破坏带来的爆燃风险高。}",
                "{希望燃气管线泄漏能在用户报警之前被发现并定位到管段，告警自动推送燃气企业和属地，降低爆燃风险。"
                "|实现燃气泄漏“早发现、快定位、自动告警”：重点管段连续监测，泄漏点定位到管段，告警自动推送处置。}",
                "燃气管网GIS数据、{n:10-30}公里试点管段。",
                ("F.data", "T.llm"),
            ),
        ),
    ),
)

# Opening sentences of a background; the empty ones keep most backgrounds plain.
OPENERS_ZH = (
    "",
    "",
    "",
    "为落实{city}人工智能场景开放工作部署，现将本场景向社会公开征集解决方案。",
    "本场景由基层一线提出，经单位研究后申报。",
    "按照数字化改革总体要求，现梳理形成以下场景需求。",
    "为加快培育新质生产力、推动人工智能赋能城市治理，现开放以下应用场景。",
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
