"""Reads of townsquare.influence: the results of a feedback request, for its author (access.py decides who)."""

from dataclasses import dataclass, field

from django.db.models import Avg, Count

from townsquare.influence.models import RATING_MAX, RATING_MIN, FeedbackAnswer, FeedbackRequest

# Anonymous comments are shown only once this many people have answered, so none can be told apart by elimination.
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
    comments_after: int = ANONYMOUS_COMMENTS_AFTER


def summary(request: FeedbackRequest) -> dict:
    """Count and averages, for the small summary on the post (one query)."""
    agg = FeedbackAnswer.objects.filter(request=request).aggregate(
        n=Count("id"), clarity=Avg("clarity"), usefulness=Avg("usefulness"))
    return {"count": agg["n"], "clarity": agg["clarity"], "usefulness": agg["usefulness"]}


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
        results.comments_hidden = n < ANONYMOUS_COMMENTS_AFTER
        if not results.comments_hidden:
            results.comments = sorted(a.comment for a in answers if a.comment)
    else:
        results.named = sorted(answers, key=lambda a: (a.person.name.lower() if a.person else "", a.pk))
    return results
