"""Reads of townsquare.influence: the results of a feedback request and of an experiment, for their author (access.py
decides who)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Avg, Count
from django.utils import timezone

from townsquare.conversations.models import Group, Membership, PostView, Reaction, Reply
from townsquare.influence import verdict
from townsquare.influence.models import (
    RATING_MAX,
    RATING_MIN,
    Assignment,
    Experiment,
    FeedbackAnswer,
    FeedbackRequest,
    LinkClick,
    Variant,
)
from townsquare.people.models import Person

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


def request_of_post(post) -> FeedbackRequest | None:
    """The post's feedback request, if its author asked for one (for the author: access.py decides who calls)."""
    return FeedbackRequest.objects.filter(post=post).first()


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


# --- experiments (issue 16 #3) ------------------------------------------------------------------------------------


def experiment_groups(person):
    """The groups `person` may run an experiment in: those they are an active member of (they can post there)."""
    return (Group.objects.filter(memberships__person=person, memberships__state=Membership.State.ACTIVE)
            .order_by("name"))


def experiment_audience(*, author, group):
    """Who an experiment's audience is: active people of the company, or active members of `group`; never the
    author. In id order, each with their department (the split's strata)."""
    people = Person.objects.filter(is_active=True).exclude(pk=author.pk)
    if group is not None:
        people = people.filter(memberships__group=group, memberships__state=Membership.State.ACTIVE)
    return people.only("id", "department_id", "is_active", "name", "handle").order_by("id")


def experiments_of(person):
    """The person's own experiments, newest first, with their variants."""
    return (Experiment.objects.filter(author=person).select_related("group").prefetch_related("variants")
            .order_by("-started_at", "-id"))


@dataclass
class VariantResult:
    variant: Variant
    assigned: int
    reached: int  # people who saw it: viewed its post, or responded to it
    viewed: int
    reacted: int
    replied: int
    clicked: int
    responded: int  # reacted, replied or clicked
    first_response: timedelta | None
    feedback: dict | None  # the summary of a feedback request on the variant's post, if the author asked
    feedback_request: FeedbackRequest | None = None
    arm: verdict.ArmResult | None = None

    def rate(self, n: int) -> float | None:
        return n / self.reached if self.reached else None

    @property
    def reaction_rate(self):
        return self.rate(self.reacted)

    @property
    def reply_rate(self):
        return self.rate(self.replied)

    @property
    def click_rate(self):
        return self.rate(self.clicked)

    @property
    def response_rate(self):
        return self.rate(self.responded)

    @property
    def feedback_score(self) -> float | None:
        f = self.feedback
        if not f or f["clarity"] is None or f["usefulness"] is None:
            return None
        return (f["clarity"] + f["usefulness"]) / 2


@dataclass
class ExperimentResults:
    experiment: Experiment
    variants: list[VariantResult]
    verdict: verdict.Verdict
    until: datetime
    days_running: float
    chart: dict = field(default_factory=dict)


def _people_times(rows) -> dict[int, datetime]:
    first: dict[int, datetime] = {}
    for pk, at in rows:
        if pk not in first or at < first[pk]:
            first[pk] = at
    return first


def experiment_results(experiment: Experiment) -> ExperimentResults:
    """Per variant: reach, reactions, replies, link clicks (people, from its assigned part only), feedback and time
    to first response, all counted until the experiment ended (or now); and the verdict (verdict.py). A fixed
    number of queries per variant."""
    until = experiment.ended_at or timezone.now()
    results = []
    for variant in experiment.variants.select_related("post").order_by("label"):
        part = Assignment.objects.filter(variant=variant).values("person_id")
        post = variant.post
        views = set(PostView.objects.filter(post=post, person_id__in=part, created_at__lte=until)
                    .values_list("person_id", flat=True))
        reactions = _people_times(Reaction.objects.filter(post=post, person_id__in=part, created_at__lte=until)
                                  .values_list("person_id", "created_at"))
        replies = _people_times(Reply.objects.filter(post=post, author_id__in=part, created_at__lte=until)
                                .values_list("author_id", "created_at"))
        clicks = _people_times(LinkClick.objects.filter(link__variant=variant, person_id__in=part,
                                                        created_at__lte=until)
                               .values_list("person_id", "created_at"))
        responded = set(reactions) | set(replies) | set(clicks)
        times = [*reactions.values(), *replies.values(), *clicks.values()]
        fb = FeedbackRequest.objects.filter(post=post).first()
        results.append(VariantResult(
            variant=variant, assigned=variant.size, reached=len(views | responded), viewed=len(views),
            reacted=len(reactions), replied=len(replies), clicked=len(clicks), responded=len(responded),
            first_response=(min(times) - post.created_at) if times else None,
            feedback=summary(fb) if fb is not None else None, feedback_request=fb))
    days = max(0.0, (until - experiment.started_at).total_seconds() / 86400)
    v = verdict.verdict([verdict.Arm(r.variant.label, r.reached, r.responded) for r in results],
                        days_running=days, ended=experiment.is_ended)
    for r, arm in zip(results, v.arms, strict=True):
        r.arm = arm
    chart = {
        "labels": [f"Variant {r.variant.label}" for r in results],
        "observed": [round(100 * r.response_rate, 1) if r.response_rate is not None else None for r in results],
        "interval": [[round(100 * a.low, 1), round(100 * a.high, 1)] for a in v.arms],
        "mean": [round(100 * a.mean, 1) for a in v.arms],
    }
    return ExperimentResults(experiment=experiment, variants=results, verdict=v, until=until, days_running=days,
                             chart=chart)
