"""Demo data for ideas (called by the demo generator at the end of `townsquare seed`): every generated
idea gets its IdeaState, and about a third of them have moved along the pipeline, with a recorded
status change (and a reason for "not now"), so the boards and the organisation analytics show a
pipeline rather than a pile of new ideas. Ideas get votes and collaborators (more for the ones that moved on),
so the board's "most votes" means something; the company has four values, and most praise recognises one, so
the wall's counts per value and the value on each praise card show. Deterministic for the seed; set-based,
quick at 10,000 people."""

import random
from datetime import UTC, datetime, timedelta

from townsquare.conversations.models import Post
from townsquare.ideas import services
from townsquare.ideas.models import (
    CompanyValue,
    IdeaCollaborator,
    IdeaState,
    IdeaStatusChange,
    IdeaVote,
    PraiseValue,
)

Status = IdeaState.Status
NOT_NOW_REASONS = [
    "We looked at it with the team: it is a good idea, but the budget for this year is already committed.",
    "Two other projects touch the same process; we will come back to this once they land.",
    "We tried something close to this last year and learned it needs a tool we do not have yet.",
]
VALUES = [
    ("Customers first", "We start from what customers need, and go and ask them."),
    ("Work in the open", "We share work early, so others can help and nobody starts from zero."),
    ("Own it", "We say what we will do, do it, and say so when we can't."),
    ("Better together", "We help colleagues across teams and give credit where it is due."),
]
VALUE_SHARE = 0.7  # of praise posts that recognise a value
# (status, share of ideas) — the rest stay new
MOVES = [(Status.UNDER_REVIEW, 0.14), (Status.IN_PROGRESS, 0.10), (Status.DONE, 0.07), (Status.NOT_NOW, 0.05)]
PATH = {Status.UNDER_REVIEW: [Status.UNDER_REVIEW], Status.IN_PROGRESS: [Status.UNDER_REVIEW, Status.IN_PROGRESS],
        Status.DONE: [Status.UNDER_REVIEW, Status.IN_PROGRESS, Status.DONE],
        Status.NOT_NOW: [Status.UNDER_REVIEW, Status.NOT_NOW]}


def seed(gen) -> None:
    while services.idea_states_backfill():
        pass
    rng = random.Random(f"{gen.seed}:ideas")
    now = datetime.fromtimestamp(gen.now, UTC)
    ideas = list(IdeaState.objects.select_related("post").order_by("post_id"))
    rng.shuffle(ideas)
    changes, moved, start = [], [], 0
    for status, share in MOVES:
        chosen = ideas[start:start + round(share * len(ideas))]
        start += len(chosen)
        for idea in chosen:
            when, before = idea.post.created_at, Status.NEW
            for step in PATH[status]:
                when = min(now, when + timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 8)))
                reason = rng.choice(NOT_NOW_REASONS) if step == Status.NOT_NOW else ""
                changes.append(IdeaStatusChange(idea=idea, actor_id=idea.owner_id, from_status=before, to_status=step,
                                                reason=reason, created_at=when))
                before = step
            idea.status, idea.status_changed_at = status, when
            moved.append(idea)
    IdeaStatusChange.objects.bulk_create(changes, batch_size=2000)
    IdeaState.objects.bulk_update(moved, ["status", "status_changed_at"], batch_size=2000)
    _votes_and_collaborators(gen, rng, sorted(ideas, key=lambda i: i.post_id), now)
    _values_and_praise(gen, rng)


def _votes_and_collaborators(gen, rng, ideas, now) -> None:
    """A few to a few dozen votes per idea (more for those that moved on), and collaborators on some."""
    people = sorted(p.id for p in gen.P if not p.is_newcomer)
    if not people:
        return
    boost = {Status.NEW: 1, Status.UNDER_REVIEW: 2, Status.NOT_NOW: 2, Status.IN_PROGRESS: 3, Status.DONE: 3}
    votes, helpers = [], []
    for idea in ideas:
        n = min(len(people) - 1, rng.randint(0, 8) * boost[idea.status] + rng.randint(0, 3))
        voters = [pid for pid in rng.sample(people, min(len(people), n + 1)) if pid != idea.owner_id][:n]
        votes += [IdeaVote(idea=idea, person_id=pid, created_at=min(now, idea.post.created_at
                                                                     + timedelta(hours=rng.randint(1, 120))))
                  for pid in voters]
        joined = []
        if idea.status in (Status.IN_PROGRESS, Status.DONE) or rng.random() < 0.25:
            k = rng.randint(1, 3)
            joined = [pid for pid in rng.sample(people, min(len(people), k + 1)) if pid != idea.owner_id][:k]
            helpers += [IdeaCollaborator(idea=idea, person_id=pid, created_at=min(
                now, idea.post.created_at + timedelta(hours=rng.randint(2, 200)))) for pid in joined]
        idea.vote_count, idea.collaborator_count = len(voters), len(joined)
    IdeaVote.objects.bulk_create(votes, batch_size=2000, ignore_conflicts=True)
    IdeaCollaborator.objects.bulk_create(helpers, batch_size=2000, ignore_conflicts=True)
    IdeaState.objects.bulk_update(ideas, ["vote_count", "collaborator_count"], batch_size=2000)


def _values_and_praise(gen, rng) -> None:
    admin_id = gen.P[gen.admin.i].id
    for name, description in VALUES:
        CompanyValue.objects.get_or_create(name=name, defaults={"description": description, "created_by_id": admin_id})
    values = list(CompanyValue.objects.filter(is_active=True).order_by("name"))
    praise = list(Post.objects.filter(kind=Post.Kind.PRAISE, praise_value__isnull=True).order_by("created_at", "id")
                  .values_list("pk", flat=True))
    PraiseValue.objects.bulk_create([PraiseValue(post_id=pk, value=rng.choice(values)) for pk in praise
                                     if rng.random() < VALUE_SHARE], batch_size=2000, ignore_conflicts=True)
