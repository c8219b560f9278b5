"""A person's export (issue 15 #4): their own things and nothing of anyone else's that is private, anonymous answers
unlinkable, progress, one job at a time, and the download for the owner alone."""

import threading
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.matrix import png
from tests.portability.conftest import data, unzip
from townsquare.conversations import services as conversations
from townsquare.conversations.models import Notification
from townsquare.core.models import OutboxItem
from townsquare.influence import services as influence
from townsquare.notebook import services as notebook
from townsquare.portability import builder, personal, services
from townsquare.portability.models import ExportJob
from townsquare.practices import services as practices
from townsquare.purpose import services as purpose

pytestmark = pytest.mark.django_db


@pytest.fixture
def things(world):
    """alice's own things, and gina's private ones (a secret-group post, a note) that must stay out of alice's zip."""
    w = world
    mine = conversations.post_create(author=w.alice, body="My update on the forecast",
                                     files=[SimpleUploadedFile("chart.png", png(), content_type="image/png")])
    secret_mine = conversations.post_create(author=w.alice, body="Alice in the board prep", group=w.secret)
    ginas = conversations.post_create(author=w.gina, body="Gina's secret board note", group=w.secret)
    conversations.post_create(author=w.gina, body="Gina's finance team plan", group=w.private)
    conversations.reply_create(author=w.alice, post=ginas, body="Alice replies in secret")
    conversations.reaction_set(person=w.alice, post=ginas)
    conversations.bookmark_set(person=w.alice, post=mine)
    notebook.note_create(person=w.alice, body="What alice read today", title="Alice's note")
    notebook.note_create(person=w.gina, body="Gina's private notebook entry", title="Gina's note")
    purpose.manifesto_save(person=w.alice, body="Alice's manifesto draft, not published")
    anon_poll = practices.poll_create(author=w.gina, question="Lunch?", options=["Soup", "Salad"], anonymous=True)
    practices.poll_vote(person=w.alice, poll=anon_poll, option_ids=[anon_poll.options.get(label="Salad").pk])
    named_poll = practices.poll_create(author=w.gina, question="Offsite?", options=["Spring", "Autumn"])
    practices.poll_vote(person=w.alice, poll=named_poll, option_ids=[named_poll.options.get(label="Autumn").pk])
    fb = influence.feedback_request_create(author=w.gina, post=conversations.post_create(author=w.gina, body="Rate me"),
                                           audience="readers", anonymous=True)
    influence.feedback_answer(person=w.alice, request=fb, clarity=2, usefulness=3,
                              comment="Alice's anonymous comment zebra")
    return {"mine": mine, "secret_mine": secret_mine, "ginas": ginas, "anon_poll": anon_poll, "fb": fb}


def export_for(client, person, drain):
    c = client(person)
    assert c.post(reverse("my_export")).status_code == 302
    drain()
    job = ExportJob.objects.get(person=person, kind="person")
    assert job.state == "done", job.error
    response = c.get(reverse("export_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return job, unzip(response)


def test_the_zip_holds_my_things_and_not_others_private_ones(world, things, client_for, drain):
    job, files = export_for(client_for, world.alice, drain)
    everything = b"\n".join(files.values())

    assert {"manifest.json", "README.txt", "profile.json", "posts.json", "replies.json", "reactions.json",
            "bookmarks.json", "notebook.json", "purpose.json", "habit_history.json", "analytics.json",
            "polls.json", "feedback.json"} <= set(files)
    assert data(files, "profile.json")[0]["email"] == "alice@example.test"
    assert "password" not in data(files, "profile.json")[0]
    bodies = {p["body"] for p in data(files, "posts.json")}
    assert {"My update on the forecast", "Alice in the board prep"} <= bodies
    assert [r["body"] for r in data(files, "replies.json")] == ["Alice replies in secret"]
    assert [r["post_id"] for r in data(files, "reactions.json")] == [things["ginas"].pk]
    assert [n["title"] for n in data(files, "notebook.json")[0]["notes"]] == ["Alice's note"]
    assert data(files, "purpose.json")[0]["manifesto_versions"][0]["body"] == "Alice's manifesto draft, not published"

    # The attachment's file, with the checksum the manifest gives.
    attachment = data(files, "attachments.json")[0]
    assert attachment["file"].startswith("files/") and files[attachment["file"]] == png()
    manifest = data(files, "manifest.json")
    assert manifest["kind"] == "person" and manifest["person_id"] == world.alice.pk
    assert {f["file"] for f in manifest["files"]} == {n for n in files if n.endswith(".json") and n != "manifest.json"}
    assert manifest["privacy"] and "anonymous" in " ".join(manifest["privacy"]).lower()
    assert "posts.json" in files["README.txt"].decode()

    # Nothing of gina's that is private: her secret-group post, her finance-team post, her notebook.
    for text in (b"Gina's secret board note", b"Gina's finance team plan", b"Gina's private notebook entry"):
        assert text not in everything, text


def test_anonymous_answers_are_not_in_the_zip(world, things, client_for, drain):
    _, files = export_for(client_for, world.alice, drain)
    everything = b"\n".join(files.values())
    # The anonymous feedback comment alice gave, and her anonymous poll choice, are nowhere.
    assert b"zebra" not in everything
    polls = data(files, "polls.json")[0]
    salad = things["anon_poll"].options.get(label="Salad").pk
    assert all(v["option_id"] != salad for v in polls["my_votes_in_named_polls"])
    assert [p["anonymous"] for p in polls["polls_i_took_part_in"]] == [True, False]
    assert len(polls["my_votes_in_named_polls"]) == 1  # the named poll's vote is hers and is there
    feedback = data(files, "feedback.json")[0]
    assert feedback["my_named_answers"] == []
    assert [r["anonymous"] for r in feedback["requests_i_answered"]] == [True]
    assert not any("clarity" in r for r in feedback["requests_i_answered"])


def test_progress_and_the_bell(world, client_for, drain):
    c = client_for(world.alice)
    c.post(reverse("my_export"))
    job = ExportJob.objects.get(person=world.alice)
    assert (job.state, job.progress) == ("queued", 0)
    status = c.get(reverse("my_export_status")).content.decode()
    assert "Waiting to start" in status and 'data-poll-url="/me/export/status/"' in status

    ExportJob.objects.filter(pk=job.pk).update(state="running", progress=40)
    status = c.get(reverse("my_export_status")).content.decode()
    assert "Being prepared" in status and "40%" in status and "data-poll-url" in status
    ExportJob.objects.filter(pk=job.pk).update(state="queued", progress=0)

    drain()
    job.refresh_from_db()
    assert (job.state, job.progress) == ("done", 100)
    assert job.expires_at - job.finished_at == timedelta(days=services.keep_days())
    status = c.get(reverse("my_export_status")).content.decode()
    assert "data-poll-url" not in status and reverse("export_download", args=[job.pk]) in status
    note = Notification.objects.get(recipient=world.alice)
    assert note.link == reverse("my_export") and "ready to download" in note.message
    assert "ready to download" in c.get(reverse("notifications")).content.decode()


def test_the_builder_reports_progress_as_it_goes(world, things, tmp_path):
    seen = []
    kinds = [(k, d, (lambda f=f: f(world.alice))) for k, d, f in personal.KINDS]
    builder.write_zip(tmp_path / "x.zip", title="t", intro="i", kinds=kinds, privacy=[], about={},
                      progress=seen.append)
    assert seen == sorted(seen) and len(set(seen)) > 5 and seen[-1] >= 80


def test_asking_twice_gives_one_job(world, client_for, drain):
    c = client_for(world.alice)
    c.post(reverse("my_export"))
    response = c.post(reverse("my_export"), follow=True)
    assert "already being prepared" in response.content.decode()
    assert ExportJob.objects.filter(person=world.alice).count() == 1
    assert OutboxItem.objects.filter(handler=services.HANDLER).count() == 1
    drain()
    # Once done, a new ask makes a new job.
    c.post(reverse("my_export"))
    assert ExportJob.objects.filter(person=world.alice).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_make_one_job(world):
    barrier = threading.Barrier(2)
    results, errors = [], []

    def ask():
        try:
            barrier.wait(timeout=10)
            results.append(services.export_request(person=world.alice))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert len({job.pk for job, _ in results}) == 1
    assert sorted(created for _, created in results) == [False, True]
    assert ExportJob.objects.filter(person=world.alice).count() == 1
    assert OutboxItem.objects.filter(handler=services.HANDLER).count() == 1


def test_only_the_owner_downloads(world, client_for, drain):
    client_for(world.alice).post(reverse("my_export"))
    drain()
    job = ExportJob.objects.get(person=world.alice)
    url = reverse("export_download", args=[job.pk])
    assert client_for(world.alice).get(url).status_code == 200
    for other in (world.gina, world.otto, world.olga, world.erin):
        assert client_for(other).get(url).status_code == 404, other
    assert client_for(None).get(url).status_code == 302
    assert client_for(world.alice).get(reverse("export_download", args=[job.pk + 99])).status_code == 404

    # Expired: gone for its owner too, and the purge deletes the file.
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client_for(world.alice).get(url).status_code == 404
    assert services.exports_purge() == 1
    job.refresh_from_db()
    assert job.file_path == ""


def test_a_failed_build_says_so(world, client_for, drain, settings):
    client_for(world.alice).post(reverse("my_export"))
    (settings.DATA_DIR / "exports").write_text("a file where the exports directory should be")  # writing fails
    drain()
    job = ExportJob.objects.get(person=world.alice)
    assert job.state == "failed" and job.error
    page = client_for(world.alice).get(reverse("my_export")).content.decode()
    assert "could not be made" in page and "Prepare my export" in page


def test_every_model_is_exported_or_says_why_not():
    """A new table must be added to personal.py: to a kind (COVERED) or to NOT_EXPORTED with the reason."""
    labels = {m._meta.label_lower for m in apps.get_models() if m._meta.app_config.name.startswith("townsquare.")}
    unknown = labels - set(personal.COVERED) - set(personal.NOT_EXPORTED)
    assert unknown == set(), f"say in townsquare/portability/personal.py whether these are in a person's export: {unknown}"
    assert not set(personal.COVERED) & set(personal.NOT_EXPORTED)
