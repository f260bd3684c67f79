"""The concepts the workbench teaches, bilingual: the crisis lifecycle, the coordination
principles, the 5S and social media's roles in a crisis. :mod:`workbench.foundation.vocab`
re-exports every name here.

>>> PRINCIPLES["fast-response"].label("zh"), list(FIVE_S)[:2]
('快速响应', ['shouldering', 'sincerity'])
"""

from __future__ import annotations

from .terms import Term
from .terms import table as _table

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
