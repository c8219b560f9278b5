"""Issue 17 #7: your purpose, manifesto and notebook through the API — strictly your own: another person's note
or manifesto version is a 404, as one that does not exist."""

import pytest

from townsquare.notebook import services as notebook
from townsquare.notebook.models import Note
from townsquare.purpose import services as purpose
from townsquare.purpose.models import ManifestoVersion, Purpose

pytestmark = pytest.mark.django_db


def test_choose_a_purpose_from_the_suggestions_or_in_your_own_words(api_as, world):
    client = api_as(world.alice)
    before = client.get("/me/purpose").body
    assert before["purpose"] is None and [s["key"] for s in before["suggestions"]] == ["strategy", "people", "customers"]
    chosen = client.put("/me/purpose", {"source": "customers"}).body
    assert chosen["purpose"]["source"] == "customers" and chosen["purpose"]["text"] == before["suggestions"][2]["text"]
    own = client.put("/me/purpose", {"source": "own", "text": "Open numbers for everyone"})
    assert own.body["purpose"]["text"] == "Open numbers for everyone"
    assert Purpose.objects.filter(person=world.alice).count() == 1
    empty = client.put("/me/purpose", {"source": "own", "text": "  "})
    assert empty.status_code == 422 and "purpose" in empty.body["error"]["message"]
    assert client.put("/me/purpose", {"source": "fame"}).status_code == 422
    assert Purpose.objects.get(person=world.alice).text == "Open numbers for everyone"


def test_manifesto_versions_are_yours_alone(api_as, world):
    client = api_as(world.alice)
    draft = client.post("/me/manifesto", {"body": "Open numbers."})
    assert draft.status_code == 201 and draft.body["published_at"] is None and draft.body["number"] == 1
    published = client.put(f"/me/manifesto/versions/{draft.body['id']}/published").body
    assert published["versions"][0]["current"] is True
    second = client.post("/me/manifesto", {"body": "Open numbers.\nOpen questions.", "publish": True}).body
    assert second["number"] == 2 and second["current"] is True
    gina = api_as(world.gina)
    assert gina.get("/me/manifesto").body == {"versions": []}
    assert gina.put(f"/me/manifesto/versions/{draft.body['id']}/published").status_code == 404
    assert api_as(world.olga).put(f"/me/manifesto/versions/{draft.body['id']}/published").status_code == 404
    assert not any(v["current"] for v in client.delete("/me/manifesto/published").body["versions"])
    assert ManifestoVersion.objects.filter(person=world.alice, published_at__isnull=False).count() == 0


def test_notes_list_create_edit_delete(api_as, world):
    client = api_as(world.alice)
    made = client.post("/me/notes", {"title": "Pricing", "body": "Bundles sell", "source_url": "https://example.com/p",
                                     "tags": ["#Sales", "pricing"]})
    assert made.status_code == 201 and made.body["tags"] == ["sales", "pricing"]
    note_id = made.body["id"]
    other = client.post("/me/notes", {"kind": "experience", "body": "Met a customer", "tags": ["customers"]}).body
    assert [n["id"] for n in client.get("/me/notes").body["items"]] == [other["id"], note_id]
    assert [n["id"] for n in client.get("/me/notes", {"tag": "sales"}).body["items"]] == [note_id]
    assert [n["id"] for n in client.get("/me/notes", {"q": "customer"}).body["items"]] == [other["id"]]
    page = client.get("/me/notes", {"limit": 1}).body
    assert client.get("/me/notes", {"limit": 1, "cursor": page["next_cursor"]}).body["items"][0]["id"] == note_id
    changed = client.put(f"/me/notes/{note_id}", {"kind": "reflection", "body": "Bundles sell better", "tags": []})
    assert changed.status_code == 200 and changed.body["kind"] == "reflection" and changed.body["tags"] == []
    assert client.get(f"/me/notes/{note_id}").body["body"] == "Bundles sell better"
    assert client.delete(f"/me/notes/{note_id}").body == {"id": note_id, "deleted": True}
    assert client.delete(f"/me/notes/{note_id}").status_code == 404
    assert list(Note.objects.values_list("pk", flat=True)) == [other["id"]]


@pytest.mark.parametrize("who", ["gina", "otto", "olga"])
def test_another_persons_note_is_404_for_everyone_admins_included(api_as, world, who):
    note = notebook.note_create(person=world.alice, body="My private thought")
    client = api_as(world.people[who])
    assert client.get(f"/me/notes/{note.pk}").status_code == 404
    assert client.put(f"/me/notes/{note.pk}", {"body": "Mine now"}).status_code == 404
    assert client.delete(f"/me/notes/{note.pk}").status_code == 404
    assert client.get("/me/notes").body["items"] == []
    assert Note.objects.get(pk=note.pk).body == "My private thought"


def test_bad_notes_are_clear_422s_and_change_nothing(api_as, world):
    note = notebook.note_create(person=world.alice, body="Keep me")
    client = api_as(world.alice)
    bad_link = client.put(f"/me/notes/{note.pk}", {"body": "Changed", "source_url": "javascript:alert(1)"})
    assert bad_link.status_code == 422 and "http" in bad_link.body["error"]["message"]
    bad_tag = client.post("/me/notes", {"body": "Hi", "tags": ["no/slash"]})
    assert bad_tag.status_code == 422 and "tag" in bad_tag.body["error"]["message"]
    assert client.post("/me/notes", {"body": "", "kind": "dream"}).status_code == 422
    assert list(Note.objects.values_list("body", flat=True)) == ["Keep me"]


def test_a_read_only_token_reads_but_cannot_write(api_as, world):
    note = notebook.note_create(person=world.alice, body="Read me")
    purpose.purpose_choose(person=world.alice, source="strategy")
    reader = api_as(world.alice, scope="read")
    assert reader.get(f"/me/notes/{note.pk}").status_code == 200 and reader.get("/me/purpose").status_code == 200
    for response in (reader.post("/me/notes", {"body": "New"}), reader.put(f"/me/notes/{note.pk}", {"body": "X"}),
                     reader.delete(f"/me/notes/{note.pk}"), reader.put("/me/purpose", {"source": "people"}),
                     reader.post("/me/manifesto", {"body": "Hi"})):
        assert response.status_code == 403 and response.body["error"]["code"] == "read_only_token"
    assert Note.objects.get(pk=note.pk).body == "Read me" and Purpose.objects.get(person=world.alice).source == "strategy"
