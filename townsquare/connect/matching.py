"""How a mentoring request's topics match a mentor's offered topics: a pure function, no database.

Topics are free words, so an exact match alone misses most real matches ("public speaking" and
"presenting", "negotiating" and "negotiation", a typo such as "forcasting"). Each pair of a requested and
an offered topic is judged by the first rule that holds, strongest first:

1. same topic      — equal after normalising (services.normalise_topics already lower-cases them);
2. similar meaning — both in one of the groups in SYNONYMS (compared by stems, so "presentations" is in
                     the group of "presentation");
3. same word       — they share a word once both are stemmed ("speaking" and "public speaking",
                     "negotiating" and "negotiation"); stop words ("and", "of" …) never count;
4. close spelling  — two words of at least MIN_CLOSE_CHARS letters are alike by difflib's ratio of at
                     least CLOSE_RATIO ("forcasting" and "forecasting": 0.95), for typos and variants.

An offer's score is the sum, over the requested topics, of the best rule each one meets (4, 3, 2, 1), so
more requested topics covered, and covered more exactly, ranks first. `why` keeps one reason per requested
topic for the page to show.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

CLOSE_RATIO = 0.85  # "forcasting"/"forecasting" 0.95, "negotation"/"negotiation" 0.95; "design"/"resign" 0.83 is not
MIN_CLOSE_CHARS = 5  # shorter words are too alike by chance ("sales"/"scale" would not be, "ux"/"ui" would)
STOP_WORDS = frozenset("a an and at for from in into of on or the to with my our your how".split())
# Suffixes taken off a word, the longest that fits, once (leaders → lead, negotiating → negoti), keeping ≥ 3
# letters. Once only: twice would make "leadership" and "lead generation" share "lead".
SUFFIXES = ("ations", "ation", "ating", "ated", "ates", "ments", "ment", "ings", "ing", "ers", "ies", "ate", "er",
            "es", "ed", "ly", "s")
# Topics people write for the same thing. Ours, kept short and plain; extend as real requests show gaps.
SYNONYMS = [
    {"public speaking", "presenting", "presentation", "talks", "keynotes", "speaking"},
    {"machine learning", "ml", "ai", "artificial intelligence", "deep learning"},
    {"sql", "databases", "postgres", "postgresql", "data modelling"},
    {"leadership", "management", "managing people", "people management", "leading teams"},
    {"negotiation", "deal making", "closing deals"},
    {"python", "programming", "coding", "software development"},
    {"ux", "user experience", "user research", "usability"},
    {"writing", "copywriting", "storytelling"},
    {"finance", "budgeting", "accounting"},
    {"career", "career development", "career growth", "promotion"},
    {"feedback", "difficult conversations", "giving feedback"},
    {"analytics", "data analysis", "data science", "statistics"},
]

SAME, SYNONYM, WORD, CLOSE = "same topic", "similar meaning", "same word", "close spelling"
SCORES = {SAME: 4, SYNONYM: 3, WORD: 2, CLOSE: 1}


def stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def words(topic: str) -> list[str]:
    return [w for w in re.split(r"[^\w+#]+", topic.casefold()) if w and w not in STOP_WORDS]


def _key(topic: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(topic))


_GROUPS = [{_key(t) for t in group} for group in SYNONYMS]


@dataclass(frozen=True)
class Reason:
    wanted: str   # the requested topic
    offered: str  # the offered topic it matched
    kind: str     # SAME, SYNONYM, WORD or CLOSE

    @property
    def score(self) -> int:
        return SCORES[self.kind]

    @property
    def text(self) -> str:
        if self.kind == SAME:
            return f"offers “{self.offered}”, as you asked"
        if self.kind == SYNONYM:
            return f"“{self.offered}” is close in meaning to “{self.wanted}”"
        if self.kind == WORD:
            return f"“{self.offered}” shares a word with “{self.wanted}”"
        return f"“{self.offered}” is spelt much like “{self.wanted}”"


def topic_match(wanted: str, offered: str) -> str | None:
    """The strongest rule by which two topics match, or None."""
    if wanted == offered:
        return SAME
    kw, ko = _key(wanted), _key(offered)
    if kw and kw == ko:
        return SAME  # "Negotiations" and "negotiation"
    if any(kw in g and ko in g for g in _GROUPS):
        return SYNONYM
    if set(kw) & set(ko):
        return WORD
    for a in words(wanted):
        for b in words(offered):
            if min(len(a), len(b)) >= MIN_CLOSE_CHARS and SequenceMatcher(None, a, b).ratio() >= CLOSE_RATIO:
                return CLOSE
    return None


def match(wanted: list[str], offered: list[str]) -> list[Reason]:
    """For each requested topic the best offered topic it matches (if any), in the request's order."""
    reasons = []
    for w in wanted:
        best = None
        for o in offered:
            kind = topic_match(w, o)
            if kind and (best is None or SCORES[kind] > best.score):
                best = Reason(wanted=w, offered=o, kind=kind)
        if best:
            reasons.append(best)
    return reasons


def score(reasons: list[Reason]) -> int:
    return sum(r.score for r in reasons)
