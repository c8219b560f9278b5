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
