"""Reads of townsquare.influence: the results of a feedback request, for its author (access.py decides who)."""

from dataclasses import dataclass, field

from django.db.models import Avg, Count

from townsquare.influence.models import RATING_MAX, RATING_MIN, FeedbackAnswer, FeedbackRequest

# An anonymous request's comments and ratings are shown only once this many people have answered: with one
# answer its rating is that person's, and with two the author who knows one of them knows the other.
ANONYMOUS_COMMENTS_AFTER = 3


@dataclass
class Results:
    request: FeedbackRequest
    count: int
    clarity: float | None
    usefulness: float | None
    # [(rating, clarity count, usefulness count)], 5 first
    distribution: list[tuple[int, int, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # anonymous requests: text only, sorted by value
    named: list[FeedbackAnswer] = field(default_factory=list)  # named requests: each answer with its person
    comments_hidden: bool = False
    ratings_hidden: bool = False
    comments_after: int = ANONYMOUS_COMMENTS_AFTER


def summary(request: FeedbackRequest) -> dict:
    """Count and averages, for the small summary on the post (one query); no averages of an anonymous request
    under ANONYMOUS_COMMENTS_AFTER answers."""
    agg = FeedbackAnswer.objects.filter(request=request).aggregate(
        n=Count("id"), clarity=Avg("clarity"), usefulness=Avg("usefulness"))
    hidden = request.anonymous and agg["n"] < ANONYMOUS_COMMENTS_AFTER
    return {"count": agg["n"], "ratings_hidden": hidden, "ratings_after": ANONYMOUS_COMMENTS_AFTER,
            "clarity": None if hidden else agg["clarity"], "usefulness": None if hidden else agg["usefulness"]}


def feedback_results(request: FeedbackRequest) -> Results:
    answers = list(FeedbackAnswer.objects.filter(request=request).select_related("person"))
    n = len(answers)
    results = Results(
        request=request, count=n,
        clarity=sum(a.clarity for a in answers) / n if n else None,
        usefulness=sum(a.usefulness for a in answers) / n if n else None,
        distribution=[(r, sum(a.clarity == r for a in answers), sum(a.usefulness == r for a in answers))
                      for r in range(RATING_MAX, RATING_MIN - 1, -1)],
    )
    if request.anonymous:
        results.comments_hidden = results.ratings_hidden = n < ANONYMOUS_COMMENTS_AFTER
        if results.ratings_hidden:
            results.clarity = results.usefulness = None
            results.distribution = []
        if not results.comments_hidden:
            results.comments = sorted(a.comment for a in answers if a.comment)
    else:
        results.named = sorted(answers, key=lambda a: (a.person.name.lower() if a.person else "", a.pk))
    return results
