"""The six coordination phases a case is worked through, bilingual, in their order.

Each :class:`Phase` says what good work in it looks like and which coordination principles
(:data:`workbench.foundation.concepts.PRINCIPLES`) it exercises; case files name a phase by
its slug or its Chinese name (:data:`PHASE_ALIASES`). :mod:`workbench.foundation.vocab`
re-exports every name here.

>>> PHASES["plan"].number, PHASE_ALIASES["评估与反馈"]
(3, 'evaluate')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .terms import Term


@dataclass(frozen=True)
class Phase(Term):
    """One of the six coordination phases, with what good work in it looks like."""

    number: int = 0
    good_zh: tuple[str, ...] = field(default_factory=tuple)
    good_en: tuple[str, ...] = field(default_factory=tuple)
    principles: tuple[str, ...] = field(default_factory=tuple)

    def good(self, lang: str) -> tuple[str, ...]:
        return self.good_zh if lang == "zh" else self.good_en



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
