"""The phrase banks of the firms' texts: each AI chain segment's trade in its own words
(products, what it does, customers, proof points, figures, business-scope items, English),
the look-alike trades of ordinary firms, and the registry's boilerplate (pure data; composed
by ``firm_texts.py``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bank:
    """The words of one chain segment's trade."""

    products: tuple[str, ...]
    does: tuple[str, ...]  # predicates without a subject: 我们/公司/{brand} + does
    customers: tuple[str, ...]
    proofs: tuple[str, ...]
    specs: tuple[str, ...]
    scope: tuple[str, ...]  # registry items of a business scope that tell the trade
    en_products: tuple[str, ...]
    en_does: tuple[str, ...]  # third person: "{name} builds …"
    en_customers: tuple[str, ...]
    en_names: tuple[str, ...]  # what follows the pinyin brand: "Yuntu Robotics"
    permits: tuple[str, ...] = ()  # 许可项目


@dataclass(frozen=True)
class Distractor:
    """An ordinary trade whose words overlap an AI segment's."""

    kind: str
    sectors: tuple[str, ...]  # ordinary sectors (chain.yaml other_sectors) it fits
    lines: tuple[str, ...]
    scope: tuple[str, ...]


@dataclass(frozen=True)
class Text:
    """A written text and what kind it is."""

    kind: str  # a style, or a distractor's kind
    text: str


def bank(
    products: str,
    does: str,
    customers: str,
    proofs: str,
    specs: str,
    scope: str,
    english: tuple[str, str, str, str],
    permits: str = "",
) -> Bank:
    """A bank from "|"-separated phrase lists (one line each in the source)."""

    en_products, en_does, en_customers, en_names = (split_phrases(part) for part in english)
    return Bank(
        split_phrases(products),
        split_phrases(does),
        split_phrases(customers),
        split_phrases(proofs),
        split_phrases(specs),
        split_phrases(scope),
        en_products,
        en_does,
        en_customers,
        en_names,
        split_phrases(permits),
    )


def make_distractor(kind: str, sectors: str, lines: str, scope: str) -> Distractor:
    """A distractor from space-separated sectors and "|"-separated lines and scope items."""
    return Distractor(kind, tuple(sectors.split()), split_phrases(lines), split_phrases(scope))


def split_phrases(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|") if part.strip())


BANKS: dict[str, Bank] = {
    "F.chip": bank(
        "端侧AI芯片|端侧推理芯片|视觉处理芯片|车规级MCU|低功耗语音唤醒芯片|智能摄像头主控|存内计算芯片|NPU加速核",
        "做摄像头、门锁和扫地机里用的主控|把几十TOPS的算力塞进几瓦的功耗里|给端侧设备提供从芯片到参考设计的一整套方案|从架构定义、前端设计到流片全部自己做|为安防和车载客户定制视觉处理芯片|把算法团队的模型跑到自研芯片上，工具链一并交付",
        "安防摄像头厂商|扫地机和智能家居品牌|车载Tier1供应商|工业相机厂商|模组厂和方案商",
        "{12/22/28}nm芯片已量产，累计出货超{200-900}万颗|已完成{3-6}次流片，良率稳定在{92-98}%以上|芯片通过AEC-Q100车规认证|进入{3-8}家头部安防厂商的供应链|拿到{2-6}亿元B轮融资，国资基金领投",
        "INT8算力{4-32}TOPS，典型功耗{2-8}W|支持{H.265/H.264}编解码，最多{4/8}路1080P|兼容主流深度学习框架，提供量化和编译工具|工作温度-40℃至{85/105}℃",
        "集成电路设计|集成电路芯片设计及服务|集成电路芯片及产品销售|集成电路销售|人工智能硬件销售",
        (
            "edge inference chips|vision SoCs|low-power voice MCUs",
            "designs the processors inside smart cameras, door locks and robot vacuums|"
            "packs tens of TOPS into a few watts for devices at the edge",
            "camera makers|automotive Tier 1 suppliers|smart-home brands",
            "Semiconductor|Microelectronics|Silicon",
        ),
    ),
    "F.eda": bank(
        "芯片验证平台|数字前端仿真器|时序签核软件|版图寄生参数提取工具|DDR和PCIe接口IP|形式验证软件|良率分析软件|硬件仿真原型系统",
        "做国产的芯片设计软件，替掉进口工具里的几个关键环节|给设计公司提供高速接口的授权和集成支持|帮客户缩短签核迭代，一轮从几天压到几个小时|用机器学习做布局布线，自动找时序和面积的平衡点|提供验证IP和测试平台，陪客户从RTL一路跑到流片",
        "Fabless芯片设计公司|高校微电子学院|晶圆厂设计服务部|车规芯片团队",
        "工具已在{28/14/7}nm工艺节点完成验证|与{2-5}家晶圆厂共建工艺设计套件|产品进入{20-80}家设计公司的设计流程|入选{首版次软件产品/国家重点研发计划}|核心成员平均有{12-20}年芯片设计软件研发经验",
        "支持千万门级设计的全芯片仿真|与主流商业工具的结果偏差小于{1-3}%|兼容Verilog、SystemVerilog和UVM|支持{16/32/64}核并行",
        "集成电路设计|集成电路布图设计代理服务|知识产权服务（专利代理服务除外）|工程和技术研究和试验发展",
        (
            "simulation and sign-off software|DDR and PCIe interface IP|formal verification tools",
            "shortens sign-off loops for chip teams from days to hours|"
            "licenses high-speed interface IP and helps clients integrate it",
            "fabless design houses|university microelectronics labs",
            "Design Automation|Logic|Semi Software",
        ),
    ),
    "F.fab": bank(
        "先进封装产线|8英寸特色工艺产线|功率器件流片服务|系统级封装SiP|扇出型封装线|BGA和QFN封装|成品测试服务|多项目晶圆MPW",
        "为设计公司提供从流片到封装测试的一站式服务|做功率和模拟芯片的特色工艺|把几颗裸片封进一个模块，缩短客户的上市时间|承接小批量、多品种的工程批，交期比大厂短|做晶圆测试和成品测试，出具完整的测试报告",
        "功率器件厂商|汽车电子客户|消费电子芯片公司|高校和研究所的流片项目",
        "月产能{2-6}万片|综合良率{95-99}%|通过IATF16949和ISO9001体系认证|投资{30-120}亿元的二期厂房已于{2024/2025}年投产|服务客户超过{100-400}家",
        "工艺平台覆盖{0.18μm/0.13μm/90nm/55nm}|封装尺寸最小{2-5}mm×{2-5}mm|测试温度覆盖-55℃至150℃|凸点间距最小{40-80}μm",
        "集成电路制造|集成电路芯片及产品制造|半导体分立器件制造|电子元器件制造|光电子器件制造",
        (
            "specialty-process wafer runs|system-in-package assembly|final test services",
            "runs small mixed engineering lots with shorter lead times than the big foundries|"
            "packages several dies into one module for faster launches",
            "power-device makers|automotive electronics suppliers",
            "Semiconductor|Microelectronics",
        ),
    ),
    "F.semi_equip": bank(
        "介质刻蚀设备|等离子清洗机|晶圆缺陷检测机台|高纯石英件|湿法清洗设备|原子层沉积系统|抛光垫和抛光液|高纯钨靶|光学量测设备",
        "做半导体产线上的关键设备和耗材，替代进口|为晶圆厂提供前道的清洗和量测设备|研发高纯电子化学品，帮客户降采购成本|设备交付、工艺调试和售后由同一个团队负责|为封测厂做自动化上下料设备",
        "12英寸晶圆厂|功率半导体产线|面板厂|封测厂",
        "设备已进入{3-8}家晶圆厂的量产线|累计交付机台{50-300}台|产品纯度达到{6N/7N/9N}|获评{浙江省首台套产品/专精特新中小企业}|平均无故障时间超过{500-1500}小时",
        "兼容{8/12}英寸晶圆|检测灵敏度{20-60}nm|产能{60-200}片每小时|颗粒控制优于{10-50}颗每片",
        "半导体器件专用设备制造|半导体器件专用设备销售|电子专用材料制造|电子专用材料研发|电子专用材料销售",
        (
            "plasma cleaning tools|wafer defect inspection systems|high-purity process parts",
            "builds process and metrology tools for wafer fabs|"
            "replaces imported consumables on production lines",
            "300 mm fabs|packaging and test houses",
            "Precision|Materials|Equipment",
        ),
    ),
    "F.compute": bank(
        "智算中心机位|千卡训练集群|推理一体机|液冷整机柜|私有云平台|边缘服务器|裸金属GPU云主机|渲染农场",
        "按卡时把训练算力租给做模型的团队|帮企业把模型训练从公有云搬回自己的机房|建设和运营本地的智能计算机房，提供机位和运维|把国产加速卡和通用服务器混在一起调度，提高利用率|给中小企业提供开箱即用的推理服务器",
        "大模型创业公司|高校实验室|政务云|智能驾驶团队|影视渲染公司",
        "运营机柜{800-5000}个，PUE低于{1.15/1.2/1.25}|在{place}建成{500-3000}P智能算力|服务模型团队{50-300}家|通过{可信云/ISO27001/等保三级}认证|接入{city}算力券平台，已核销{300-2000}万元",
        "单机柜功率{30-60}kW|节点间RDMA网络{200/400}Gb/s|支持{Slurm/Kubernetes}作业调度|可用性承诺{99.9/99.95/99.99}%",
        "云计算装备技术服务|数据处理和存储支持服务|计算机及通讯设备租赁|云计算设备制造|云计算设备销售|互联网数据服务",
        (
            "GPU training clusters|inference appliances|liquid-cooled racks",
            "rents training compute by the GPU-hour to model teams|"
            "builds and runs local AI data centres",
            "model start-ups|university labs|animation studios",
            "Cloud|Compute|Data Centre",
        ),
        permits="第一类增值电信业务|第二类增值电信业务",
    ),
    "F.data": bank(
        "数据标注服务|标注众包平台|行业语料库|数据资产入表咨询|可信数据空间|数据沙箱|点云和图像采集车队",
        "帮模型公司采集和加工图片、点云和对话语料|让几家机构在数据不出域的前提下一起建模|协助企业把数据梳理成可以入表、可以挂牌的资产|为政府部门编数据目录、查数据质量、做共享开放|在县城建加工基地，提供大规模的人工处理服务",
        "大模型公司|智能驾驶公司|城投和国资数据集团|银行|市数据局",
        "加工团队{300-2000}人，日处理{50-500}万条|协助{10-60}家企业完成数据资产入表|在数据交易所挂牌产品{8-40}个|通过{DCMM/ISO27701/CMMI3}认证|质检准确率{97-99}%",
        "支持2D框、多边形、3D点云和多轮对话等{30-60}种加工类型|密文计算性能达到明文的五分之一|支持{SM2/SM4}国密算法|单任务支持百亿级样本",
        "数据处理服务|大数据服务|人工智能公共数据平台|区块链技术相关软件和服务|人工智能基础资源与技术平台",
        (
            "annotation services|domain corpora|trusted data spaces",
            "collects and labels images, point clouds and dialogue for model builders|"
            "lets institutions train models together without moving raw data",
            "model developers|banks|city data bureaus",
            "Data|DataWorks|Information",
        ),
    ),
    "F.sensor": bank(
        "毫米波雷达模组|硅麦克风|4D成像雷达|测温机芯|激光甲烷探测模组|六轴姿态模组|电子鼻|微型压力芯体|TOF深度相机模组",
        "设计和封装各种微机电感知器件，卖给模组厂|给智能家居、汽车和工业设备提供感知模组|把敏感元件、信号调理和算法做进一个模组|为燃气和化工客户做泄漏检测探头|给机器人和无人机提供姿态和避障感知",
        "汽车主机厂|燃气公司|家电品牌|工业仪表厂|手机和可穿戴厂商",
        "年出货{500-5000}万颗|产品通过{AEC-Q100/ATEX防爆/IP67}认证|在{place}建成{1-3}条自动化封测线|拿下{3-10}家车厂定点|拥有发明专利{20-120}项",
        "测温精度±{0.3/0.5/1}℃|噪声密度低至{20-80}μg/√Hz|探测距离{150-300}米|工作电流小于{1-10}mA",
        "敏感元件及传感器制造|敏感元件及传感器销售|智能仪器仪表制造|雷达及配套设备制造",
        (
            "MEMS microphones|thermal imaging cores|imaging radar modules",
            "designs sensing modules for cars, appliances and industrial equipment|"
            "builds gas-leak detectors for utilities and chemical plants",
            "car makers|gas utilities|appliance brands",
            "Sensing|Sensor Technology|Microsystems",
        ),
    ),
    "T.llm": bank(
        "行业大模型|行业问答助手|知识库问答一体机|公文和报告写作助手|AI客服坐席|私有化对话模型|工作流编排平台|图文和视频生成工具",
        "把客户自己的文档、制度和工单接进来，做成能问能查的助手|训练和对齐面向垂直行业的基座模型|帮企业把通用模型落到具体岗位上，比如写报告、审材料|在国产算力上把模型压小、跑快，降低推理成本|做能调用内部系统、自己完成多步任务的AI员工|批量生成营销文案、海报和短视频素材",
        "国企集团|律所和咨询公司|政务服务中心|制造企业研发部|银行和保险公司",
        "模型已通过国家生成式AI服务备案|在{place}政务服务中心上线，月调用{10-200}万次|参数规模{7/13/34/72}B，中文评测名列前茅|服务企业客户{50-400}家|完成{亿元/数亿元}A轮融资",
        "支持{32/128/200}K上下文|私有化部署最低只需{2/4/8}张推理卡|首字延迟{300-800}毫秒|支持知识库检索、插件和函数调用",
        "人工智能基础软件开发|人工智能应用软件开发|人工智能通用应用系统|人工智能理论与算法软件开发|人工智能行业应用系统集成服务",
        (
            "enterprise assistants|private-deployment language models|agent workflow tools",
            "turns a client's own documents and tickets into an assistant staff can question|"
            "adapts general models to specific jobs such as drafting reports",
            "state-owned groups|law firms|government service centres",
            "AI|Intelligence|Labs",
        ),
        permits="互联网信息服务|第二类增值电信业务",
    ),
    "T.cv": bank(
        "人脸识别门禁终端|视觉算法仓|AI摄像机|视频智能分析盒|证照票据识别SDK|算法训练平台|视觉检测工作站|客流统计相机",
        "让已经装好的摄像头自己发现异常，不用人一直盯屏|把人、车、物从视频里抽出来，变成能检索的数据|按客户场景快速训练新算法，一周上线一个|识别票据、证照和表格里的文字，省掉人工录入|在一台边缘盒子上同时跑几十路视频的算法",
        "安防集成商|园区和物业|交警和城管部门|工厂质检线|银行网点",
        "算法仓已有{100-600}个场景算法|接入摄像头超过{2-30}万路|在{place}的{50-300}个点位稳定运行|在{CVPR/ICCV}挑战赛拿过冠军|算法通过公安部检测中心检测",
        "单盒支持{8-32}路1080P实时分析|误报率低于{2-5}%|支持{海思/瑞芯微/昇腾}等国产芯片|新算法冷启动只需{200-1000}张样本",
        "人工智能应用软件开发|人工智能理论与算法软件开发|数字视频监控系统制造|数字视频监控系统销售|人工智能硬件销售",
        (
            "video analytics boxes|AI cameras|document recognition SDKs",
            "lets cameras already on the wall spot incidents without anyone watching|"
            "trains a new detector for a customer in about a week",
            "security integrators|industrial parks|factory QA lines",
            "Vision|AI|Visual Intelligence",
        ),
    ),
    "T.speech": bank(
        "语音识别引擎|实时转写引擎|会议纪要机|离线语音模组|呼叫中心质检系统|定制音色|车载语音助手|口语测评引擎",
        "把电话和会议里的话实时转成文字，顺手出纪要|听得懂{city}话和周边的地方口音|给家电和车机做离线的语音控制|为客服中心做通话质检，找出违规话术|合成自然的人声，用于播报、有声书和导航|用声音确认来电人的身份",
        "市民热线|银行客服中心|法院和检察院|家电厂商|中小学外语教研组",
        "普通话转写准确率{95-98}%|支持{8-20}种方言|模组年出货{100-800}万片|在{place}法院庭审中使用|通过{信通院/国家语音产品质检中心}评测",
        "端到端延迟小于{200-500}毫秒|离线命令词支持{100-500}条|支持{8/16}kHz采样|{2/4/6}麦克风阵列，拾音距离{3-10}米",
        "人工智能应用软件开发|人工智能理论与算法软件开发|智能家庭消费设备制造|人工智能硬件销售",
        (
            "real-time transcription|offline voice modules|call-centre QA",
            "transcribes calls and meetings as they happen and drafts the minutes|"
            "understands local dialects as well as Mandarin",
            "contact centres|courts|appliance makers",
            "Voice|Acoustics|Speech",
        ),
    ),
    "T.nlp": bank(
        "知识图谱平台|文档解析引擎|企业知识中台|网络舆情监测系统|多语种翻译引擎|合规审查工具|问答机器人|招投标信息平台",
        "从合同、公告和报告里把关键信息抽出来，填进业务系统|把散在各处的制度、案例和专家经验连成一张网|7×24小时盯着网上的声音，第一时间推送负面信息|把中文资料译成英文、日文和阿拉伯文|听懂用户的问题，从知识库里找到准确答案",
        "宣传部门和网信办|券商和基金公司|大型制造企业|外贸企业|出版社",
        "每天处理网络文本{3000-20000}万条|知识库覆盖{100-800}万个实体和关系|服务政企客户{80-500}家|在{CCKS/CCL}评测中获奖|为{place}网信部门服务{3-6}年",
        "支持{30-100}个语种|抽取准确率{90-97}%|单机日处理{10-100}万份文档|支持PDF、扫描件和表格混排的版面解析",
        "人工智能应用软件开发|人工智能理论与算法软件开发|人工智能行业应用系统集成服务|数据处理服务",
        (
            "document parsing engines|public-opinion monitoring|knowledge platforms",
            "pulls key terms out of contracts, notices and reports into business systems|"
            "watches online discussion around the clock and flags what matters",
            "securities firms|publishers|media offices",
            "Semantics|Knowledge|Language Technology",
        ),
    ),
    "T.ml_platform": bank(
        "模型训练平台|一站式AI开发平台|模型量化工具|推理服务框架|自动建模工具|数据和模型版本管理|端侧部署SDK|算力管理平台",
        "让算法工程师从准备数据、训练到上线都在一个平台上完成|把大尺寸的模型压小，压到能在国产芯片上跑|让业务人员不写代码也能训练预测模型|帮企业管好上百个模型的版本、监控和回滚|统一调度公司里的训练任务和显卡",
        "银行和券商科技部|制造企业数字化部门|高校科研团队|芯片公司的软件生态团队",
        "平台上管理的模型超过{2000-20000}个|推理成本平均下降{30-70}%|开源项目在GitHub获星{3000-20000}|已适配{5-15}款国产芯片|通过信通院{AI开发平台/可信AI}评估",
        "支持{PyTorch/PaddlePaddle/MindSpore}|INT4和INT8量化精度损失小于{1-2}%|单集群管理{1000-10000}张卡|支持私有化部署和信创环境",
        "人工智能基础软件开发|人工智能基础资源与技术平台|人工智能理论与算法软件开发|人工智能公共服务平台技术咨询服务",
        (
            "model development platforms|quantisation toolkits|inference serving frameworks",
            "gives engineers one place to prepare data, train and ship models|"
            "shrinks large models so they run on domestic accelerators",
            "bank technology teams|chip vendors' software teams|research groups",
            "AI Platform|Systems|Software",
        ),
    ),
    "T.security": bank(
        "态势感知平台|安全运营托管服务|生成内容审核网关|数据分类分级工具|换脸视频鉴别系统|邮件安全网关|API安全网关",
        "7×24小时替客户盯住网络里的攻击，发现就处置|帮企业把敏感数据找出来、分好级、管起来|识别AI生成的假图、假视频和假声音|在员工、设备和应用之间做持续的身份校验|在模型上线前做越狱、泄密这类攻击测试",
        "银行|政务云|医院|能源企业|互联网平台",
        "为{place}{50-300}家单位提供安全托管|每天分析安全日志{10-200}亿条|产品取得公安部{销售许可证/检测报告}|在{护网行动/城市级攻防演练}中排名前列|报送CNVD原创漏洞{50-300}个",
        "检测到响应小于{1-10}分钟|鉴伪准确率{95-99}%|单台网关吞吐{10-40}Gbps|支持{SM2/SM3/SM4}国密算法",
        "网络与信息安全软件开发|信息安全设备制造|信息安全设备销售|安全咨询服务",
        (
            "managed security operations|deepfake detection|data classification tools",
            "watches clients' networks around the clock and responds to attacks|"
            "spots AI-generated fake images, video and voices",
            "banks|government clouds|hospitals",
            "Security|Cyber|Shield",
        ),
        permits="计算机信息系统安全专用产品销售",
    ),
    "E.humanoid": bank(
        "人形机器人整机|通用机器人整机|双臂轮式机器人|科研教育版人形|迎宾导览人形|身高1.7米的全身机器人|小型人形开发平台",
        "做能走能跑、能在工厂里搬箱子的通用机器人|从关节、整机到运动控制都自己研发|给高校和实验室提供可以二次开发的机器人平台|让机器人在汽车工厂里做上下料和分拣|把整机成本压到一辆家用车的价格",
        "汽车工厂|高校和科研院所|展厅和商场|电子制造厂",
        "整机已小批量交付{20-200}台|在{place}的汽车工厂实训{3-12}个月|全身自由度{28-44}个|完成{数亿元/近亿元}融资，{产业资本/地方国资}跟投|亮相{世界人工智能大会/春晚/机器人马拉松}",
        "身高{120-175}cm，体重{35-70}kg|最高步速{4-12}km/h|单臂负载{3-10}kg|续航{2-4}小时，支持快换电池",
        "智能机器人的研发|智能机器人销售|服务消费机器人制造|工业机器人制造|人工智能硬件销售",
        (
            "general-purpose humanoids|wheeled dual-arm robots|research humanoid kits",
            "builds robots that walk, run and carry boxes on factory floors|"
            "designs its own joints, bodies and motion control",
            "car plants|universities|exhibition halls",
            "Robotics|Dynamics",
        ),
    ),
    "E.quadruped": bank(
        "四足机器人|足式巡检平台|防爆巡检狗|灭火侦察机器人|排爆机器人|水下检测ROV|挂轨巡检机器人|腿足式科研平台",
        "替人钻进管廊、变电站和化工厂做巡检|做能爬楼梯、过碎石路的足式机器人|带着红外和气体探头先进入危险区域探一遍|在水下检查坝体、桥墩和管道|给消防队提供冲在前面的侦察灭火设备",
        "电网公司|化工园区|消防救援支队|地铁和管廊运营公司|水利部门",
        "产品通过{防爆认证/消防产品认证}|在{place}的{3-20}座变电站常态化巡检|累计交付{300-3000}台|最大爬坡{30-45}度|出口到{20-60}个国家",
        "负载{10-40}kg，续航{2-5}小时|防护等级IP{66/67/68}|最大下潜{100-300}米|可跨越{18-25}cm台阶",
        "特殊作业机器人制造|智能机器人的研发|智能机器人销售|消防器材销售|安防设备制造",
        (
            "legged inspection robots|fire reconnaissance robots|underwater inspection vehicles",
            "sends robots into tunnels, substations and chemical plants instead of people|"
            "builds legged robots that climb stairs and cross rubble",
            "grid companies|fire brigades|chemical parks",
            "Robotics|Dynamics|Unmanned Systems",
        ),
    ),
    "E.industrial_robot": bank(
        "协作机器人|协作臂|轻型机械臂|码垛工作站|激光焊接工作站|复合移动机器人|喷涂机器人|视觉引导上下料单元",
        "给工厂做自动化改造，把人从重复、危险的工位上换下来|做轻型机械臂，工人半天就能教会它干活|提供焊接、打磨、喷涂的成套工作站|让物料在车间里自己跑，不用叉车|从方案设计、非标设备到安装调试都自己做",
        "汽车零部件厂|3C电子厂|五金和家具工厂|锂电和光伏企业|食品饮料工厂",
        "累计交付机器人超过{1000-20000}台|为{100-600}家工厂做过产线改造|产品通过{CE/CR/ISO10218}认证|获{浙江制造/首台套}认定|客户平均{12-24}个月收回投资",
        "重复定位精度±{0.02/0.03/0.05}mm|负载{3-20}kg，臂展{600-1800}mm|支持拖拽示教和图形化编程|导航定位精度±{5-10}mm",
        "工业机器人制造|工业机器人销售|工业机器人安装、维修|智能基础制造装备制造|物料搬运装备制造",
        (
            "lightweight robot arms|palletising cells|welding workstations",
            "automates repetitive and dangerous stations in factories|"
            "delivers complete welding, grinding and painting cells",
            "auto-parts plants|electronics factories|battery makers",
            "Automation|Robotics|Intelligent Equipment",
        ),
    ),
    "E.service_robot": bank(
        "楼宇配送机器人|商用洗地机|酒店送物机器人|迎宾讲解机器人|医院物资转运车|餐厅传菜车|陪伴机器人|编程教具",
        "在酒店和写字楼里把外卖、快递送到房门口|帮商场和地铁站做夜间的地面清洗|在展厅和政务大厅里迎宾、讲解、引路|在医院里自动转运药品和标本|让餐厅少招两个传菜员",
        "连锁酒店|餐饮集团|医院|商业综合体|物业公司",
        "设备进驻{500-5000}家门店|产品出口{20-60}个国家|累计服务{1000-8000}万次|在{place}{10-60}家医院使用|年营收超过{1-8}亿元",
        "自主乘梯、过闸机|续航{8-16}小时，自动回充|清洗效率{800-2000}平方米每小时|载重{20-60}kg",
        "服务消费机器人制造|服务消费机器人销售|智能机器人销售|家用电器研发|商业、饮食、服务专用设备制造",
        (
            "hotel delivery robots|commercial floor scrubbers|reception robots",
            "delivers parcels and takeaway to hotel room doors|"
            "cleans malls and metro stations overnight",
            "hotel chains|hospitals|shopping centres",
            "Robotics|Robot",
        ),
    ),
    "E.components": bank(
        "激光雷达|一体化关节|精密减速机|伺服驱动器|多指手|力矩传感器|无框力矩电机|滚珠丝杠",
        "给机器人厂供应关节、减速机这些核心部件|把电机、减速、编码器和驱动集成成一个关节|做能替代进口的精密传动件|给人形机器人做手，能抓鸡蛋也能拧螺丝|为机械臂和移动机器人提供运动控制方案",
        "机器人整机厂|数控机床厂|半导体设备厂|医疗器械公司|无人机厂商",
        "年产能{10-100}万台|进入{5-20}家机器人整机厂的供应链|寿命测试超过{10000-20000}小时|获评国家级专精特新“小巨人”|价格比进口产品低{30-50}%",
        "回程间隙小于{10-30}弧秒|峰值扭矩{30-300}N·m|单手{11-22}个自由度|编码器分辨率{17-23}位",
        "微特电机及组件制造|伺服控制机构制造|齿轮及齿轮减速箱制造|轴承、齿轮和传动部件制造|电机制造",
        (
            "integrated joint actuators|precision gearboxes|multi-fingered hands",
            "supplies joints, gearboxes and drives to robot makers|"
            "replaces imported precision transmission parts",
            "robot makers|machine-tool builders|drone makers",
            "Motion|Drive Technology|Precision",
        ),
    ),
    "E.brain": bank(
        "通用机器人大脑|通用操作模型|机器人训练场|遥操作采集套件|机器人仿真平台|机器人中间件|VLA模型",
        "让机器人听懂指令，自己规划怎么把东西拿起来、放好|在虚拟环境里先练上百万次，再把技能搬到真机上|搭数据工厂，请人示范动作、采集训练数据|给不同品牌的机器人提供统一的软件底座|让足式机器人在楼梯、草地和雪地上都走得稳",
        "人形和四足整机厂|高校机器人实验室|汽车和3C工厂|家电企业研发中心",
        "已适配{10-40}款机器人本体|数据工厂每天采集{5000-50000}条操作轨迹|抓取成功率{85-97}%|在{CoRL/ICRA/RSS}发表论文|与{place}共建具身训练场",
        "端侧推理延迟{30-100}毫秒|支持ROS2和主流机器人接口|仿真速度达到实时的{100-1000}倍|看一次演示就能学会新任务",
        "智能机器人的研发|人工智能理论与算法软件开发|人工智能基础软件开发|工业控制计算机及系统制造",
        (
            "robot manipulation models|teleoperation kits|simulation platforms",
            "teaches robots to follow instructions and plan how to pick things up|"
            "trains skills millions of times in simulation before moving them to real robots",
            "humanoid makers|robotics labs|factories",
            "AI|Robot Intelligence|Embodied",
        ),
    ),
    "E.drone": bank(
        "无人机机场|机巢式巡检无人机|复合翼测绘飞机|物流无人机|系留无人机|载人飞行器|反无干扰设备|植保飞机",
        "让无人机按计划自己起飞、巡查、回来充电，现场不用飞手|为外卖、血液和快递做城市里的空中配送|做倾斜摄影和激光测绘，出实景模型|帮机场和重要场馆发现、驱离“黑飞”|提供低空航线规划和空域申报服务",
        "电网和水利部门|城管和应急局|测绘院|物流公司|文旅景区",
        "取得民航局{适航证/运营合格证}|在{place}开通{5-40}条低空航线|累计飞行{5-50}万架次|整机国产化率{85-98}%|参与起草{1-3}项低空行业标准",
        "续航{40-120}分钟，抗{6/7}级风|最大载重{5-50}kg|作业半径{5-15}公里|支持RTK厘米级定位",
        "智能无人飞行器制造|智能无人飞行器销售|航空运营支持服务|地理遥感信息服务",
        (
            "dock-based inspection drones|VTOL mapping aircraft|delivery drones",
            "flies scheduled inspections that launch and recharge without a pilot on site|"
            "surveys cities and builds reality models from the air",
            "grid and water utilities|emergency bureaus|logistics companies",
            "Aviation|UAV|Aerospace",
        ),
        permits="民用航空器（发动机、螺旋桨）生产|通用航空服务",
    ),
    "E.autonomous_driving": bank(
        "自动驾驶套件|L4无人小巴|干线物流卡车智驾方案|路侧感知单元|智能座舱域控制器|自动泊车系统|园区无人清扫车|智驾仿真平台",
        "让车在园区、港口和矿区里无人驾驶跑起来|做前装量产的智驾域控制器，卖给车厂|在路口装感知设备，把路况实时发给车辆|在虚拟城市里跑上亿公里，替掉一部分实车测试|做无人驾驶的快递车和售卖车",
        "主机厂|港口和矿山|物流快递公司|交通投资集团|公交集团",
        "获得{place}智能网联道路测试牌照|累计测试里程{100-2000}万公里|方案在{3-10}款量产车型上定点|运营无人车{50-500}台|通过{ISO26262/ASPICE}认证",
        "算力平台{100-500}TOPS|感知距离{150-300}米|支持C-V2X通信|定位精度{5-20}厘米",
        "智能车载设备制造|智能车载设备销售|汽车零部件研发|汽车零部件及配件制造|卫星导航服务",
        (
            "driverless shuttles|production driving-assist controllers|roadside perception units",
            "runs driverless vehicles in parks, ports and mines|"
            "sells driving-assist domain controllers to car makers",
            "car makers|port operators|bus groups",
            "Mobility|Auto|Drive",
        ),
        permits="道路机动车辆生产",
    ),
    "A.public_security": bank(
        "反电信诈骗预警平台|接处警辅助系统|社区防诈预警平台|消防物联网平台|指挥一张图|危化品运输车监管平台|防溺水预警系统",
        "帮基层民警从成堆的接警记录里找出规律和线索|提前识别可能被骗的群众，让民警和社区上门劝阻|用烟感、电气火灾探测器和视频，在火还很小时就报警|汛期把雨量、水位和视频放进一张图，指挥调度一屏看清|盯住化工企业和运输车辆，发现违规马上推送",
        "公安分局|派出所|应急管理局|消防救援支队|街道和社区|化工园区管委会",
        "在{place}{10-60}个派出所上线|上线后电诈发案同比下降{15-40}%|接入烟感等物联设备{5-50}万个|具备涉密信息系统集成资质|参与{亚运会/世界互联网大会}安保",
        "预警平均提前{5-30}分钟|支持公安视频专网和互联网双网部署|满足等保三级和密评要求|单平台接入{1-10}万路视频",
        "安全技术防范系统设计施工服务|安防设备制造|安防设备销售|消防技术服务",
        (
            "police dispatch assistants|anti-fraud alert platforms|fire IoT platforms",
            "helps local police find patterns and leads in large volumes of call records|"
            "warns residents likely to be targeted by scams before they lose money",
            "police stations|emergency management bureaus|fire brigades",
            "Security|Safety Technology",
        ),
    ),
    "A.urban_planning": bank(
        "智慧工地平台|CIM基础平台|BIM审图软件|工地安全识别系统|危房监测终端|规划一张图|三维城市底座|建筑能耗模拟软件",
        "把规划、建筑和地下管线都装进一个三维城市模型|用AI帮审图人员核对图纸是否符合规范|给在建工地装上“眼睛”，盯住没戴安全帽、塔吊违规这些事|对老旧房屋的倾斜和裂缝做长期监测|给规划部门做用地分析和方案比选",
        "规划和自然资源局|住建局|建筑设计院|建筑总包单位|城投公司",
        "平台覆盖{place}{50-600}平方公里|为{100-800}个在建工地服务|持有{甲级/乙级}测绘资质|项目获{优秀测绘工程奖/BIM大赛一等奖}|自动审图规则超过{300-1500}条",
        "模型精度达到LOD{2/3/4}|支持IFC、CityGML等{10-30}种数据格式|位移监测精度{0.1/0.5}毫米|千万级构件秒级加载",
        "工程管理服务|工程技术服务（规划管理、勘察、设计、监理除外）|地理遥感信息服务|数字技术服务",
        (
            "BIM review software|3D city base maps|construction-site monitoring",
            "puts plans, buildings and underground pipes into one 3D city model|"
            "checks drawings against building codes before human review",
            "planning bureaus|design institutes|general contractors",
            "Spatial|Digital|Geo",
        ),
        permits="测绘服务|建设工程设计",
    ),
    "A.city_management": bank(
        "城市大脑运营中心|城市事件自动发现系统|车载巡查识别终端|环卫作业监管平台|燃气管网监测终端|窨井盖传感器|市民诉求分析平台|桥梁健康监测系统",
        "用车载和路口摄像头自动发现乱堆物、违停和暴露垃圾|把市民热线的诉求自动分类，派给对应的部门|盯住燃气、排水、桥梁这些设施，提前发现隐患|管好环卫车和每一趟垃圾清运|帮城管队员少跑腿，案件从发现到结案全程留痕",
        "城管局|街道|环卫集团|燃气公司|数据资源局",
        "在{place}上线后事件发现量提升{2-5}倍|每月自动派单{2-20}万件|覆盖管网{200-2000}公里|在{3-12}个城市落地|入选城市运行管理服务平台建设试点",
        "识别{30-80}类城市事件，准确率{88-96}%|派单准确率{90-97}%|传感器电池寿命{3-8}年|可与城市运行管理服务平台对接",
        "市政设施管理|城乡市容管理|环境卫生公共设施安装服务|物联网应用服务",
        (
            "automatic street-issue detection|sanitation fleet supervision|utility monitoring",
            "uses vehicle and street cameras to find dumped waste and illegal parking|"
            "routes citizens' hotline requests to the right department",
            "city management bureaus|street offices|sanitation groups",
            "Smart City|Urban Tech",
        ),
    ),
    "A.transport": bank(
        "智慧停车平台|路口信号优化盒子|区域交通态势一张图|公交到站预测服务|路侧停车巡检车|交通仿真软件|地铁设备健康监测系统|网约车监管平台",
        "按实时车流调红绿灯，让主干道少停几次|提前几个小时预判哪里会堵、堵多久|帮公交公司排班，用更少的车跑出更准的班次|用巡检车自动记录路边停车，少用收费员|让地铁车辆和道岔的故障提前暴露",
        "交警支队|公交集团|地铁公司|停车运营公司|交通运输局",
        "在{place}{20-200}个路口运行，高峰延误下降{8-25}%|服务{3-15}个城市的交警部门|公交准点率提升{5-15}个百分点|接入泊位{1-5}万个|参与编写{1-3}项地方标准",
        "支持GB/T20999信号机协议|预测误差小于{8-15}%|单平台支持{1000-10000}个路口|车牌识别准确率{97-99}%",
        "交通安全、管制专用设备制造|智能控制系统集成|城市轨道交通设备制造|交通设施维修",
        (
            "adaptive signal boxes|traffic forecasting services|bus scheduling",
            "retimes traffic lights to the flow so arterial roads stop less|"
            "predicts hours ahead where congestion will build",
            "traffic police|bus groups|metro operators",
            "Mobility|Transport Tech|Traffic",
        ),
    ),
    "A.environment": bank(
        "智慧水务平台|微型空气站|水质多参数浮标|走航监测车|碳账户管理平台|排水管网液位计|危废电子联单系统|滑坡监测站",
        "在街道和工业园区密集布小型监测点，找出污染从哪里来|帮企业算清楚自己排了多少碳、该怎么减|在河道和水库里实时盯住水有没有变差|为水务公司找出管网漏损，降低产销差|在山区隐患点装监测设备，塌方前提前预警",
        "生态环境局|水务集团|工业园区|林业和水利部门|重点排污企业",
        "布设监测点{500-8000}个|帮{place}水务把漏损率降到{8-12}%|服务重点排放企业{50-600}家|持有CMA检验检测资质|成功预警{5-30}起滑坡险情",
        "PM2.5测量误差±{10-15}%|浮标续航{30-90}天|数据上传间隔{1-5}分钟|支持{COD/氨氮/总磷}等{8-20}项指标",
        "环境保护监测|环境监测专用仪器仪表制造|水质污染物监测及检测仪器仪表制造|碳减排、碳转化、碳捕捉、碳封存技术研发|地质灾害治理服务",
        (
            "micro air-quality stations|water-quality buoys|carbon accounting software",
            "places dense small sensors across districts to find where pollution comes from|"
            "finds leaks in water networks and cuts non-revenue water",
            "environment bureaus|water utilities|industrial parks",
            "Environmental|Eco|Water Tech",
        ),
    ),
    "A.health": bank(
        "互联网医院平台|肺结节筛查软件|眼底筛查一体机|病历质控系统|预问诊小程序|数字病理扫描仪|基层辅助诊疗系统|糖尿病随访平台",
        "帮放射科医生在CT里更快找到小结节|在社区卫生院用一台机器做眼底筛查|病人候诊时先把症状问清楚，医生接诊更快|自动检查病历里的缺项和不规范|陪高血压、糖尿病患者做长期的用药和随访提醒",
        "三甲医院|社区卫生服务中心|体检机构|卫健委|药企",
        "获NMPA{二类/三类}医疗器械注册证|进入{100-900}家医院|敏感度{92-98}%|在{place}{20-80}家社区卫生服务中心使用|与{省人民医院/医学院附属医院}联合研发",
        "单例CT阅片小于{10-30}秒|支持DICOM和HL7接口|通过国家医疗健康信息互联互通测评|模型在{5-20}万例数据上训练",
        "第一类医疗器械销售|第二类医疗器械销售|远程健康管理服务|健康咨询服务（不含诊疗服务）|医学研究和试验发展",
        (
            "lung-nodule screening software|retinal screening kiosks|pre-consultation chatbots",
            "helps radiologists find small nodules in CT scans faster|"
            "lets community clinics screen eyes with one machine",
            "tertiary hospitals|community health centres|health commissions",
            "Medical|Health|Healthcare",
        ),
        permits="第二类医疗器械生产|第三类医疗器械经营|医疗器械互联网信息服务",
    ),
    "A.education": bank(
        "智慧校园整体方案|作业扫描批阅机|学情报告系统|课堂录播分析系统|AI学习机|英语口语陪练|教师备课助手|校园一卡通平台",
        "老师把作业一扫，系统自动改完并统计错题|按每个学生的薄弱点推送练习|分析一节课里老师讲了多久、学生参与得怎样|帮老师几分钟备好一节课的课件和习题|让学校的考勤、门禁和消费在一个平台上",
        "区教育局|中小学|职业院校|教培机构|家长",
        "覆盖{place}{50-300}所中小学|每学期批阅作业{1000-8000}万份|学生错题订正率提高{20-40}%|入选教育部{智慧教育优秀案例/教育信息化典型案例}|用户超过{100-800}万",
        "手写识别准确率{95-99}%|支持语数英等{9-12}个学科|一台扫描仪每分钟处理{60-120}页|适配班级大屏和平板",
        "教育咨询服务（不含涉许可审批的教育培训活动）|教学专用仪器制造|教学专用仪器销售|教育教学检测和评价活动",
        (
            "homework scanning and marking|learning analytics reports|lesson-planning assistants",
            "marks homework as soon as teachers scan it and tallies the mistakes|"
            "pushes each student the exercises they need",
            "district education bureaus|primary and secondary schools|vocational colleges",
            "Education|Learning|EdTech",
        ),
    ),
    "A.elderly": bank(
        "智能床垫|毫米波跌倒报警器|睡眠监测带|一键呼叫终端|养老机构管理系统|助餐结算终端|居家安全套装",
        "在老人家里装不拍画面的传感器，摔倒了马上通知家属和社区|夜里盯着呼吸和心率，有异常就提醒护理员|让独居老人一按键就能叫到人|帮养老院管好床位、护理记录和收费|给街道的助餐、助浴服务派单和结算",
        "民政局|养老院|街道和社区|居家养老服务商|保险公司",
        "服务老人{5-50}万人|在{place}{50-400}户独居老人家里安装|平均响应时间{3-10}分钟|入选工信部{智慧健康养老产品目录/智慧健康养老示范企业}|连续{3-6}年承接政府居家养老项目",
        "无需佩戴，检测范围{3-6}米|睡眠监测准确率{90-96}%|支持4G和NB-IoT|待机{1-3}年",
        "养老服务|可穿戴智能设备制造|康复辅具适配服务|远程健康管理服务",
        (
            "camera-free fall alarms|sleep monitoring pads|one-button call terminals",
            "alerts families and community staff the moment an older person falls at home|"
            "watches breathing and heart rate at night",
            "civil affairs bureaus|care homes|community centres",
            "Care|Health|Silver Tech",
        ),
    ),
    "A.culture": bank(
        "虚拟数字人讲解员|文物三维扫描服务|展馆讲解数字人|景区分时预约系统|夜游光影秀|AI绘画工具|全息演出|电子导览小程序",
        "把文物和古建扫成高精度的三维档案|给博物馆做能对话的讲解员|帮景区管好客流、门票和停车|做夜游、光影和互动展项|用AI批量生成插画、海报和短视频",
        "博物馆|5A景区|文旅集团|演艺公司|出版社和动漫公司",
        "为{place}等地{20-100}家文博单位服务|已扫描文物{1-10}万件|项目年接待游客{100-1000}万人次|入选{文化和旅游部/国家文物局}示范案例|获{红点奖/金投赏}等奖项",
        "扫描精度{10-50}微米|支持{4K/8K}实时渲染|同时在线{1-10}万人|内容可输出到手机、大屏和VR",
        "数字文化创意软件开发|数字文化创意内容应用服务|数字内容制作服务（不含出版发行）|文物文化遗址保护服务|游览景区管理",
        (
            "3D scanning of artefacts|museum guide avatars|night-tour light shows",
            "scans relics and old buildings into high-precision 3D archives|"
            "builds talking guides for museums",
            "museums|scenic areas|tourism groups",
            "Culture|Digital Arts|Creative",
        ),
    ),
    "A.manufacturing": bank(
        "工业质检一体机|表面缺陷检测机|振动监测传感器|APS排程系统|MES系统|能耗优化系统|设备点检APP|工业数据采集网关",
        "用相机代替人眼，在产线上查划痕、缺料和错位|听电机和轴承的振动，坏之前就提醒换件|把订单、设备和人排得更合理，交期更准|帮老厂把设备联上网，数据实时看得到|调一调工艺参数，良品率就能上去",
        "汽车零部件厂|纺织印染厂|钢铁和化工企业|电子制造厂|中小制造企业",
        "服务工厂{200-2000}家|漏检率降到{0.1/0.3/0.5}%以下|非计划停机减少{20-50}%|入选工信部{智能制造优秀场景/工业互联网试点示范}|帮客户一年省下{100-2000}万元",
        "检测节拍{0.5/1/2}秒一件|支持{OPC-UA/Modbus/Profinet}等{50-200}种工业协议|最小可检缺陷{50-200}微米|边缘侧毫秒级响应",
        "工业互联网数据服务|工业控制计算机及系统制造|工业设计服务|智能基础制造装备销售|仪器仪表修理",
        (
            "surface-defect inspection|vibration monitoring|production scheduling software",
            "puts cameras on production lines to catch scratches and missing parts|"
            "listens to motors and bearings and warns before they fail",
            "auto-parts makers|textile dyeing mills|electronics plants",
            "Industrial|Manufacturing Tech|Smart Factory",
        ),
    ),
    "A.finance": bank(
        "反欺诈系统|小微企业贷款评分卡|交易监测系统|车险定损工具|投研助手|催收质检系统|可疑交易识别系统",
        "帮银行用企业的纳税、用电和社保数据给小微企业放贷|实时盯住每一笔交易，发现盗刷和套现|拍几张照片就算出车险的定损金额|帮研究员读研报和公告，自动整理要点|让理财经理更懂客户该配什么产品",
        "城商行和农商行|保险公司|券商和基金|消费金融公司|融资担保公司",
        "服务金融机构{50-300}家|坏账率下降{10-40}%|日处理交易{1000-30000}万笔|通过{金融科技产品认证/信通院评估}|在{place}支持小微企业贷款{50-500}亿元",
        "决策响应{50-200}毫秒|模型KS值{0.4/0.45/0.5}以上|支持{Oracle/GaussDB/OceanBase}|满足金融行业等保三级要求",
        "接受金融机构委托从事信息技术和流程外包服务（不含金融信息服务）|企业信用管理咨询服务|软件外包服务|区块链技术相关软件和服务",
        (
            "small-business credit scoring|transaction monitoring|motor-claims estimating",
            "helps banks lend to small firms using tax, power and social-insurance data|"
            "watches every transaction for card theft and cash-out",
            "city commercial banks|insurers|brokerages",
            "FinTech|Financial Technology|Finance",
        ),
    ),
    "A.agriculture": bank(
        "病虫害识别APP|虫情测报灯|水肥一体机|猪舍巡检机器人|茶园数字化管理系统|大棚环境控制柜|农产品一物一码|牛只体况识别相机",
        "拍下虫子自动认种类、数数量，给农技站出报告|按土壤墒情自动浇水施肥|帮猪场数猪、估体重、看是不是生病|让消费者扫码就能看到这盒茶从哪块地来|给农业农村局做全县的种植和产量一张图",
        "农业合作社|家庭农场|规模化养殖场|农业农村局|茶企",
        "覆盖耕地{5-100}万亩|在{place}{10-80}个村落地|节水{20-40}%|服务养殖场{100-1000}家|入选农业农村部{数字农业试点/智慧农业典型案例}",
        "可识别{50-300}种常见病虫|支持LoRa和4G回传|太阳能供电，阴雨天续航{7-15}天|控制精度±{1-3}%",
        "智能农业管理|农业专业及辅助性活动|智能农机装备销售|农业机械服务",
        (
            "pest-trap monitors|fertigation controllers|tea-garden management software",
            "photographs insects, identifies and counts them for the extension station|"
            "waters and fertilises by soil moisture automatically",
            "cooperatives|pig farms|tea companies",
            "Agritech|Agriculture|Farm Tech",
        ),
    ),
    "A.government": bank(
        "一网通办自助终端|办事指南问答机器人|公文校对工具|网格管理平台|自助办事终端|材料预审系统|领导驾驶舱",
        "群众问办证要带什么材料，系统直接给答案|帮机关干部起草、校对文件和讲话稿|把网格员上报的事件自动分类、流转到部门|提前检查申请材料，让群众少跑几趟|把各部门的数据拉到一块屏上给领导看",
        "行政服务中心|大数据局|街道和乡镇|区委办和政府办|司法局",
        "在{place}行政服务中心上线，材料退件率下降{20-50}%|覆盖政务事项{100-2000}项|服务{10-60}个区县|获评{province}数字化改革最佳应用|连续{3-6}年承建区县政务系统",
        "支持政务外网和信创环境|问答准确率{90-97}%|可对接{province}政务服务网和协同办公平台|国密算法加密传输",
        "信息系统运行维护服务|数字技术服务|档案整理服务|人工智能行业应用系统集成服务",
        (
            "service-guide chatbots|document proofreading|grid-governance platforms",
            "answers citizens' questions about which papers a licence needs|"
            "helps civil servants draft and proofread documents",
            "administrative service centres|data bureaus|township governments",
            "GovTech|Digital|Information",
        ),
    ),
    "A.energy": bank(
        "虚拟电厂平台|输电线路通道监拍装置|光伏板清洗机器人|风光功率预报系统|储能EMS|负荷聚合平台|配电房巡检机器人|园区能源管理平台",
        "在输电杆塔上装摄像头，盯住吊车、山火和异物|预测明天光伏和风电能发多少电|把楼宇空调、充电桩这些负荷聚起来参与电网调峰|管好储能电站的充放电，多赚峰谷差价|帮企业看清每条产线用了多少电、哪里能省",
        "供电公司|光伏和风电场|储能电站|工业园区|充电运营商",
        "接入可调负荷{50-800}兆瓦|监测线路{1000-20000}公里|预测准确率{88-95}%|为{place}{100-1000}家企业提供用能服务|通过{电科院/第三方检测机构}检测",
        "支持IEC61850规约|预测时间分辨率{15/30}分钟|毫秒级响应调度指令|工作温度-40℃至70℃",
        "输配电及控制设备制造|储能技术服务|合同能源管理|太阳能发电技术服务|电力行业高效节能技术研发",
        (
            "line monitoring cameras|solar output forecasting|storage energy management",
            "forecasts tomorrow's solar and wind output|"
            "pools building loads and chargers to help balance the grid",
            "grid companies|solar and wind farms|industrial parks",
            "Energy|Power|New Energy",
        ),
    ),
    "A.legal": bank(
        "合同审查助手|合同审阅助手|法条和案例检索工具|诉讼材料生成工具|电子存证平台|律所知识管理系统|在线调解平台",
        "几分钟读完一份合同，把风险条款标出来|按案情找出相似的判决和裁判观点|帮群众一键生成起诉状和答辩状|把聊天记录、邮件这些证据固定下来，能在法院用|帮律所把过往案卷变成能检索的知识",
        "律师事务所|企业法务部|法院和检察院|司法局和公证处|人民调解委员会",
        "服务律所和法务团队{300-3000}家|收录裁判文书{5000-15000}万篇|在{place}法院诉讼服务中心上线|审阅效率提升{3-8}倍|与{2-6}家司法鉴定中心互认",
        "支持{Word/PDF/扫描件}|证据哈希实时上链|审阅规则覆盖{50-200}类合同|私有化部署，数据不出律所",
        "法律咨询（不包括律师事务所业务）|知识产权服务（专利代理服务除外）|区块链技术相关软件和服务|人工智能应用软件开发",
        (
            "contract review assistants|case-law search|e-evidence preservation",
            "reads a contract in minutes and flags the risky clauses|"
            "finds similar judgements for a case",
            "law firms|in-house legal teams|courts",
            "LegalTech|Law|Legal",
        ),
    ),
    "A.retail": bank(
        "智能导购屏|门店客流相机|导购企业微信工具|智能货柜|动态定价系统|选品分析工具|数字人主播|私域运营SaaS",
        "帮连锁门店算清进店率、转化率和热区|按用户浏览和购买记录，把合适的货推到眼前|让数字人7×24小时开播卖货|按库存、天气和竞品自动调价|帮品牌给会员分层、精准触达",
        "连锁便利店|服装品牌|商超|电商商家|餐饮连锁",
        "服务门店{5000-50000}家|GMV提升{10-35}%|客户包括{3-10}家上市零售企业|日活用户{50-500}万|获天猫{服务商/生态合作伙伴}认证",
        "客流统计准确率{95-99}%|支持抖音、淘宝、微信等{5-12}个渠道|千万级SKU实时计算|报表T+0更新",
        "人工智能应用软件开发|人工智能行业应用系统集成服务|自动售货机销售|互联网数据服务",
        (
            "store footfall cameras|dynamic pricing|virtual live-stream hosts",
            "tells chain stores their walk-in, conversion and hot-spot figures|"
            "reprices by stock, weather and competitors",
            "convenience chains|fashion brands|online merchants",
            "Retail Tech|Commerce|Digital",
        ),
    ),
}
# Words any firm's text may use, whatever its trade.
VAGUE = split_phrases(
    "以科技赋能产业，以创新驱动发展|致力于成为行业领先的智能化解决方案提供商|坚持客户第一和长期主义|与合作伙伴共建开放共赢的生态|用数字技术让城市更聪明、让生活更美好|聚焦核心技术，深耕行业应用|秉承“专业、创新、共赢”的理念|推动新技术与实体经济深度融合|努力打造新质生产力的标杆|始终站在技术创新的前沿|以匠心做产品，以诚心做服务|为客户创造看得见的价值|持续加大研发投入，构建自主可控的技术体系|助力千行百业数字化转型"
)
PROOFS = split_phrases(
    "是国家高新技术企业|入选{province}专精特新中小企业|拥有发明专利{5-80}项、软件著作权{10-150}项|通过ISO9001和ISO27001认证|通过CMMI{3/5}级评估|已完成{天使/Pre-A/A/B}轮融资|研发人员占比超过{40-80}%|年营收超过{2-30}00万元"
)
TEAM = split_phrases(
    "团队{8-60}人，核心成员来自{高校和科研院所/头部互联网公司/行业龙头企业/海外名校}|团队{8-60}人，一大半做研发|创始人在这个行业干了{8-20}年|公司{20-300}人，研发占六成"
)
ASKS = split_phrases(
    "现在想在{place}找试点场景|正在融{Pre-A/A/B}轮，欢迎投资人交流|希望对接有类似需求的政府部门和园区|欢迎渠道伙伴合作|可以先免费试用{1-3}个月"
)
DEPLOY = split_phrases(
    "支持私有化部署|提供SDK和开放接口|可按项目定制|适配国产操作系统和数据库|提供{1-3}年免费维保"
)
EXPOS = split_phrases(
    "世界人工智能大会|云栖大会|世界互联网大会|数字中国建设峰会|中国国际工业博览会"
)
NEXT = split_phrases(
    "在更多区县复制推广|加快产品迭代，开拓长三角市场|继续加大研发投入|推动产品出海"
)
# Financing rounds a news brief reports, with the sums they usually raise.
ROUNDS = (
    ("天使轮", "数百万元"),
    ("天使轮", "近千万元"),
    ("Pre-A轮", "数千万元"),
    ("A轮", "数千万元"),
    ("A轮", "近亿元"),
    ("A+轮", "超亿元"),
    ("B轮", "数亿元"),
    ("C轮", "数亿元"),
)
EN_PROOFS = (
    "Deployed at {20-400} sites so far.",
    "ISO 9001 and ISO 27001 certified.",
    "Raised a Series {A/B/C} round in {2023/2024/2025}.",
    "Holds {5-80} invention patents.",
    "Most of the {15-300}-strong team came from universities and large tech firms.",
    "Pilots are running in {place_en}.",
    "A certified high-tech enterprise.",
    "Revenue grew {30-150}% last year.",
)
# Sound of the characters trade names are made of (names.BRAND and its homophones), for the
# English name an English profile gives itself.
BRAND_CHARS = (
    "云图智慧海康睿思博华信达星辰锐创新远航峰鼎宏泰恒盛瀚澜启明卓越领拓维视数联通安捷迅飞驰腾跃聚合众和兴旺"
    "宸泽源景鸿嘉禾益融汇诚德正光灵犀墨芯算鲸微芒曦朗易道象元极川谷湖岳岚青芸途志瑞晨锋骅杭衡晟斯鑫答搏铭巨择"
)
BRAND_SOUNDS = (
    "yun tu zhi hui hai kang rui si bo hua xin da xing chen rui chuang xin yuan hang feng "
    "ding hong tai heng sheng han lan qi ming zhuo yue ling tuo wei shi shu lian tong an "
    "jie xun fei chi teng yue ju he zhong he xing wang chen ze yuan jing hong jia he yi "
    "rong hui cheng de zheng guang ling xi mo xin suan jing wei mang xi lang yi dao xiang "
    "yuan ji chuan gu hu yue lan qing yun tu zhi rui chen feng hua hang heng sheng si xin "
    "da bo ming ju ze"
)
PINYIN = dict(zip(BRAND_CHARS, BRAND_SOUNDS.split(), strict=True))

DISTRACTORS = (
    make_distractor(
        "visual_design_studio",
        "consulting textiles",
        "专注品牌视觉设计，做LOGO、VI手册和包装|视觉团队{5-20}人，服务过{50-300}个餐饮和茶饮品牌|提供电商详情页、主图和短视频拍摄|用AI绘图工具出初稿，设计师再精修|两天出方案，不满意免费改",
        "平面设计|专业设计服务",
    ),
    make_distractor(
        "robot_vacuum_shop",
        "trade manufacturing",
        "扫地机器人、洗地机线下专卖，支持以旧换新|代理多个一线品牌的扫地机器人和智能马桶盖|提供上门安装、保养和配件更换|门店{3-12}家，{city}市区半天送货上门|智能家电售后一站式服务",
        "家用电器销售|日用家电零售",
    ),
    make_distractor(
        "ai_training_school",
        "consulting",
        "面向在职人员的人工智能应用培训，教大家用AI写文案、做PPT|Python和机器学习入门班，{8-16}周结业|已培训学员{2000-20000}人次|与{10-50}家企业合作开展员工数字技能培训|周末班和线上直播课同步开设",
        "教育咨询服务（不含涉许可审批的教育培训活动）|业务培训（不含教育培训、职业技能培训等需取得许可的培训）",
    ),
    make_distractor(
        "drone_wedding_films",
        "consulting",
        "婚礼跟拍和无人机航拍，一站式婚纱照|航拍师均持有民用无人机驾驶员执照|每年拍摄婚礼{100-400}场|也接楼盘、景区的宣传片航拍|4K成片，{7-15}天交付",
        "摄影扩印服务|摄像及视频制作服务",
    ),
    make_distractor(
        "gpu_reseller",
        "trade software",
        "显卡、服务器和电脑配件批发，现货充足|主要给网吧、装机店和工作室供显卡|提供整机组装、测试和上门装机|每月出货显卡{500-5000}张|回收二手服务器和显卡",
        "计算机软硬件及辅助设备批发|电子产品销售",
    ),
    make_distractor(
        "cctv_installer",
        "construction software",
        "承接小区、工厂和商铺的监控摄像头安装|门禁、道闸和停车场系统的安装维护|主流安防品牌的授权安装服务商|弱电布线、网络工程和监控维修|每年上门{300-2000}次，24小时响应",
        "安全系统监控服务|安防设备销售|安全技术防范系统设计施工服务",
    ),
    make_distractor(
        "big_data_marketing",
        "consulting software",
        "大数据精准营销，帮本地商家在短视频平台和朋友圈投广告|基于“大数据”圈选人群，按效果付费|代运营公众号、小红书和抖音账号|服务门店商户{100-800}家|活动策划和地推",
        "市场营销策划|广告制作",
    ),
    make_distractor(
        "live_stream_agency",
        "consulting trade food textiles",
        "直播带货和主播孵化，签约主播{20-200}人|帮{服装/农产品/茶叶}商家代运营直播间|自有直播基地{1000-5000}平方米|单场成交最高{100-800}万元",
        "互联网销售（除销售需要许可的商品）|信息咨询服务（不含许可类信息咨询服务）",
    ),
    make_distractor(
        "model_making_studio",
        "construction consulting manufacturing",
        "制作建筑沙盘模型、工业展示模型和手办|为售楼处和规划馆做沙盘|{3D打印/激光雕刻}加工，当天出样|从业{10-20}年，作品{10-30}00余件",
        "模型设计|工艺美术品及礼仪用品制造（象牙及其制品除外）",
    ),
    make_distractor(
        "robot_themed_restaurant",
        "catering",
        "机器人主题餐厅，点完餐由送餐小车送到桌边|主打{杭帮菜/火锅/西餐}，人均{60-150}元|门店{1-6}家，可承接生日宴和团建|亲子友好，周末有机器人表演",
        "餐饮管理",
    ),
    make_distractor(
        "smart_home_installer",
        "construction realty",
        "全屋智能家居安装，灯光、窗帘、门锁一部手机控制|代理主流智能家居生态产品|装修时同步预埋，售后{1-3}年|已完成{500-3000}户",
        "智能家庭消费设备销售",
    ),
    make_distractor(
        "cable_wholesaler",
        "trade manufacturing",
        "手机数据线、充电头和耳机批发|工厂直供，日发货{5000-50000}件|支持来样定制和贴牌|给跨境电商和小商品市场供货",
        "电子元器件批发|电线、电缆经营",
    ),
    make_distractor(
        "translation_agency",
        "consulting",
        "人工笔译和口译，{10-30}个语种|专注合同、标书和专利文件翻译|译员{50-300}人，均有五年以上经验|提供会议同传设备租赁",
        "翻译服务",
    ),
    make_distractor(
        "cloud_warehouse",
        "logistics",
        "电商云仓，一件代发|仓库{1-5}万平方米，日均发货{1-10}万单|对接各大电商平台的订单|提供仓储、分拣和包装",
        "供应链管理服务",
    ),
    make_distractor(
        "parking_operator",
        "realty",
        "停车场运营和物业保洁|管理车位{500-5000}个，道闸已改成无感支付|为写字楼提供物业服务，面积{5-50}万平方米",
        "停车场服务",
    ),
    make_distractor(
        "drone_toy_shop",
        "trade",
        "航模、遥控飞机和玩具无人机零售|开设青少年航模兴趣班|代售消费级无人机和配件|周末组织飞行体验活动",
        "玩具销售|体育用品及器材零售",
    ),
    make_distractor(
        "vending_operator",
        "food trade",
        "自动售货机零食和饮料铺设，点位{100-1000}个|扫码支付，后台随时看库存|主要放在写字楼、学校和医院",
        "食品销售（仅销售预包装食品）",
    ),
    make_distractor(
        "optician",
        "trade",
        "眼镜验配和青少年视力检查|视觉训练和近视防控|门店{2-10}家|电脑验光，半小时取镜",
        "眼镜销售（不含隐形眼镜）",
    ),
    make_distractor(
        "digital_printing",
        "textiles",
        "数码印花和热转印加工，小单快反|图案先用AI生成，再打样确认|日产能{5000-30000}米",
        "面料印染加工",
    ),
    make_distractor(
        "rendering_studio",
        "construction",
        "室内设计效果图和三维动画渲染|VR全景看房制作|一般{1-3}天出图",
        "专业设计服务",
    ),
)

SCOPE_HEAD = "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广"
# Items any firm's scope may list: they tell nothing about its trade.
GENERIC_SCOPE_ITEMS = (
    "软件开发",
    "软件销售",
    "信息系统集成服务",
    "信息技术咨询服务",
    "计算机系统服务",
    "网络技术服务",
    "计算机软硬件及辅助设备零售",
    "计算机软硬件及辅助设备批发",
    "技术进出口",
    "货物进出口",
    "会议及展览服务",
    "企业管理咨询",
    "信息咨询服务（不含许可类信息咨询服务）",
    "办公设备销售",
    "通讯设备销售",
    "物联网技术服务",
    "互联网销售（除销售需要许可的商品）",
    "社会经济咨询服务",
)
SCOPE_TAIL = "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）。"
PERMIT_TAIL = (
    "（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以审批结果为准）。"
)
