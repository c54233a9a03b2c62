"""Tables behind the centre's history: financing products, salon themes and venues, pilot KPIs
and the data a firm can consent to share with a financier."""

from __future__ import annotations

# provider|provider_kind|name|kind|min_10k|max_10k|stage|segments ("-": any AI segment)|
# min_headcount|rate_note|description — one product a line, like a sheet the E-Station keeps.
PRODUCTS = (
    "杭州银行科技支行|bank|科易贷|loan|50|1000|any|-|5|年化利率3.2%起，可享市级贷款贴息|面向科技型中小企业的纯信用贷款，按研发投入和知识产权授信",
    "杭州银行科技支行|bank|投联贷|loan|200|3000|1-100|-|20|LPR减20BP起|已获创投机构股权投资的企业，按股权融资额一定比例配套贷款",
    "浙商银行杭州分行|bank|人才贷|loan|30|500|0-1|-|3|年化3.45%起，纯信用|面向高层次人才创办的初创企业，凭人才认定快速授信",
    "浙商银行杭州分行|bank|知识产权质押贷|loan|100|2000|any|-|10|年化3.6%起，评估费由财政补助|以发明专利、软件著作权质押融资，最快5个工作日放款",
    "招商银行杭州分行|bank|科创成长贷|loan|100|5000|1-100|-|50|年化3.3%起，期限最长3年|面向营收快速增长的科技企业，额度可循环使用",
    "杭州联合农村商业银行|bank|场景订单贷|loan|50|800|any|-|5|年化3.5%起|以政府场景试点合同为依据的订单融资，回款账户监管",
    "中国银行杭州市分行|bank|设备更新贷|loan|300|5000|1-100|E.industrial_robot,E.service_robot,E.humanoid,E.quadruped,E.components,F.chip,F.fab,F.compute|30|享设备更新再贷款贴息|支持智能装备、服务器和产线设备购置",
    "宁波银行杭州分行|bank|低空经济专项贷|loan|100|2000|any|E.drone|10|年化3.4%起|面向无人机整机、飞控系统和低空运营企业",
    "中国工商银行杭州分行|bank|具身智能产业贷|loan|200|5000|any|E.humanoid,E.quadruped,E.service_robot,E.components,E.brain|20|LPR减30BP起|支持人形机器人及核心部件企业研发和量产",
    "中信银行杭州分行|bank|数据资产质押贷|loan|50|1000|any|F.data,T.llm|10|年化3.8%起|以登记的数据资产和数据产品收益权质押融资",
    "杭州市融资担保有限公司|guarantee|科技信用担保|guarantee|50|1000|any|-|5|担保费率0.5%/年，政府性融资担保|为无抵押的科技型中小企业银行贷款提供担保",
    "杭州高新融资担保有限公司|guarantee|知识产权质押担保|guarantee|100|2000|any|-|10|担保费率0.8%/年|与合作银行共同支持知识产权质押融资",
    "浙江省融资担保有限公司|guarantee|专精特新担保|guarantee|200|3000|1-100|-|30|担保费率不超过1%/年|面向专精特新中小企业的批量担保",
    "杭州市融资担保有限公司|guarantee|首台套风险补偿担保|guarantee|100|1500|0-1|E.humanoid,E.quadruped,E.industrial_robot,E.service_robot,E.components,F.chip,F.semi_equip,E.drone|10|担保费率0.5%/年|首台（套）产品应用的履约和融资担保，风险由政府共担",
    "杭州市科学技术局|government|科技创新券|voucher_consulting|5|30|0-1|-|1|按服务费用50%抵扣|购买检验检测、技术咨询等科技服务",
    "杭州市经济和信息化局|government|算力券|voucher_compute|10|500|any|-|1|按算力服务合同金额最高30%补助|向智算中心购买模型训练和推理算力",
    "杭州市数据资源管理局|government|数据券|voucher_data|5|100|any|-|1|按数据服务费用最高50%补助|购买公共数据授权运营产品和数据标注服务",
    "杭州市财政局|government|场景首试首用补助|subsidy|50|500|0-1|-|5|按场景试点合同金额最高20%补助|首次在本市政府场景中试用的新产品",
    "杭州市科学技术局|government|重大科技攻关项目资助|subsidy|100|1000|1-100|F.chip,F.eda,T.llm,E.humanoid,E.components,E.brain|30|按研发投入最高30%资助|面向人工智能关键核心技术攻关",
    "杭州市人力资源和社会保障局|government|大学生创业资助|subsidy|5|20|0-1|-|1|一次性无偿资助|毕业5年内高校毕业生创办的企业",
    "杭州市市场监督管理局|government|知识产权服务券|voucher_consulting|2|20|any|-|1|按服务费用50%抵扣|专利导航、高价值专利培育等知识产权服务",
    "杭州市科创基金|fund|天使引导投资|equity|100|1000|0-1|-|3|股权投资，不控股，可跟投|投早投小投科技，单个项目一般不超过1000万元",
    "杭州资本人工智能产业基金|fund|人工智能产业基金|equity|1000|20000|1-100|T.llm,F.chip,F.compute,E.humanoid,E.brain|50|领投或跟投，持股不超过20%|投向大模型、算力和智能装备领域的成长期企业",
    "杭州高新创业投资有限公司|fund|滨江天使梦想基金|equity|50|500|0-1|-|1|股权投资，附带孵化服务|面向滨江区初创科技团队",
    "杭州钱塘创新投资有限公司|fund|具身智能专项基金|equity|500|5000|any|E.humanoid,E.quadruped,E.components,E.brain|10|领投或跟投|投向具身智能整机和核心部件企业",
    "杭州市经济和信息化局|government|场景应用示范奖励|subsidy|20|200|any|-|0|按示范项目合同金额最高10%一次性奖励|场景试点完成并通过评估的应用，择优给予奖励",
)

# What a product asks beyond its stage, segments and headcount, by product name: the
# conditions (estation/rules.py) its provider writes on the firm's municipal and platform
# facts — credit for lenders and guarantors, a scene won or a pilot completed for the
# products that reward a firm's work on the city's scenes (the E-Station's scene credit).
_GOOD_CREDIT: dict[str, object] = {"field": "tax_credit_grade", "op": "in", "value": ["A", "B"]}
_NO_DEFAULTS: dict[str, object] = {"field": "prior_defaults", "op": "==", "value": 0}
_YOUNG: dict[str, object] = {"field": "years_since_founding", "op": "<=", "value": 5}
PRODUCT_CONDITIONS: dict[str, tuple[dict[str, object], ...]] = {
    "科易贷": (_GOOD_CREDIT, _NO_DEFAULTS),
    "投联贷": (_NO_DEFAULTS,),
    "人才贷": (_YOUNG, _NO_DEFAULTS),
    "知识产权质押贷": ({"field": "patents", "op": ">=", "value": 1}, _NO_DEFAULTS),
    "科创成长贷": ({"field": "revenue_10k", "op": ">=", "value": 2000}, _GOOD_CREDIT),
    "场景订单贷": (
        {
            "any": [
                {"field": "pilot_status", "op": "in", "value": ["running", "completed"]},
                {"field": "scene_wins", "op": ">=", "value": 1},
            ]
        },
        _NO_DEFAULTS,
    ),
    "科技信用担保": (
        {"field": "tax_credit_grade", "op": "in", "value": ["A", "B", "M"]},
        _NO_DEFAULTS,
    ),
    "知识产权质押担保": ({"field": "patents", "op": ">=", "value": 2},),
    "专精特新担保": ({"field": "high_tech", "op": "==", "value": True}, _GOOD_CREDIT),
    "首台套风险补偿担保": ({"field": "pilot_status", "op": "==", "value": "completed"},),
    "场景首试首用补助": ({"field": "scene_wins", "op": ">=", "value": 1},),
    "场景应用示范奖励": ({"field": "pilot_status", "op": "==", "value": "completed"},),
    "重大科技攻关项目资助": ({"field": "high_tech", "op": "==", "value": True},),
    "大学生创业资助": (_YOUNG,),
    "天使引导投资": ({"field": "years_since_founding", "op": "<=", "value": 8},),
    "人工智能产业基金": ({"field": "revenue_10k", "op": ">=", "value": 5000},),
    "滨江天使梦想基金": ({"field": "district", "op": "==", "value": "330108"},),
}

# (theme, chain segments its scenes want); the first four are the centre's headline series.
SALON_THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "具身智能机器人专场",
        ("E.humanoid", "E.quadruped", "E.industrial_robot", "E.service_robot", "E.components"),
    ),
    ("集成电路与AI芯片专场", ("F.chip", "F.eda", "F.fab", "F.semi_equip", "F.compute")),
    ("低空经济专场", ("E.drone",)),
    ("公共安全专场（警务与应急）", ("A.public_security",)),
    ("大模型赋能城市治理专场", ("T.llm", "T.nlp")),
    ("城市大脑与城市管理专场", ("A.city_management",)),
    ("智慧交通与车路协同专场", ("A.transport", "E.autonomous_driving")),
    ("智慧医疗专场", ("A.health",)),
    ("数字文旅与AIGC专场", ("A.culture",)),
    ("智慧养老专场", ("A.elderly",)),
    ("数字教育专场", ("A.education",)),
    ("生态环境智慧监测专场", ("A.environment",)),
    ("数字孪生与城市规划专场", ("A.urban_planning",)),
    ("机器视觉专场", ("T.cv",)),
    ("智能语音专场", ("T.speech",)),
    ("数据要素专场", ("F.data",)),
)

VENUES = (
    "杭州市场景创新中心路演厅（滨江区）",
    "未来科技城人工智能小镇会议中心（余杭区）",
    "云栖小镇国际会展中心（西湖区）",
    "钱塘区智造谷产业服务中心",
    "萧山区机器人小镇会客厅",
    "拱墅区运河数智产业园路演中心",
    "上城区玉皇山南基金小镇会议室",
)

KPIS = {
    "policing": ("警情分类准确率≥92%", "异常事件识别误报率≤8%", "试点辖区可防性案件同比下降10%"),
    "planning": ("规划指标校核准确率≥95%", "单项目审查时长缩短50%", "违法建设发现时间缩短至7天内"),
    "city_management": ("问题自动发现率≥85%", "案件处置时长缩短30%", "相关市民投诉下降20%"),
    "culture": ("游客满意度≥90%", "文物数字化效率提升3倍", "入境游客导览覆盖率≥60%"),
    "transport": ("高峰通行时间下降12%", "公交高峰满载率下降15%", "停车诱导覆盖率≥80%"),
    "environment": ("污染源溯源命中率≥70%", "水质异常预警提前6小时", "噪声投诉下降20%"),
    "health": ("辅助诊断敏感度≥95%", "报告出具时间缩短至2小时内", "慢病随访率≥90%"),
    "education": ("作业批改准确率≥96%", "教师批改时长减少40%", "口语评测人机一致率≥92%"),
    "elderly_care": ("跌倒告警响应≤5分钟", "告警误报率≤5%", "服务老人满意度≥90%"),
    "emergency": ("预警提前量≥1小时", "隐患发现率提升50%", "应急响应时间缩短30%"),
}
GENERIC_KPIS = ("系统可用率≥99.5%", "试点期内完成3次以上迭代", "形成可复制推广方案1套")

# Named data a firm may agree to share with the financier handling its application.
CONSENT_FIELDS = (
    "tax_credit_grade",
    "insured_count",
    "power_kwh",
    "patents",
    "hightech_certificate",
    "scene_partnerships",
    "public_credit_rating",
    "procurement_awards",
)
