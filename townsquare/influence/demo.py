"""Demo data for influence (issue 16 #7); called by `townsquare seed` (townsquare/demo/generator.py → DEMO_EXTENSIONS).

The demo CEO tries ideas on a small audience first:

- a staged post: shared first as a preview with six of their direct reports, who reply and react; then widened to
  the whole company a day later, so the card reads "First shared with 6 people on …: N responses" and its history
  has the widening;
- an open feedback request (anonymous, to the same six) on a later post, with four answers, so its results and
  comments show;
- a finished experiment: one invitation to the open office hours, worded two ways (A short and plain, B long and
  formal), split over the whole company and ended after eight days. Far more of A's readers reacted, replied or
  followed its link, so the results page names A the winner (verdict.py's 95%).

The posts go through the services (notifications, search, history as in real use) and are then dated on days the
CEO already posted (the coach's history): the demo's coach story keeps its numbers. Deterministic for the seed.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from townsquare.conversations import services as conversations
from townsquare.conversations.models import (
    Post,
    PostPreview,
    PostRevision,
    PostView,
    Reaction,
    Reply,
    SearchEntry,
)
from townsquare.influence import services
from townsquare.influence.models import Experiment, LinkClick, TrackedLink
from townsquare.influence.verdict import MIN_REACH
from townsquare.people.models import Person

PREVIEW_PEOPLE = 6

EXPERIMENT_NAME = "Office hours invitation: short or formal?"
EXPERIMENT_VARIANTS = [
    "Open office hours on Thursday, 4 to 5 pm, in the big meeting room. Bring any question — no agenda, no "
    "slides. [The room plan](https://example.com/office-hours)",
    "In line with our commitment to transparent leadership, I am pleased to announce that the leadership team "
    "will hold open office hours on Thursdays between 4 and 5 pm. All colleagues are welcome to attend and raise "
    "topics of interest. [Further details](https://example.com/office-hours)",
]
# Of the people who saw each variant: the share who react, reply and follow the link (a person may do several).
EXPERIMENT_RATES = [(0.4, 0.1, 0.25), (0.08, 0.02, 0.04)]
EXPERIMENT_REPLIES = ["I'll come — thanks for keeping it simple.", "Good idea, see you Thursday.",
                      "Can we join remotely?", "Will there be a summary afterwards?"]

STAGED = ("Before I share this with everyone: a first draft of our three priorities for next year.\n\n"
          "1. Fewer projects, finished properly.\n2. Customers in every planning meeting.\n"
          "3. Decisions written down where everyone can read them.\n\nWhat is missing? What would you cut?")
PREVIEW_REPLIES = [
    "Number 3 would change my week. Could we start with the leadership meetings?",
    "I'd add something about how we hire — it shapes the other three.",
    "Clear and short. Maybe say what 'fewer' means: a number would help.",
]
ASKED = ("We are trying a new way of running the quarterly planning: one page per team, written before the "
         "meeting, read in silence for ten minutes at the start. I'd like to know if this made sense to you.")
ANSWERS = [
    (5, 4, "Clear. I would like an example page."),
    (4, 5, "Useful — we tried silent reading in my team and it worked."),
    (3, 3, "Not sure how it fits teams that plan monthly."),
    (4, 4, ""),
]


def _readers(gen, ceo) -> list[Person]:
    ids = [gen.P[i].id for i in gen.ceo.reports]
    people = list(Person.objects.filter(pk__in=ids, is_active=True).order_by("pk"))
    if len(people) < PREVIEW_PEOPLE:
        extra = Person.objects.filter(is_active=True).exclude(pk__in=[ceo.pk, *ids]).order_by("pk")
        people += list(extra[:PREVIEW_PEOPLE - len(people)])
    return people[:PREVIEW_PEOPLE]


def _days(ceo) -> list:
    """Moments on days the CEO already posted an update (the coach's history), oldest first."""
    return list(Post.objects.filter(author=ceo, kind=Post.Kind.UPDATE).order_by("created_at")
                .values_list("created_at", flat=True))


def _move(post: Post, when) -> None:
    Post.objects.filter(pk=post.pk).update(created_at=when)
    SearchEntry.objects.filter(kind=SearchEntry.Kind.POST, object_id=post.pk).update(created_at=when)


def seed(gen) -> None:
    rng = random.Random(f"{gen.seed}:influence")
    ceo = Person.objects.get(pk=gen.ceo.id)
    readers = _readers(gen, ceo)
    if len(readers) < 3:
        return
    days = _days(ceo)
    if len(days) < 2:
        return
    first, later = days[0] + timedelta(minutes=20), days[-1] + timedelta(minutes=20)
    with transaction.atomic():
        staged = conversations.post_create(author=ceo, body=STAGED,
                                           audience=conversations.Audience(people=tuple(readers)))
        _move(staged, first)
        PostPreview.objects.filter(post=staged).update(shared_at=first)
        for k, (reader, text) in enumerate(zip(readers, PREVIEW_REPLIES, strict=False)):
            reply = conversations.reply_create(author=reader, post=staged, body=text)
            Reply.objects.filter(pk=reply.pk).update(created_at=first + timedelta(hours=1 + k))
        for reader in readers[len(PREVIEW_REPLIES):]:
            conversations.reaction_set(person=reader, post=staged,
                                       kind=rng.choice([Reaction.Kind.INSIGHTFUL, Reaction.Kind.SUPPORT]))
        Reaction.objects.filter(post=staged).update(created_at=first + timedelta(hours=5))
        staged.refresh_from_db()
        conversations.post_widen(person=ceo, post=staged)
        widened = first + timedelta(days=1)
        PostPreview.objects.filter(post=staged).update(widened_at=widened)
        PostRevision.objects.filter(post=staged, event=PostRevision.Event.WIDENED).update(created_at=widened)

        asked = conversations.post_create(author=ceo, body=ASKED)
        _move(asked, later)
        fb = services.feedback_request_create(author=ceo, post=asked, audience="chosen",
                                              people=[p.handle for p in readers], anonymous=True)
        for reader, (clarity, usefulness, comment) in zip(readers, ANSWERS, strict=False):
            services.feedback_answer(person=reader, request=fb, clarity=clarity, usefulness=usefulness,
                                     comment=comment)
        _experiment(rng, ceo, first + timedelta(hours=2))


def _experiment(rng, ceo, start) -> None:
    """The finished experiment: created through the service, its readers' views, reactions, replies and clicks
    dated within its eight days, then ended by its author."""
    if experiment_audience_size(ceo) < len(EXPERIMENT_VARIANTS) * MIN_REACH:
        return
    end = min(start + timedelta(days=8), timezone.now())
    experiment = services.experiment_create(
        author=ceo, name=EXPERIMENT_NAME, group=None, seed=rng.randrange(2**62),
        variants=[services.VariantDraft(body=b) for b in EXPERIMENT_VARIANTS])
    Experiment.objects.filter(pk=experiment.pk).update(started_at=start)
    span = (end - start).total_seconds()

    def moment():
        return start + timedelta(seconds=rng.uniform(0.02, 0.98) * span)

    for variant, (react, reply, click) in zip(experiment.variants.select_related("post").order_by("label"),
                                              EXPERIMENT_RATES, strict=True):
        post = variant.post
        _move(post, start)
        readers = list(Person.objects.filter(pk__in=variant.assignments.values("person_id")).order_by("pk"))
        seen = [p for p in readers if rng.random() < 0.9]
        PostView.objects.bulk_create([PostView(post=post, person=p, created_at=moment()) for p in seen])
        Post.objects.filter(pk=post.pk).update(view_count=len(seen))
        link = TrackedLink.objects.filter(variant=variant).first()
        replies = iter(EXPERIMENT_REPLIES)
        for person in seen:
            if rng.random() < react:
                conversations.reaction_set(person=person, post=post,
                                           kind=rng.choice([Reaction.Kind.LIKE, Reaction.Kind.SUPPORT]))
                Reaction.objects.filter(post=post, person=person).update(created_at=moment())
            if rng.random() < reply:
                text = next(replies, None)
                if text:
                    r = conversations.reply_create(author=person, post=post, body=text)
                    Reply.objects.filter(pk=r.pk).update(created_at=moment())
            if link is not None and rng.random() < click:
                services.link_click(person=person, link=link)
                LinkClick.objects.filter(link=link, person=person).update(created_at=moment())
    services.experiment_end(author=ceo, experiment=experiment)
    Experiment.objects.filter(pk=experiment.pk).update(ended_at=end)


def experiment_audience_size(ceo) -> int:
    return Person.objects.filter(is_active=True).exclude(pk=ceo.pk).count()
