"""Regenerate the fictional reactions.csv and posts.csv of cases/demo-lumen-2024.

The numbers are invented (the case is fictional): attention rises after the trigger,
peaks after the blogger's repost, and the negative share falls after the apology.
Run: .venv/bin/python scripts/make_demo_data.py
"""

from pathlib import Path

import numpy as np
import pandas as pd

FOLDER = Path(__file__).resolve().parent.parent / "cases" / "demo-lumen-2024"
TRIGGER = pd.Timestamp("2024-05-10T20:15:00+08:00")
rng = np.random.default_rng(2024)

hours = np.arange(-2, 169)
start = TRIGGER.floor("h")
rows = []
for platform, share in (("douyin", 0.5), ("weibo", 0.35), ("wechat", 0.15)):
    attention = np.where(hours < 0, 20, 9000 * np.exp(-((hours - 5) ** 2) / 18)
                         + 4000 * np.exp(-np.clip(hours - 5, 0, None) / 30) + 30)
    mentions = rng.poisson(attention * share).astype(int)
    neg_share = np.where(hours < 0, 0.2, np.where(hours < 18, 0.78, 0.78 - 0.4 * (1 - np.exp(-(hours - 18) / 40))))
    negative = rng.binomial(mentions, np.clip(neg_share, 0, 1))
    positive = rng.binomial(mentions - negative, np.where(hours < 18, 0.1, 0.35))
    neutral = mentions - negative - positive
    for h, m, n, ne, p in zip(hours, mentions, negative, neutral, positive, strict=True):
        rows.append({"time": (start + pd.Timedelta(hours=int(h))).isoformat(), "platform": platform,
                     "mentions": m, "negative": n, "neutral": ne, "positive": p})
pd.DataFrame(rows).sort_values(["time", "platform"]).to_csv(FOLDER / "reactions.csv", index=False)

texts = {
    "negative": ["过期原料还敢卖？再也不喝了", "回应太敷衍了，什么叫只超期一天", "加盟店管理一塌糊涂",
                 "Expired milk base, seriously?", "Their first reply made it worse"],
    "neutral": ["等监管部门的调查结果", "有人知道是哪家门店吗", "转发关注后续",
                "Waiting for the regulator's findings"],
    "positive": ["创始人道歉还算有诚意", "后厨直播这个做法可以", "退款很快到账了",
                 "The kitchen livestream is a good move"],
}
posts = []
for i in range(300):
    h = float(rng.gamma(2.0, 14.0))
    neg_p = 0.78 if h < 18 else 0.45
    sentiment = rng.choice(["negative", "neutral", "positive"], p=[neg_p, 0.15, 0.85 - neg_p])
    posts.append({
        "id": f"p{i + 1:04d}",
        "time": (TRIGGER + pd.Timedelta(hours=h)).floor("s").isoformat(),
        "platform": rng.choice(["douyin", "weibo", "wechat"], p=[0.5, 0.35, 0.15]),
        "text": rng.choice(texts[sentiment]),
        "author": f"user{int(rng.integers(1000, 9999))}",
        "sentiment": sentiment if i % 10 else round(float({"negative": -0.6, "neutral": 0.0,
                                                            "positive": 0.7}[sentiment]), 2),
        "sentiment_source": "human",
        "likes": int(rng.poisson(40)), "shares": int(rng.poisson(8)),
        "comments": int(rng.poisson(12)), "brand": "Lumen Tea",
    })
pd.DataFrame(posts).sort_values("time").to_csv(FOLDER / "posts.csv", index=False)
print("wrote", FOLDER / "reactions.csv", "and", FOLDER / "posts.csv")
