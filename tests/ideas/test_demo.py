"""The demo's ideas: every idea post has its state, and the pipeline shows every status."""

import pytest

from townsquare.conversations.models import Post
from townsquare.demo.generator import generate
from townsquare.ideas.models import IdeaState, IdeaStatusChange


@pytest.mark.django_db(transaction=True)
def test_the_demo_ideas_move_along_the_pipeline(monkeypatch):
    monkeypatch.setattr("townsquare.demo.generator.DEMO_EXTENSIONS", ["townsquare.ideas.demo"])
    generate(people=120, seed=7, weeks=3, progress=False)
    assert IdeaState.objects.count() == Post.objects.filter(kind=Post.Kind.IDEA).count() > 20
    statuses = set(IdeaState.objects.values_list("status", flat=True))
    assert statuses == set(IdeaState.Status.values)
    for idea in IdeaState.objects.exclude(status=IdeaState.Status.NEW):
        last = IdeaStatusChange.objects.filter(idea=idea).order_by("-created_at", "-id").first()
        assert last.to_status == idea.status and last.created_at == idea.status_changed_at
        assert last.created_at >= idea.post.created_at
    assert not IdeaStatusChange.objects.filter(to_status=IdeaState.Status.NOT_NOW, reason="").exists()


@pytest.mark.django_db(transaction=True)
def test_the_demo_practices_look_alive(monkeypatch):
    """Issue 17: company values with praise for each, several leaders to ask, votes and collaborators."""
    from django.db.models import Count

    from townsquare.ideas.models import CompanyValue, IdeaCollaborator, IdeaVote, PraiseValue
    from townsquare.practices.models import Leader

    monkeypatch.setattr("townsquare.demo.generator.DEMO_EXTENSIONS",
                        ["townsquare.practices.demo", "townsquare.ideas.demo"])
    generate(people=120, seed=7, weeks=3, progress=False)
    assert CompanyValue.objects.filter(is_active=True).count() == 4
    praise = Post.objects.filter(kind=Post.Kind.PRAISE).count()
    assert praise > 10 and 0.5 * praise < PraiseValue.objects.count() < praise
    assert all(n > 0 for n in PraiseValue.objects.values("value").annotate(n=Count("post")).values_list("n", flat=True))
    assert PraiseValue.objects.values("value").distinct().count() == 4
    assert Leader.objects.count() == 5
    assert IdeaVote.objects.count() > IdeaState.objects.count()  # more than one vote an idea on average
    assert IdeaCollaborator.objects.exists()
    for idea in IdeaState.objects.all():
        assert idea.vote_count == IdeaVote.objects.filter(idea=idea).count()
        assert idea.collaborator_count == IdeaCollaborator.objects.filter(idea=idea).count()
        assert not IdeaCollaborator.objects.filter(idea=idea, person_id=idea.owner_id).exists()
    moved = IdeaState.objects.filter(status=IdeaState.Status.DONE).values_list("vote_count", flat=True)
    assert moved and max(moved) > 0
