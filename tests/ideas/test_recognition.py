"""Recognition: company values managed by org admins; a praise post carries a value from the
composer; the wall (visibility and filters); given and received counts; praise to a team notifies
each member."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from townsquare.conversations import services as conversations
from townsquare.conversations.models import Notification, Post
from townsquare.ideas import selectors, services
from townsquare.ideas.models import CompanyValue, PraiseValue


def praise(author, *, people=(), team=None, group=None, body="Thank you for the forecast!"):
    return conversations.post_create(author=author, body=body, kind=Post.Kind.PRAISE, praised_people=list(people),
                                     praised_group=team, group=group)


def test_only_org_admins_define_values(world):
    with pytest.raises(PermissionDenied):
        services.value_create(person=world.alice, name="Openness")
    value = services.value_create(person=world.olga, name="  Openness ", description="We work out loud.")
    assert value.name == "Openness" and value.is_active


@pytest.mark.parametrize("name, description, message", [
    ("", "", "needs a name"),
    ("   ", "", "needs a name"),
    ("openness", "", "already a value"),
    ("x" * 61, "", "the limit is 60"),
    ("Care", "d" * 201, "the limit is 200"),
])
def test_bad_values_are_refused(world, name, description, message):
    services.value_create(person=world.olga, name="Openness")
    with pytest.raises(ValidationError, match=message):
        services.value_create(person=world.olga, name=name, description=description)
    assert CompanyValue.objects.count() == 1


def test_values_page_is_for_org_admins_and_refuses_bad_input_with_400(world, client_for):
    url = reverse("values_manage")
    assert client_for(world.alice).get(url).status_code == 404
    assert client_for(world.alice).post(url, {"name": "Sneaky"}).status_code == 404
    olga = client_for(world.olga)
    assert olga.post(url, {"name": "Openness", "description": "We work out loud."}).status_code == 302
    response = olga.post(url, {"name": "", "description": "kept"})
    assert response.status_code == 400 and "needs a name" in response.content.decode()
    response = olga.post(url, {"name": "OPENNESS"})
    assert response.status_code == 400 and "already a value" in response.content.decode()
    value = CompanyValue.objects.get()
    response = olga.post(reverse("value_edit", args=[value.pk]), {"name": "", "description": "x", "is_active": "on"})
    assert response.status_code == 400
    value.refresh_from_db()
    assert (value.name, value.description, value.is_active) == ("Openness", "We work out loud.", True)
    assert olga.post(reverse("value_edit", args=[value.pk]), {"name": "Openness", "description": ""}).status_code == 302
    value.refresh_from_db()
    assert value.is_active is False



def test_a_value_to_change_is_for_org_admins_and_unknown_is_the_same_404(world, client_for):
    from django.http import Http404

    from townsquare.ideas import access

    value = services.value_create(person=world.olga, name="Openness")
    assert access.access_value(world.olga, value.pk) == value
    for person, value_id in ((world.alice, value.pk), (world.olga, 999_999), (world.olga, "nope")):
        with pytest.raises(Http404, match="Not found"):
            access.access_value(person, value_id)
    assert client_for(world.alice).post(reverse("value_edit", args=[value.pk]), {"name": "Mine"}).status_code == 404
    assert client_for(world.olga).post(reverse("value_edit", args=[999_999]), {"name": "Mine"}).status_code == 404
    value.refresh_from_db()
    assert value.name == "Openness"


def test_praise_from_the_composer_carries_a_value(world, client_for):
    value = services.value_create(person=world.olga, name="Customers first")
    alice = client_for(world.alice)
    compose = alice.get(reverse("compose"), {"kind": "praise"}).content.decode()
    assert 'name="praise_value"' in compose and "Customers first" in compose
    response = alice.post(reverse("post_create"), {"kind": "praise", "body": "Great demo!", "praised": "@otto",
                                                   "praise_value": str(value.pk)})
    assert response.status_code == 302
    post = Post.objects.get(kind=Post.Kind.PRAISE)
    assert PraiseValue.objects.get(post=post).value == value
    # the value select is ignored for other kinds
    alice.post(reverse("post_create"), {"kind": "update", "body": "Hello", "praise_value": str(value.pk)})
    assert PraiseValue.objects.count() == 1


def test_an_unknown_or_retired_value_rolls_the_praise_back(world, client_for):
    value = services.value_create(person=world.olga, name="Customers first")
    services.value_update(person=world.olga, value=value, name=value.name, description="", is_active=False)
    for bad in (str(value.pk), "999999", "abc"):
        response = client_for(world.alice).post(reverse("post_create"), {
            "kind": "praise", "body": "Great demo!", "praised": "@otto", "praise_value": bad})
        assert response.status_code == 400 and "not available" in response.content.decode()
    assert Post.objects.count() == 0 and PraiseValue.objects.count() == 0


def test_the_wall_shows_only_praise_the_viewer_may_read_and_filters(world, client_for):
    value = services.value_create(person=world.olga, name="Customers first")
    public = praise(world.gina, people=[world.alice], body="Public thanks")
    PraiseValue.objects.create(post=public, value=value)
    private = praise(world.gina, people=[world.alice], group=world.private, body="Private thanks")
    other = praise(world.alice, people=[world.otto], body="Thanks Otto")

    def wall(person, **kw):
        return set(selectors.recognition_wall(person, **kw).values_list("pk", flat=True))

    assert wall(world.otto) == {public.pk, other.pk}
    assert wall(world.alice) == {public.pk, private.pk, other.pk}
    assert wall(world.alice, value=value) == {public.pk}
    assert wall(world.alice, department=world.finance) == {public.pk, private.pk}

    html = client_for(world.otto).get(reverse("recognition_wall")).content.decode()
    assert "Public thanks" in html and "Private thanks" not in html and "Customers first" in html
    html = client_for(world.otto).get(reverse("recognition_wall"), {"value": value.pk}).content.decode()
    assert "Thanks Otto" not in html
    response = client_for(world.otto).get(reverse("recognition_wall"), {"value": "nope"})
    assert response.status_code == 400 and "There is no value" in response.content.decode()


def test_the_wall_has_an_empty_state(world, client_for):
    assert "No praise yet" in client_for(world.otto).get(reverse("recognition_wall")).content.decode()


def test_given_and_received_counts_respect_what_the_viewer_may_read(world, client_for):
    praise(world.gina, people=[world.alice])
    praise(world.gina, people=[world.alice], group=world.private)
    praise(world.erin, team=world.public)  # to a team: received by each member
    praise(world.alice, people=[world.otto])
    assert selectors.recognition_counts(world.alice, world.alice) == {"given": 1, "received": 3}
    assert selectors.recognition_counts(world.otto, world.alice) == {"given": 1, "received": 2}
    assert selectors.recognition_counts(world.otto, world.gina) == {"given": 1, "received": 1}
    html = client_for(world.otto).get(reverse("profile", args=["alice"])).content.decode()
    assert 'data-testid="praise-given">1<' in html and 'data-testid="praise-received">2<' in html


def test_praise_to_a_team_notifies_each_member(world, django_capture_on_commit_callbacks):
    # conversations.post_create already does this (it notifies the active members of the praised
    # group); this test pins the behaviour the recognition feature relies on.
    with django_capture_on_commit_callbacks(execute=True):
        post = praise(world.erin, team=world.public)
    notified = set(Notification.objects.filter(post=post, verb=Notification.Verb.PRAISE)
                   .values_list("recipient__handle", flat=True))
    assert notified == {"gina", "alice"}  # dave's account is deactivated: nothing waits in a closed bell


def test_links_from_the_company_feed_and_groups_pages(world, client_for):
    c = client_for(world.otto)
    for name in ("company", "group_list"):
        html = c.get(reverse(name)).content.decode()
        assert reverse("idea_board") in html and reverse("recognition_wall") in html


# --- issue 17: the value on the post card; counts per value on the wall ----------------------------------

def test_the_chosen_value_shows_on_the_post_card_everywhere(world, client_for):
    value = services.value_create(person=world.olga, name="Customers first")
    response = client_for(world.alice).post(reverse("post_create"), {
        "kind": "praise", "body": "Otto walked a customer through the export.", "praised": "@otto",
        "praise_value": str(value.pk)})
    assert response.status_code == 302
    post = Post.objects.get(kind=Post.Kind.PRAISE)
    otto = client_for(world.otto)
    for url in (reverse("post_detail", args=[post.pk]), reverse("home"), reverse("recognition_wall")):
        html = otto.get(url).content.decode()
        assert 'data-testid="card-label">★ Customers first</span>' in html, url
    # a renamed value shows at once: the card cache keys on the label
    services.value_update(person=world.olga, value=value, name="Customer first", description="", is_active=True)
    assert "★ Customer first<" in otto.get(reverse("post_detail", args=[post.pk])).content.decode()
    # praise without a value, and other posts, carry no label
    praise(world.gina, people=[world.alice], body="Plain thanks")
    conversations.post_create(author=world.alice, body="An update")
    html = otto.get(reverse("home")).content.decode()
    assert html.count('data-testid="card-label"') == 1


def test_the_wall_counts_praise_per_value_within_what_the_reader_may_read(world, client_for):
    customers = services.value_create(person=world.olga, name="Customers first")
    open_ = services.value_create(person=world.olga, name="Work in the open")
    services.value_create(person=world.olga, name="Unused value")
    retired = services.value_create(person=world.olga, name="Old value")
    for body, value, group in (("One", customers, None), ("Two", customers, None), ("Three", open_, None),
                               ("Private", customers, world.private), ("Old", retired, None)):
        PraiseValue.objects.create(post=praise(world.gina, people=[world.alice], group=group, body=body), value=value)
    services.value_update(person=world.olga, value=retired, name="Old value", description="", is_active=False)

    def counts(person):
        return [(v.name, n) for v, n in selectors.value_counts(person)]

    assert counts(world.otto) == [("Customers first", 2), ("Old value", 1), ("Work in the open", 1),
                                  ("Unused value", 0)]
    assert counts(world.alice)[0] == ("Customers first", 3)  # alice reads the private group's praise too
    html = client_for(world.otto).get(reverse("recognition_wall")).content.decode()
    assert 'data-testid="value-counts"' in html and "2 praise" in html and f'href="?value={customers.pk}"' in html
