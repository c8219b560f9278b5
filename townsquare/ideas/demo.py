"""Demo data for ideas (called by the demo generator at the end of `townsquare seed`): every generated
idea gets its IdeaState, and about a third of them have moved along the pipeline, with a recorded
status change (and a reason for "not now"), so the boards and the organisation analytics show a
pipeline rather than a pile of new ideas. Deterministic for the seed; set-based, quick at 10,000 people."""

import random
from datetime import UTC, datetime, timedelta

from townsquare.ideas import services
from townsquare.ideas.models import IdeaState, IdeaStatusChange

Status = IdeaState.Status
NOT_NOW_REASONS = [
    "We looked at it with the team: it is a good idea, but the budget for this year is already committed.",
    "Two other projects touch the same process; we will come back to this once they land.",
    "We tried something close to this last year and learned it needs a tool we do not have yet.",
]
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
