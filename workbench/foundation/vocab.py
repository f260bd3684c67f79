"""The course's controlled vocabulary, bilingual: one table for the whole package.

Every value a case file may use (phases, kinds, actors, channels, strategies…) and
every concept the workbench teaches (principles, the 5S, lifecycle, social media's
roles) lives here once, with its Chinese and English label.

>>> PHASES["plan"].zh
'制定危机应对计划'
>>> [p.slug for p in PHASE_LIST][:2]
['team', 'analyse']
>>> STRATEGIES["apology"].posture
'rebuild'
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    """A controlled value: its slug (used in files) and its labels in zh and en."""

    slug: str
    zh: str
    en: str
    about_zh: str = ""
    about_en: str = ""

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def about(self, lang: str) -> str:
        return self.about_zh if lang == "zh" else self.about_en


@dataclass(frozen=True)
class Phase(Term):
    """One of the six coordination phases, with what good work in it looks like."""

    number: int = 0
    good_zh: tuple[str, ...] = field(default_factory=tuple)
    good_en: tuple[str, ...] = field(default_factory=tuple)
    principles: tuple[str, ...] = field(default_factory=tuple)

    def good(self, lang: str) -> tuple[str, ...]:
        return self.good_zh if lang == "zh" else self.good_en


@dataclass(frozen=True)
class Strategy(Term):
    """A response-strategy code with its SCCT posture and Benoit category."""

    posture: str = ""
    benoit: str = ""


def _table(*terms: Term) -> dict[str, Term]:
    return {t.slug: t for t in terms}


PHASE_LIST: tuple[Phase, ...] = (
    Phase(
        "team",
        "组建协同团队",
        "Form the coordination team",
        "召集相关部门和利益相关方代表，组成统一指挥的危机协同团队。",
        "Bring the departments and stakeholder representatives together into one "
        "coordination team with a single command.",
        number=1,
        good_zh=(
            "明确谁牵头、谁发言、谁决策",
            "公关、法务、运营、客服、社交媒体团队都在场",
            "为外部伙伴（加盟商、供应商、平台）留出联络人",
        ),
        good_en=(
            "It is clear who leads, who speaks and who decides",
            "PR, legal, operations, customer service and the social team are all in the room",
            "External partners (franchisees, suppliers, platforms) have a contact",
        ),
        principles=("shared-goal", "clear-responsibility"),
    ),
    Phase(
        "analyse",
        "信息收集与分析",
        "Collect and analyse information",
        "监测舆情，判断危机的发展趋势、传播范围和公众意见。",
        "Monitor public opinion: the crisis's trend, its reach and what people think.",
        number=2,
        good_zh=("实时监测各平台的声量与情绪", "先查明事实，再表态", "识别关键意见领袖和传播节点"),
        good_en=(
            "Volume and sentiment are watched on every platform in real time",
            "Facts are established before positions are taken",
            "Key opinion leaders and spread hubs are identified",
        ),
        principles=("information-sharing", "fast-response"),
    ),
    Phase(
        "plan",
        "制定危机应对计划",
        "Draw up the crisis response plan",
        "确定应对目标、策略、流程和所需资源。",
        "Set the response's goals, strategy, process and resources.",
        number=3,
        good_zh=(
            "目标清楚：保护公众、恢复信任，而不只是压住声量",
            "策略与危机类型（SCCT）相称",
            "黄金时间内有第一份回应",
        ),
        good_en=(
            "Clear goals: protect people and restore trust, not just lower the volume",
            "The strategy fits the crisis type (SCCT)",
            "A first response goes out within the golden hours",
        ),
        principles=("shared-goal", "fast-response"),
    ),
    Phase(
        "coordinate",
        "制定协同策略",
        "Set the coordination strategy",
        "明确各方分工：谁在哪个渠道做什么、说什么。",
        "Decide who does what, and says what, on which channel.",
        number=4,
        good_zh=("各渠道口径一致", "每项行动有明确负责人", "借助权威第三方（监管、专家）证实"),
        good_en=(
            "One consistent message across channels",
            "Every action has a named owner",
            "Authoritative third parties (regulators, experts) are drawn in",
        ),
        principles=("clear-responsibility", "effective-communication"),
    ),
    Phase(
        "act",
        "实施协同行动",
        "Carry out coordinated action",
        "发布信息、持续监测、落实措施。",
        "Release information, keep monitoring and carry out the measures.",
        number=5,
        good_zh=(
            "说到做到：整改、补偿、召回真正落地",
            "及时回应公众的关切和质疑",
            "保持透明与开放",
        ),
        good_en=(
            "Words become deeds: fixes, compensation and recalls actually happen",
            "Public concerns and doubts are answered in time",
            "The organisation stays transparent and open",
        ),
        principles=("effective-communication", "information-sharing"),
    ),
    Phase(
        "evaluate",
        "评估与反馈",
        "Evaluate and feed back",
        "评估应对效果，总结经验教训，调整策略。",
        "Evaluate the effect, draw the lessons and adjust.",
        number=6,
        good_zh=("用数据衡量效果：声量、负面占比、信任", "复盘并公开改进", "把教训写进预案"),
        good_en=(
            "Effect is measured with data: volume, negative share, trust",
            "A review is held and improvements are made public",
            "Lessons go into the contingency plan",
        ),
        principles=("shared-goal", "information-sharing"),
    ),
)
PHASES: dict[str, Phase] = {p.slug: p for p in PHASE_LIST}
PHASE_SLUGS: tuple[str, ...] = tuple(PHASES)
#: Chinese phase names accepted in files as aliases of the slugs.
PHASE_ALIASES: dict[str, str] = {p.zh: p.slug for p in PHASE_LIST}

LIFECYCLE = _table(
    Term(
        "prevention",
        "预防",
        "Prevention",
        "预案、预警机制、员工意识。",
        "Contingency plans, early warning, staff awareness.",
    ),
    Term(
        "response",
        "应对",
        "Response",
        "快速响应、查明事实、制定方案、实施措施、评估效果。",
        "Respond fast, establish facts, make a plan, carry it out, evaluate.",
    ),
    Term(
        "recovery",
        "恢复",
        "Recovery",
        "修复形象、重建关系、重获信任。",
        "Repair the image, rebuild relationships, regain trust.",
    ),
)

PRINCIPLES = _table(
    Term(
        "shared-goal",
        "目标一致",
        "Shared goal",
        "各方围绕同一个应对目标行动。",
        "Every party acts toward one response goal.",
    ),
    Term(
        "information-sharing",
        "信息共享",
        "Information sharing",
        "团队内外及时共享事实与进展。",
        "Facts and progress are shared in time, inside and out.",
    ),
    Term(
        "clear-responsibility",
        "责任明确",
        "Clear responsibility",
        "每项任务都有明确的负责人。",
        "Every task has a named owner.",
    ),
    Term(
        "fast-response",
        "快速响应",
        "Fast response",
        "在黄金时间内做出第一反应。",
        "A first response comes within the golden hours.",
    ),
    Term(
        "effective-communication",
        "有效沟通",
        "Effective communication",
        "信息一致、真诚，回应公众关切。",
        "Messages are consistent, sincere and answer the public's concerns.",
    ),
)

#: The 5S principles of Chinese crisis PR (游昌乔).
FIVE_S = _table(
    Term(
        "shouldering",
        "承担责任",
        "Shouldering the matter",
        "先承担责任，关注公众的利益与情感。",
        "Take responsibility; care for people's interests and feelings.",
    ),
    Term(
        "sincerity",
        "真诚沟通",
        "Sincerity",
        "坦诚沟通，不隐瞒、不推诿。",
        "Communicate candidly; no hiding, no shifting blame.",
    ),
    Term("speed", "速度第一", "Speed", "抢在谣言之前发声。", "Speak before rumours do."),
    Term(
        "system",
        "系统运行",
        "System",
        "按预案系统地、协调地运作。",
        "Operate systematically, as a coordinated plan.",
    ),
    Term(
        "standard",
        "权威证实",
        "Standard (authority)",
        "请权威第三方证实。",
        "Let authoritative third parties confirm.",
    ),
)

SOCIAL_MEDIA_ROLES = _table(
    Term("release", "信息发布平台", "Information-release platform"),
    Term("monitoring", "舆情监测工具", "Sentiment-monitoring tool"),
    Term("early-warning", "危机预警系统", "Early-warning system"),
)

KINDS = _table(
    Term("trigger", "触发事件", "Trigger"),
    Term("spread", "扩散", "Spread"),
    Term("statement", "声明", "Statement"),
    Term("action", "行动", "Action"),
    Term("third-party", "第三方", "Third party"),
    Term("outcome", "结果", "Outcome"),
)

BRAND_ACTORS = _table(
    Term("executive", "高管", "Executive"),
    Term("pr", "公关部门", "PR team"),
    Term("social-team", "社交媒体团队", "Social-media team"),
    Term("customer-service", "客服", "Customer service"),
    Term("legal", "法务", "Legal"),
    Term("operations", "运营", "Operations"),
    Term("quality", "质量部门", "Quality"),
    Term("hr", "人力资源", "HR"),
    Term("franchise", "加盟商/经销商", "Franchisee / dealer"),
)
EXTERNAL_ACTORS = _table(
    Term("media", "媒体", "Media"),
    Term("regulator", "监管机构", "Regulator"),
    Term("government", "政府", "Government"),
    Term("platform", "平台", "Platform"),
    Term("kol", "意见领袖", "KOL / influencer"),
    Term("public", "公众", "Public"),
    Term("police", "警方", "Police"),
    Term("court", "法院", "Court"),
    Term("partner", "合作伙伴", "Partner"),
    Term("competitor", "竞争对手", "Competitor"),
)
ACTORS = {**BRAND_ACTORS, **EXTERNAL_ACTORS}
BRAND_SIDE: frozenset[str] = frozenset(BRAND_ACTORS)

CHANNELS = _table(
    Term("weibo", "微博", "Weibo"),
    Term("wechat", "微信", "WeChat"),
    Term("douyin", "抖音", "Douyin"),
    Term("xiaohongshu", "小红书", "Xiaohongshu"),
    Term("bilibili", "哔哩哔哩", "Bilibili"),
    Term("zhihu", "知乎", "Zhihu"),
    Term("twitter", "推特/X", "Twitter/X"),
    Term("facebook", "脸书", "Facebook"),
    Term("instagram", "Instagram", "Instagram"),
    Term("youtube", "YouTube", "YouTube"),
    Term("tiktok", "TikTok", "TikTok"),
    Term("linkedin", "领英", "LinkedIn"),
    Term("website", "官网", "Website"),
    Term("press-release", "新闻稿", "Press release"),
    Term("press-conference", "新闻发布会", "Press conference"),
    Term("newspaper", "报纸", "Newspaper"),
    Term("tv", "电视", "TV"),
    Term("livestream", "直播", "Livestream"),
    Term("email", "邮件", "Email"),
    Term("in-store", "门店", "In store"),
    Term("other", "其他", "Other"),
)

#: SCCT postures (Coombs 2007) and Benoit's image-repair categories.
POSTURES = _table(
    Term("deny", "否认型", "Deny"),
    Term("diminish", "淡化型", "Diminish"),
    Term("rebuild", "重建型", "Rebuild"),
    Term("bolster", "强化型", "Bolster"),
)
BENOIT = _table(
    Term("denial", "否认", "Denial"),
    Term("evasion", "逃避责任", "Evasion of responsibility"),
    Term("reducing-offensiveness", "降低攻击性", "Reducing offensiveness"),
    Term("corrective-action", "纠正行动", "Corrective action"),
    Term("mortification", "自责", "Mortification"),
)
STRATEGIES: dict[str, Strategy] = {
    s.slug: s
    for s in (
        Strategy(
            "attack-accuser",
            "攻击指控者",
            "Attack the accuser",
            posture="deny",
            benoit="reducing-offensiveness",
        ),
        Strategy("denial", "否认", "Denial", posture="deny", benoit="denial"),
        Strategy("scapegoat", "替罪羊", "Scapegoat", posture="deny", benoit="denial"),
        Strategy("excuse", "借口", "Excuse", posture="diminish", benoit="evasion"),
        Strategy(
            "justification",
            "合理化",
            "Justification",
            posture="diminish",
            benoit="reducing-offensiveness",
        ),
        Strategy(
            "compensation",
            "补偿",
            "Compensation",
            posture="rebuild",
            benoit="reducing-offensiveness",
        ),
        Strategy("apology", "道歉", "Apology", posture="rebuild", benoit="mortification"),
        Strategy(
            "reminder",
            "提醒过往善举",
            "Reminder",
            posture="bolster",
            benoit="reducing-offensiveness",
        ),
        Strategy(
            "ingratiation",
            "迎合赞扬",
            "Ingratiation",
            posture="bolster",
            benoit="reducing-offensiveness",
        ),
        Strategy("victimage", "自称受害者", "Victimage", posture="bolster", benoit="evasion"),
        # Benoit's categories used as codes; counted as rebuild in SCCT posture mixes.
        Strategy(
            "corrective-action",
            "纠正行动",
            "Corrective action",
            posture="rebuild",
            benoit="corrective-action",
        ),
        Strategy(
            "mortification", "认错自责", "Mortification", posture="rebuild", benoit="mortification"
        ),
    )
}

SCCT_CLUSTERS = _table(
    Term(
        "victim",
        "受害型",
        "Victim",
        "组织也是受害者（谣言、自然灾害、恶意破坏）。",
        "The organisation is a victim too (rumour, natural disaster, tampering).",
    ),
    Term(
        "accidental",
        "意外型",
        "Accidental",
        "无意造成（技术故障、挑战）。",
        "Unintentional (technical error, challenge).",
    ),
    Term(
        "preventable",
        "可预防型",
        "Preventable",
        "本可避免（人为失误、组织不当行为）。",
        "Could have been avoided (human error, organisational misdeed).",
    ),
)
#: Coombs' guidance on which postures fit which cluster (SCCT).
SCCT_FIT: dict[str, frozenset[str]] = {
    "victim": frozenset({"diminish", "bolster", "rebuild"}),
    "accidental": frozenset({"diminish", "rebuild", "bolster"}),
    "preventable": frozenset({"rebuild", "bolster"}),
}
COOMBS_CITATION = (
    "W. T. Coombs, 'Crisis Management and Communications', Institute for Public Relations "
    "(2007); Coombs (2007), Corporate Reputation Review 10(3), 163-176."
)

SCOPES = _table(Term("internal", "内部", "Internal"), Term("external", "外部", "External"))
NATURES = _table(
    Term("natural", "自然灾害", "Natural disaster"), Term("human", "人为事故", "Human-caused")
)
PRECISIONS = _table(
    Term("minute", "分钟", "Minute"), Term("hour", "小时", "Hour"), Term("day", "日", "Day")
)
CERTAINTIES = _table(
    Term("confirmed", "已证实", "Confirmed"), Term("uncertain", "存疑", "Uncertain")
)
EVENT_PROVENANCE = _table(
    Term("documented", "有据可查", "Documented"),
    Term("fictional", "虚构", "Fictional"),
    Term("pending", "待补充", "Pending"),
)
REACTION_PROVENANCE = _table(
    Term("observed", "实测数据", "Observed"),
    Term("simulated", "模拟数据", "Simulated"),
    Term("fictional", "虚构数据", "Fictional"),
    Term("none", "无数据", "None"),
)
SENTIMENTS = _table(
    Term("negative", "负面", "Negative"),
    Term("neutral", "中性", "Neutral"),
    Term("positive", "正面", "Positive"),
)
