"""Comment themes: the words and phrases customers use most in their return comments, per reason or product.

Latin-script text is split into lower-case words; Chinese is segmented with jieba's bundled dictionary
(no download). Stop words and single characters are dropped; two-word phrases count as themes too.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import select

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Return, ReturnLine
from desktop_app.core.reports.period import Period

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
LATIN_WORD = re.compile(r"[a-zà-ÿ0-9']+")
ENGLISH_STOP = frozenset(
    "a an and are as at be been but by can did do does for from had has have i if in into is it its just me "
    "my no not of on or our so than that the their them then there they this to too too was we were what when "
    "which while who will with would you your very really also after before only one two got get".split()
)
CHINESE_STOP = frozenset(
    "的 了 是 我 你 他 她 它 在 有 和 就 不 也 都 很 还 又 没 没有 这 那 这个 那个 一个 我们 你们 他们 吗 呢 吧 啊 "
    "但是 因为 所以 而且 如果 就是 可以 已经 还是 什么 怎么 非常 比较 一点 有点 感觉 觉得".split()
)


@dataclass(frozen=True)
class Theme:
    """A word or phrase, how many comments use it, and one example comment."""

    term: str
    comments: int
    example: str


@cache
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def _tokens(comment: str) -> list[str | None]:
    """Split a comment into words in order; stop words become None so phrases never span them."""
    tokens: list[str | None] = []
    for piece in re.split(f"({HAN.pattern})", comment.lower()):
        if not piece:
            continue
        if HAN.fullmatch(piece):
            tokens.extend(w if len(w) > 1 and w not in CHINESE_STOP else None for w in _jieba().lcut(piece))
        else:
            tokens.extend(w if len(w) > 2 and w not in ENGLISH_STOP else None for w in LATIN_WORD.findall(piece))
        tokens.append(None)  # a change of script ends a phrase
    return tokens


def terms(comment: str) -> list[str]:
    """Split one comment into meaningful words (Chinese segmented), stop words removed."""
    return [token for token in _tokens(comment) if token]


def _phrases(tokens: list[str | None]) -> set[str]:
    """Two neighbouring meaningful words, joined without a space in Chinese."""
    found = set()
    for a, b in itertools.pairwise(tokens):
        if a and b:
            found.add(a + b if HAN.fullmatch(a) and HAN.fullmatch(b) else f"{a} {b}")
    return found


def themes_of(comments: list[str], limit: int = 10) -> list[Theme]:
    """Count in how many comments each word and two-word phrase appears; most common first."""
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for comment in comments:
        tokens = _tokens(comment)
        found = {token for token in tokens if token} | _phrases(tokens)
        for term in found:
            counts[term] += 1
            examples.setdefault(term, comment.strip())
    ranked = sorted(counts.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))
    chosen: list[Theme] = []
    for term, count in ranked:
        if count < 2 and chosen:
            break
        # a single word inside a phrase that is just as common adds nothing
        if any(term in other.term and other.comments == count for other in chosen):
            continue
        chosen.append(Theme(term, count, examples[term][:200]))
        if len(chosen) == limit:
            break
    return chosen


def comment_themes(db: Database, period: Period, by: str = "reason", limit: int = 8) -> dict[str, list[Theme]]:
    """Group the period's customer comments by reason code or SKU and find each group's themes."""
    start, end = period.utc_bounds()
    key = ReturnLine.reason_code if by == "reason" else ReturnLine.sku
    with db.read() as session:
        rows = session.execute(
            select(key, ReturnLine.customer_comment).join(Return, Return.id == ReturnLine.return_id)
            .where(Return.requested_at >= start, Return.requested_at < end, ReturnLine.customer_comment != "")
        ).all()
    grouped: dict[str, list[str]] = {}
    for group, comment in rows:
        grouped.setdefault(group or "", []).append(comment)
    return {group: themes_of(comments, limit) for group, comments in sorted(grouped.items())}
