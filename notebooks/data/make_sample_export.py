"""Write sample_listening_export.csv: a SYNTHETIC, messy Weibo-style listening export.

Everything here is invented (brands, users, posts, numbers); see README.md beside it.
Run from the repository root:  .venv/bin/python notebooks/data/make_sample_export.py
"""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime, timedelta
from pathlib import Path

OUT = Path(__file__).with_name("sample_listening_export.csv")
rng = random.Random(20240308)

TEXTS = {
    "青禾咖啡": {
        "negative": ["青禾咖啡的杯子里居然有异物，太恶心了", "再也不去青禾咖啡了，客服态度也很差",
                     "视频看得我反胃，青禾咖啡必须给个说法", "Found something in my Qinghe Coffee cup. Disgusting.",
                     "青禾咖啡到现在都没有回应，失望", "Qinghe Coffee ignored my complaint, terrible"],
        "neutral": ["等青禾咖啡官方调查结果", "有人知道是哪家门店吗？", "青禾咖啡发声明了，说正在核查",
                    "Waiting for Qinghe Coffee's statement", "市场监管部门已经介入青禾咖啡事件"],
        "positive": ["青禾咖啡道歉挺快的，处理得还算诚恳", "支持青禾咖啡整改，希望越来越好",
                     "青禾咖啡全额退款还开放了后厨，点赞", "Qinghe Coffee apologised fast. Good move."],
    },
    "Northwind Air": {
        "negative": ["Six hours on the tarmac, no water. Shameful, Northwind Air.",
                     "Worst airline ever, they cancelled without telling us",
                     "北风航空延误六小时没人管，太过分了", "Northwind Air lied about the delay. Angry!",
                     "NW318 passengers were treated terribly"],
        "neutral": ["Northwind Air says it is reviewing the delay", "Any update on flight NW318?",
                    "北风航空发布了情况说明", "Regulator asks Northwind Air for a report"],
        "positive": ["Northwind Air refunded everyone and the CEO apologised, respect",
                     "Good to see Northwind Air compensating passengers", "北风航空的补偿方案还不错",
                     "Great response from Northwind Air today"],
    },
}
START = {"青禾咖啡": datetime(2024, 3, 8, 9, 0), "Northwind Air": datetime(2024, 3, 9, 20, 0)}
PLATFORMS = ["微博", "微博", "微博", "抖音", "小红书", "Twitter", "X"]
LABELS = {"negative": ["负面", "负面", "neg", "Negative"], "neutral": ["中性", "中性", "neutral"],
          "positive": ["正面", "正面", "positive", "pos"]}


def when(t: datetime) -> str:
    """Three ways a Chinese export writes the same local time (no UTC offset)."""
    style = rng.random()
    if style < 0.6:
        return t.strftime("%Y-%m-%d %H:%M:%S")
    if style < 0.85:
        return f"{t.year}/{t.month}/{t.day} {t.hour}:{t.minute:02d}"
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"


def count(n: int) -> str:
    if n >= 10000:
        return f"{n / 10000:.1f}万"
    return f"{n:,}" if n >= 1000 else str(n)


def rows() -> list[list[str]]:
    out, serial = [], 0
    for brand, texts in TEXTS.items():
        for _ in range(170):
            hours = rng.expovariate(1 / 18) - 3
            t = START[brand] + timedelta(hours=hours, seconds=rng.randint(0, 59))
            late = hours > 30
            mood = rng.choices(["negative", "neutral", "positive"],
                               [0.3, 0.35, 0.35] if late else [0.65, 0.25, 0.1])[0]
            label = rng.choice(LABELS[mood])
            if rng.random() < 0.04:
                label = rng.choice(["无关", "irrelevant"])
            elif rng.random() < 0.03:
                label = ""
            serial += 1
            mid = str(4_990_000_000_000_000 + rng.randint(0, 10**12))
            platform = rng.choice(PLATFORMS)
            likes = int(rng.paretovariate(1.2) * 8)
            out.append([str(serial), mid, when(t), f"用户{rng.randint(1000, 9999)}",
                        rng.choice(texts[mood]), platform, brand if rng.random() > 0.01 else "",
                        label, count(likes // 3), count(likes // 2), count(likes),
                        f"https://weibo.com/{rng.randint(10**9, 10**10)}/{mid[-9:]}"
                        if platform == "微博" else ""])
    out.sort(key=lambda r: r[2])
    dups = [list(r) for r in rng.sample(out, 12)]  # the same posts exported twice
    for r in out[:2]:
        r[2] = rng.choice(["刚刚", "3分钟前"])  # relative times the tool did not resolve
    out[5][4] = 'She said "never again",\nand posted the receipt'  # quotes, comma, newline
    return out + dups


def main() -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["序号", "微博ID", "发布时间", "用户昵称", "内容", "平台", "品牌", "情感倾向",
                     "转发数", "评论数", "点赞数", "原文链接"])
    writer.writerows(rows())
    OUT.write_bytes("\ufeff".encode() + buffer.getvalue().encode("utf-8"))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
