"""The course's controlled vocabulary, bilingual: one table for the whole package.

Every value a case file may use (phases, kinds, actors, channels, strategies…) and
every concept the workbench teaches (principles, the 5S, lifecycle, social media's
roles) lives here once, with its Chinese and English label. The phases are kept in
:mod:`~workbench.foundation.phases`, the concepts in :mod:`~workbench.foundation.concepts`
and the :class:`~workbench.foundation.terms.Term` they are made of in
:mod:`~workbench.foundation.terms`; this module names them all (``vocab.PHASES``,
``vocab.PRINCIPLES``…), beside the values of a case file.

>>> PHASES["plan"].zh
'制定危机应对计划'
>>> [p.slug for p in PHASE_LIST][:2]
['team', 'analyse']
>>> STRATEGIES["apology"].posture
'rebuild'
"""

from __future__ import annotations

from dataclasses import dataclass

from .concepts import FIVE_S as FIVE_S
from .concepts import LIFECYCLE as LIFECYCLE
from .concepts import PRINCIPLES as PRINCIPLES
from .concepts import SOCIAL_MEDIA_ROLES as SOCIAL_MEDIA_ROLES
from .phases import PHASE_ALIASES as PHASE_ALIASES
from .phases import PHASE_LIST as PHASE_LIST
from .phases import PHASE_SLUGS as PHASE_SLUGS
from .phases import PHASES as PHASES
from .phases import Phase as Phase
from .terms import Term as Term
from .terms import table as _table


@dataclass(frozen=True)
class Strategy(Term):
    """A response-strategy code with its SCCT posture and Benoit category."""

    posture: str = ""
    benoit: str = ""


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
#: Where a case's platform attention signals (signals.csv) come from; "none" = no file.
SIGNAL_PROVENANCE = REACTION_PROVENANCE
#: Kinds of platform attention signal (the ``signal`` column of signals.csv).
SIGNALS = _table(
    Term("hot-search-rank", "热搜排名", "Hot-search rank",
         "热搜榜上的名次，1 为榜首（整数）。", "Place on a hot-search list, 1 at the top (a whole number)."),
    Term("hot-search-heat", "热搜热度", "Hot-search heat",
         "平台显示的热度值，算法未公开。", "The heat figure the platform shows; its formula is not public."),
    Term("trending-rank", "趋势排名", "Trending rank",
         "趋势榜（如 X/Twitter Trends）上的名次，1 为榜首。",
         "Place on a trending list (e.g. X/Twitter Trends), 1 at the top."),
    Term("reads", "阅读量", "Reads", "话题页显示的阅读量。", "Reads a topic page shows."),
    Term("views", "播放量", "Views", "视频或话题显示的播放量。", "Views a video or topic shows."),
)
#: Signals whose value is a place on a list (whole numbers ≥ 1, smaller is higher).
RANK_SIGNALS = ("hot-search-rank", "trending-rank")

SENTIMENTS = _table(
    Term("negative", "负面", "Negative"),
    Term("neutral", "中性", "Neutral"),
    Term("positive", "正面", "Positive"),
)
