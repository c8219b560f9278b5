"""What worked for me (issue 16 #5): the person's own posts compared by form, length, question or not, purpose tag
and time of day — on their own analytics page, for them alone (views.personal passes request.user; nothing here
takes another person).

The care is the experiments' (influence/verdict.py): a post "drew a response" when someone other than its author
replied or reacted. For each bucket of a comparison (say, "asks a question") with `n` posts of which `k` drew a
response, the response rate gets a Beta-Binomial posterior from a uniform prior, Beta(1 + k, 1 + n − k); the page
shows the observed rate and its 95% credible interval (scipy.stats.beta.ppf). A bucket with fewer than MIN_POSTS
posts makes no claim ("not enough posts yet to tell"). A comparison says one bucket worked better only when, among
the buckets with enough posts, its probability of having the highest true rate is at least CLEAR (0.95, by Monte
Carlo with a fixed seed, so the page does not change on reload); otherwise it says there is no clear difference
yet. Only posts at least a day old count (each has had a day to draw a response), from the last WINDOW_DAYS days.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
from django.utils import timezone
from scipy.stats import beta

from townsquare.conversations.models import Post, Reaction, Reply

WINDOW_DAYS = 180
SETTLE = timedelta(days=1)  # a post this young has not had its chance to draw a response yet
MIN_POSTS = 5  # posts in a bucket, at least, before it says anything
CREDIBLE = 0.95
CLEAR = 0.95  # P(best) a bucket needs before we say it worked better
DRAWS = 20_000
SEED = 5

SHORT_WORDS, LONG_WORDS = 50, 150
NOT_ENOUGH = "Not enough posts yet to tell."


@dataclass
class Bucket:
    label: str
    posts: int
    responded: int
    rate: float | None = None  # observed, 0–1
    low: float | None = None  # the 95% credible interval of the true rate
    high: float | None = None
    p_best: float | None = None
    enough: bool = False

    @property
    def rate_pct(self) -> int | None:
        return None if self.rate is None else round(100 * self.rate)

    @property
    def interval(self) -> str:
        if self.low is None:
            return ""
        return f"{round(100 * self.low)}–{round(100 * self.high)}%"


@dataclass
class Comparison:
    key: str
    title: str
    buckets: list[Bucket] = field(default_factory=list)
    summary: str = NOT_ENOUGH
    best: str = ""  # the bucket's label when one clearly worked better


def _time_of_day(hour: int) -> str:
    if 6 <= hour < 12:
        return "Morning (6–12)"
    if 12 <= hour < 17:
        return "Afternoon (12–17)"
    if 17 <= hour < 22:
        return "Evening (17–22)"
    return "Night (22–6)"


def _length(words: int) -> str:
    if words < SHORT_WORDS:
        return f"Short (under {SHORT_WORDS} words)"
    if words <= LONG_WORDS:
        return f"Medium ({SHORT_WORDS}–{LONG_WORDS} words)"
    return f"Long (over {LONG_WORDS} words)"


def asks_question(post_kind: str, body: str) -> bool:
    return post_kind == Post.Kind.QUESTION or "?" in body


def compare(key: str, title: str, outcomes: dict[str, list[bool]], *, what: str) -> Comparison:
    """One comparison from {bucket label: [drew a response?, …]}; `what` names the buckets in the summary."""
    buckets = []
    for label, results in sorted(outcomes.items()):
        n, k = len(results), sum(results)
        b = Bucket(label=label, posts=n, responded=k, enough=n >= MIN_POSTS)
        if b.enough:
            b.rate = k / n
            b.low, b.high = (float(x) for x in beta.ppf([(1 - CREDIBLE) / 2, (1 + CREDIBLE) / 2], 1 + k, 1 + n - k))
        buckets.append(b)
    comparison = Comparison(key=key, title=title, buckets=buckets)
    ready = [b for b in buckets if b.enough]
    if len(buckets) == 1:
        only = buckets[0]
        comparison.summary = (f"Nothing to compare yet: all {only.posts} of your posts here are in one group "
                              f"({only.label.lower()}). Try another kind of {what} and look again.")
        return comparison
    if len(ready) < 2:
        comparison.summary = NOT_ENOUGH + (f" Each kind of {what} needs at least {MIN_POSTS} posts before we "
                                           "compare it; write a few more and look again.")
        return comparison
    rng = np.random.default_rng(SEED)
    draws = np.column_stack([rng.beta(1 + b.responded, 1 + b.posts - b.responded, DRAWS) for b in ready])
    wins = np.bincount(draws.argmax(axis=1), minlength=len(ready)) / DRAWS
    for b, p in zip(ready, wins, strict=True):
        b.p_best = float(p)
    top = max(ready, key=lambda b: b.p_best)
    others = ", ".join(f"{b.responded} of {b.posts} ({b.rate_pct}%) for {b.label.lower()}"
                       for b in ready if b is not top)
    if top.p_best >= CLEAR:
        comparison.best = top.label
        comparison.summary = (f"{top.label} worked best for you: {top.responded} of {top.posts} posts "
                              f"({top.rate_pct}%) drew a response, against {others}.")
    else:
        comparison.summary = (f"No clear difference yet between the kinds of {what}: {top.label.lower()} "
                              f"{top.responded} of {top.posts} ({top.rate_pct}%), {others}.")
    return comparison


def what_worked(person, now=None) -> list[Comparison]:
    """The person's own posts, compared five ways (3 queries)."""
    now = now or timezone.now()
    posts = list(Post.objects.filter(author=person, created_at__gte=now - timedelta(days=WINDOW_DAYS),
                                     created_at__lte=now - SETTLE)
                 .values_list("id", "kind", "body", "created_at", "purpose_tag__id"))
    ids = [p[0] for p in posts]
    answered = set(Reply.objects.filter(post_id__in=ids).exclude(author=person).values_list("post_id", flat=True))
    answered |= set(Reaction.objects.filter(post_id__in=ids).exclude(person=person).values_list("post_id", flat=True))
    tz = timezone.get_current_timezone()
    try:
        from zoneinfo import ZoneInfo

        tz = ZoneInfo(person.time_zone) if person.time_zone else tz
    except (KeyError, ValueError):
        pass
    kinds = dict(Post.Kind.choices)
    dims: dict[str, dict[str, list[bool]]] = {k: {} for k in ("form", "length", "question", "purpose", "time")}
    for pk, kind, body, created, tag in posts:
        hit = pk in answered
        dims["form"].setdefault(kinds.get(kind, kind), []).append(hit)
        dims["length"].setdefault(_length(len(body.split())), []).append(hit)
        dims["question"].setdefault("Asks a question" if asks_question(kind, body) else "No question", []).append(hit)
        dims["purpose"].setdefault("Tagged as serving my purpose" if tag else "Not tagged", []).append(hit)
        dims["time"].setdefault(_time_of_day(created.astimezone(tz).hour), []).append(hit)
    return [
        compare("form", "By form", dims["form"], what="post"),
        compare("length", "By length", dims["length"], what="length"),
        compare("question", "Asking a question, or not", dims["question"], what="post"),
        compare("purpose", "By purpose tag", dims["purpose"], what="post"),
        compare("time", "By time of day", dims["time"], what="time of day"),
    ]
