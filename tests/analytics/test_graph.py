"""The interaction graph: one edge per reply, reaction, mention, praise and best answer, never a self-edge;
kept up to date by the task the signals enqueue; incremental updates equal a full rebuild."""

from townsquare.analytics import graph
from townsquare.analytics.models import Interaction
from townsquare.conversations import services
from townsquare.conversations.models import Post

K = Interaction.Kind


def edges():
    return sorted(Interaction.objects.values_list("source_id", "target_id", "kind", "weight", "post_id", "ref_id",
                                                  "created_at"))


def test_each_kind_becomes_a_weighted_edge_and_no_self_edges(world):
    w = world
    question = services.post_create(author=w.alice, body="Who knows the budget? @gina", kind=Post.Kind.QUESTION)
    reply = services.reply_create(author=w.gina, post=question, body="I do, ask @erin too")
    services.reply_create(author=w.alice, post=question, body="Thanks!")            # self-reply: no edge
    services.reaction_set(person=w.erin, post=question, kind="like")
    services.reaction_set(person=w.erin, post=question, kind="insightful")      # a second kind: a second edge
    services.reaction_set(person=w.alice, post=question, kind="like")           # own post: no edge
    services.best_answer_set(person=w.alice, post=question, reply=reply)
    praise = services.post_create(author=w.erin, body="Thank you!", kind=Post.Kind.PRAISE,
                                  praised_people=[w.gina, w.alice, w.erin])
    graph.rebuild()
    got = {(s, t, k, wt) for s, t, k, wt, *_ in edges()}
    assert got == {
        (w.alice.pk, w.gina.pk, K.MENTION, 2),
        (w.gina.pk, w.alice.pk, K.REPLY, 3),
        (w.gina.pk, w.erin.pk, K.MENTION, 2),
        (w.erin.pk, w.alice.pk, K.REACTION, 1),
        (w.alice.pk, w.gina.pk, K.BEST_ANSWER, 5),
        (w.erin.pk, w.gina.pk, K.PRAISE, 4),
        (w.erin.pk, w.alice.pk, K.PRAISE, 4),
    }
    assert Interaction.objects.filter(kind=K.REACTION).count() == 2
    assert not Interaction.objects.filter(source_id=w.erin.pk, target_id=w.erin.pk).exists()
    assert Interaction.objects.filter(post=praise).count() == 2
    reply_edge = Interaction.objects.get(kind=K.REPLY)
    assert reply_edge.created_at == reply.created_at and reply_edge.ref_id == reply.pk


def test_signals_keep_the_graph_up_to_date_and_equal_to_a_rebuild(world, huey_immediate, committed):
    w = world
    post = committed(services.post_create, author=w.alice, body="Plan for Q3, thoughts @gina?")
    assert Interaction.objects.filter(post=post, kind=K.MENTION).count() == 1
    reply = committed(services.reply_create, author=w.gina, post=post, body="Looks good, cc @erin")
    committed(services.reaction_set, person=w.erin, post=post, kind="like")
    committed(services.reaction_set, person=w.otto, post=post, kind="celebrate")
    question = committed(services.post_create, author=w.otto, body="Where is the style guide?", kind=Post.Kind.QUESTION)
    answer = committed(services.reply_create, author=w.alice, post=question, body="In the wiki")
    committed(services.best_answer_set, person=w.otto, post=question, reply=answer)
    committed(services.post_create, author=w.gina, body="Well done", kind=Post.Kind.PRAISE, praised_people=[w.alice])
    incremental = edges()
    assert len(incremental) == 8
    assert any(e[2] == K.REPLY and e[5] == reply.pk for e in incremental)
    graph.rebuild()
    assert edges() == incremental

    # Taking a reaction back and clearing the best answer remove their edges, as a rebuild would.
    committed(services.reaction_unset, person=w.otto, post=post, kind="celebrate")
    committed(services.best_answer_set, person=w.otto, post=question, reply=None)
    incremental = edges()
    assert not any(e[2] == K.BEST_ANSWER for e in incremental)
    assert len([e for e in incremental if e[2] == K.REACTION]) == 1
    graph.rebuild()
    assert edges() == incremental


def test_replaying_a_sync_changes_nothing(world):
    post = services.post_create(author=world.alice, body="Hello @gina")
    services.reaction_set(person=world.gina, post=post, kind="like")
    first = graph.sync_post(post.pk)
    before = edges()
    assert graph.sync_post(post.pk) == first == 2
    assert edges() == before
    assert graph.sync_post(999_999) == 0


def test_deleting_a_post_removes_its_edges(world):
    post = services.post_create(author=world.alice, body="Hello @gina")
    graph.sync_post(post.pk)
    post.delete()
    assert not Interaction.objects.exists()


def test_rebuild_command(world, capsys):
    from django.core.management import call_command

    services.post_create(author=world.alice, body="Hello @gina")
    call_command("analytics_rebuild")
    out = capsys.readouterr().out
    assert "Interaction graph: 1 edges" in out and "Metrics and reports" in out


def test_periodic_tasks_are_scheduled_and_refresh(world, huey_immediate):
    from datetime import datetime

    from huey.contrib.djhuey import HUEY

    from townsquare.analytics import tasks
    from townsquare.analytics.models import PersonMetric, Report

    due = {t.name for t in HUEY.read_periodic(datetime(2025, 1, 15, 9, 5))}
    assert "analytics_refresh" in due
    post = services.post_create(author=world.alice, body="Hello @gina")
    services.post_edit(person=world.alice, post=post, body="Hello @gina and @erin")  # edits send no signal
    tasks.analytics_refresh.call_local()
    assert Interaction.objects.filter(post=post, kind=K.MENTION).count() == 2
    assert PersonMetric.objects.filter(person=world.alice).exists()
    assert set(Report.objects.values_list("key", flat=True)) >= {"network", "org", "index", "iceberg"}
