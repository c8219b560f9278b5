"""Experiments (issue 16 #3): the verdict's maths against known answers, the random split, the variants' posts
readable only by their own part (access function, feeds, API), the counted links, the results and bad input."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate
from scipy.stats import beta

from townsquare.conversations import services as conversations
from townsquare.conversations.access import access_post, posts_visible_to
from townsquare.conversations.models import Notification, Post, PostView, Reaction, Reply
from townsquare.influence import assignment, links, selectors, services, verdict
from townsquare.influence.access import access_experiment, access_tracked_link
from townsquare.influence.models import Assignment, Experiment, LinkClick, TrackedLink, Variant
from townsquare.influence.services import VariantDraft
from townsquare.people.models import Department, Person

# --- the verdict's maths ------------------------------------------------------------------------------------------


def test_posteriors_match_hand_computed_betas():
    """18 of 100 → Beta(19, 83): mean 19/102; 31 of 100 → Beta(32, 70): mean 32/102 (uniform prior)."""
    v = verdict.verdict([verdict.Arm("A", 100, 18), verdict.Arm("B", 100, 31)], days_running=10, ended=False)
    a, b = v.arms
    assert verdict.posterior(18, 100) == (19, 83) and verdict.posterior(31, 100) == (32, 70)
    assert a.mean == pytest.approx(19 / 102) and b.mean == pytest.approx(32 / 102)
    assert round(a.mean, 3) == 0.186 and round(b.mean, 3) == 0.314
    # 95% credible intervals: the 2.5% and 97.5% quantiles of each Beta
    assert (round(a.low, 3), round(a.high, 3)) == (0.117, 0.267)
    assert (round(b.low, 3), round(b.high, 3)) == (0.228, 0.407)
    assert (round(a.low, 3), round(a.high, 3)) == (round(beta.ppf(.025, 19, 83), 3), round(beta.ppf(.975, 19, 83), 3))
    # P(B best) = P(p_B > p_A) = ∫ f_B(x) F_A(x) dx, by numeric integration: the Monte Carlo estimate agrees
    exact, _ = integrate.quad(lambda x: beta.pdf(x, 32, 70) * beta.cdf(x, 19, 83), 0, 1)
    assert round(exact, 3) == 0.983
    assert b.p_best == pytest.approx(exact, abs=0.002) and a.p_best == pytest.approx(1 - exact, abs=0.002)
    assert a.p_best + b.p_best == pytest.approx(1)
    # expected loss of A = E[max(pA, pB) − pA] = E[(pB − pA)⁺] > E[pB − pA] = 32/102 − 19/102
    assert a.expected_loss > 13 / 102 - 0.001 and b.expected_loss < 0.001
    assert v.state == verdict.WINNER and v.winner == "B"


def test_no_data_is_the_uniform_prior():
    arm = verdict.verdict([verdict.Arm("A", 0, 0), verdict.Arm("B", 0, 0)], days_running=0, ended=True).arms[0]
    assert (arm.mean, round(arm.low, 3), round(arm.high, 3)) == (0.5, 0.025, 0.975)
    assert arm.rate is None


def test_a_lopsided_case_has_a_winner_near_certain():
    v = verdict.verdict([verdict.Arm("A", 50, 40), verdict.Arm("B", 50, 5)], days_running=7, ended=False)
    a, b = v.arms
    assert a.p_best > 0.9999 and b.p_best < 0.0001
    assert a.expected_loss < 0.0001 and b.expected_loss == pytest.approx(41 / 52 - 6 / 52, abs=0.003)
    assert v.state == verdict.WINNER and v.winner == "A"
    assert "more than 99% chance that A is better than B" in " ".join(v.sentences)


def test_two_equal_variants_are_no_difference():
    v = verdict.verdict([verdict.Arm("A", 120, 30), verdict.Arm("B", 120, 30)], days_running=14, ended=True)
    assert v.state == verdict.NO_DIFFERENCE and v.winner is None
    assert [round(a.p_best, 2) for a in v.arms] == [0.5, 0.5]
    assert v.sentences[0].startswith("Variant ") and "could well be chance" in v.sentences[1]


def test_a_small_difference_is_no_difference_yet():
    v = verdict.verdict([verdict.Arm("A", 40, 10), verdict.Arm("B", 40, 13)], days_running=9, ended=False)
    assert v.state == verdict.NO_DIFFERENCE and 0.5 < v.best.p_best < verdict.WIN_PROBABILITY


def test_three_variants_probabilities_and_losses():
    v = verdict.verdict([verdict.Arm("A", 60, 12), verdict.Arm("B", 60, 30), verdict.Arm("C", 60, 14)],
                        days_running=8, ended=False)
    assert sum(a.p_best for a in v.arms) == pytest.approx(1)
    assert all(a.expected_loss >= 0 for a in v.arms)
    assert min(v.arms, key=lambda a: a.expected_loss).label == v.best.label == "B"
    assert "against 20% for A and 23% for C." in " ".join(v.sentences)
    assert "better than A and C" in " ".join(v.sentences)


def test_the_verdict_is_reproducible():
    arms = [verdict.Arm("A", 33, 9), verdict.Arm("B", 31, 12)]
    first = verdict.verdict(arms, days_running=8, ended=False)
    again = verdict.verdict(arms, days_running=8, ended=False)
    assert [(a.p_best, a.expected_loss) for a in first.arms] == [(a.p_best, a.expected_loss) for a in again.arms]


def test_no_verdict_before_the_minimum_sample():
    lopsided = [verdict.Arm("A", 19, 19), verdict.Arm("B", 40, 0)]
    assert verdict.verdict(lopsided, days_running=30, ended=True).state == verdict.TOO_EARLY  # A seen by 19
    enough = [verdict.Arm("A", 20, 20), verdict.Arm("B", 20, 0)]
    early = verdict.verdict(enough, days_running=6.9, ended=False)
    assert early.state == verdict.TOO_EARLY and "run for 7 days" in early.sentences[0]
    assert verdict.verdict(enough, days_running=6.9, ended=True).state == verdict.WINNER  # ended by its author
    assert verdict.verdict(enough, days_running=7, ended=False).state == verdict.WINNER


def test_bad_counts_are_refused():
    with pytest.raises(ValueError):
        verdict.posterior(5, 4)
    with pytest.raises(ValueError):
        verdict.verdict([verdict.Arm("A", 5, 1)], days_running=8, ended=False)


# --- the split --------------------------------------------------------------------------------------------------

people_and_departments = st.lists(st.tuples(st.integers(1, 10_000), st.sampled_from([None, 1, 2, 3, 4])),
                                  min_size=0, max_size=120, unique_by=lambda t: t[0])


@settings(max_examples=150, deadline=None)
@given(people=people_and_departments, parts=st.integers(2, 4), seed=st.integers(0, 2**62))
def test_the_split_is_balanced_by_department_and_disjoint(people, parts, seed):
    out = assignment.split(people, parts=parts, seed=seed)
    assert len(out) == parts
    everyone = [pk for part in out for pk in part]
    assert sorted(everyone) == sorted(pk for pk, _ in people)  # everyone in exactly one part
    department = dict(people)
    for stratum in {d for _, d in people}:
        sizes = [sum(1 for pk in part if department[pk] == stratum) for part in out]
        assert max(sizes) - min(sizes) <= 1, (stratum, sizes)
    sizes = [len(part) for part in out]
    assert max(sizes) - min(sizes) <= 1
    assert assignment.split(list(reversed(people)), parts=parts, seed=seed) == out  # only the seed decides


def test_the_split_is_random_between_seeds():
    people = [(pk, pk % 3) for pk in range(1, 61)]
    assert assignment.split(people, parts=2, seed=1) != assignment.split(people, parts=2, seed=2)


# --- links --------------------------------------------------------------------------------------------------------


def test_links_are_made_countable_and_only_http():
    body, tracked = links.track(
        "Read [the plan](https://example.com/plan?a=1) and <http://example.org/x>. Not [mail](mailto:a@b.c), "
        "not [this](javascript:alert(1)), not [ftp](ftp://example.com/f), not a bare https://example.net.",
        path_for=lambda token: f"/x/{token}/")
    assert [url for _, url in tracked] == ["https://example.com/plan?a=1", "http://example.org/x"]
    (t1, _), (t2, _) = tracked
    assert f"[the plan](/x/{t1}/)" in body and f"[http://example.org/x](/x/{t2}/)" in body
    assert "(mailto:a@b.c)" in body and "(javascript:alert(1))" in body and "(ftp://example.com/f)" in body
    assert "https://example.net" in body
    assert links.safe_target("HTTPS://Example.com/a") == "https://Example.com/a"
    for bad in ("javascript:alert(1)", "//evil.example/", "/x/abc/", "http:///etc/passwd", "data:text/html,hi",
                "https://exa mple.com", "ftp://example.com"):
        assert links.safe_target(bad) is None, bad


# --- experiments in the database ----------------------------------------------------------------------------------


@pytest.fixture
def crowd(world):
    """48 more active people, in three departments (and a few in none), so a company can be split in two."""
    design = Department.objects.create(name="Design")
    depts = [world.finance, world.exec_office, design, None]
    people = Person.objects.bulk_create([
        Person(email=f"p{i}@example.test", name=f"Person {i}", handle=f"person{i}", department=depts[i % 4])
        for i in range(48)])
    return people


def two_variants(link="https://example.com/plan"):
    return [VariantDraft(form="post", body=f"Our travel policy changes on 1 March. [Read it]({link})."),
            VariantDraft(form="email", title="Travel policy", body="What would you change in our travel policy?")]


@pytest.fixture
def experiment(world, crowd):
    return services.experiment_create(author=world.erin, name="Travel policy", group=None, variants=two_variants())


def part_of(experiment, label):
    return list(Person.objects.filter(pk__in=Assignment.objects.filter(variant__experiment=experiment,
                                                                       variant__label=label).values("person_id")))


def test_the_company_is_split_once_and_each_part_told_once(world, crowd, experiment):
    a, b = experiment.variants.order_by("label")
    audience = Person.objects.filter(is_active=True).exclude(pk=world.erin.pk)
    assert experiment.audience_size == audience.count() == 48 + 4  # the crowd, gina, alice, otto, olga
    assert a.size + b.size == experiment.audience_size and abs(a.size - b.size) <= 1
    assert Assignment.objects.filter(experiment=experiment).count() == experiment.audience_size
    assert not Assignment.objects.filter(experiment=experiment, person=world.erin).exists()
    assert not Assignment.objects.filter(experiment=experiment, person=world.dave).exists()  # deactivated
    for dept in Department.objects.all():
        sizes = [Assignment.objects.filter(variant=v, department=dept).count() for v in (a, b)]
        assert abs(sizes[0] - sizes[1]) <= 1
    # the stored seed re-derives the stored split
    again = assignment.split([(p.pk, p.department_id) for p in audience.order_by("id")], parts=2, seed=experiment.seed)
    assert [sorted(p) for p in again] == [sorted(x.pk for x in part_of(experiment, label)) for label in "AB"]
    assert a.post.kind == Post.Kind.UPDATE and b.post.title == "Travel policy" and a.post.author == world.erin
    assert a.post.audience == Post.Audience.CHOSEN
    told = Notification.objects.filter(post__in=[a.post, b.post])
    assert told.count() == experiment.audience_size
    assert set(told.filter(post=b.post).values_list("message", flat=True)) == {"sent you a message"}


def test_a_variant_is_readable_only_by_its_own_part(world, crowd, experiment, client_for):
    a, b = experiment.variants.order_by("label")
    in_a, in_b = part_of(experiment, "A"), part_of(experiment, "B")
    reader_a, reader_b = in_a[0], in_b[0]
    # the access function
    assert access_post(reader_a, a.post.pk) == a.post
    with pytest.raises(Http404):
        access_post(reader_b, a.post.pk)
    assert set(posts_visible_to(reader_b).filter(pk__in=[a.post.pk, b.post.pk])) == {b.post}
    assert set(posts_visible_to(world.erin).filter(pk__in=[a.post.pk, b.post.pk])) == {a.post, b.post}
    # every reader of each variant is in its part, and nobody else (the author aside)
    readers_a = {p.pk for p in Person.objects.filter(is_active=True) if posts_visible_to(p).filter(pk=a.post.pk).exists()}
    assert readers_a == {p.pk for p in in_a} | {world.erin.pk}
    # the pages: the post itself, the company feed
    assert client_for(reader_b).get(reverse("post_detail", args=[a.post.pk])).status_code == 404
    assert client_for(reader_a).get(reverse("post_detail", args=[a.post.pk])).status_code == 200
    feed_b = client_for(reader_b).get(reverse("company")).content.decode()
    assert "What would you change in our travel policy?" in feed_b and "changes on 1 March" not in feed_b
    feed_a = client_for(reader_a).get(reverse("company")).content.decode()
    assert "changes on 1 March" in feed_a and "What would you change" not in feed_a
    # the API
    from townsquare.api import services as api_services

    _, token = api_services.token_create(person=reader_b, name="test", scope="read")
    api = client_for(None)
    assert api.get(f"/api/v1/posts/{a.post.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 404
    assert api.get(f"/api/v1/posts/{b.post.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_a_link_click_is_counted_once_per_person_and_redirects_to_its_own_address(world, crowd, experiment,
                                                                                 client_for):
    a = experiment.variants.get(label="A")
    link = a.links.get()
    assert link.url == "https://example.com/plan" and f"/x/{link.token}/" in a.post.body_html
    reader, other = part_of(experiment, "A")[0], part_of(experiment, "B")[0]
    url = reverse("link_redirect", args=[link.token])
    client = client_for(reader)
    for _ in range(3):
        response = client.get(url + "?next=https://evil.example/")
        assert response.status_code == 302 and response["Location"] == "https://example.com/plan"
    assert LinkClick.objects.filter(link=link).count() == 1
    assert client_for(world.erin).get(url).status_code == 302  # the author's own click is not counted
    assert client_for(other).get(url).status_code == 404  # not their variant: as if the link did not exist
    assert client_for(reader).get(reverse("link_redirect", args=["nope"])).status_code == 404
    anon = client_for(None).get(url)
    assert anon.status_code == 302 and anon["Location"].startswith(reverse("login"))
    assert list(LinkClick.objects.values_list("person_id", flat=True)) == [reader.pk]
    assert client_for(world.olga).get(url).status_code == (302 if world.olga in part_of(experiment, "A") else 404)


def test_a_link_that_is_not_http_is_never_stored_or_followed(world, crowd, experiment, client_for):
    a = experiment.variants.get(label="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        TrackedLink.objects.create(variant=a, token="js", url="javascript:alert(1)")
    sneaky = TrackedLink.objects.create(variant=a, token="nohost", url="http:///etc/passwd")
    response = client_for(part_of(experiment, "A")[0]).get(reverse("link_redirect", args=[sneaky.token]))
    assert response.status_code == 400 and "not followed" in response.content.decode()
    assert not LinkClick.objects.filter(link=sneaky).exists()
    with pytest.raises(ValidationError):
        services.link_click(person=part_of(experiment, "A")[0], link=sneaky)


def test_the_results_count_each_part_until_the_end(world, crowd, experiment):
    a, b = experiment.variants.order_by("label")
    in_a, in_b = part_of(experiment, "A"), part_of(experiment, "B")
    for p in in_a[:10]:
        conversations.post_view_record(person=p, post=a.post)
    conversations.reaction_set(person=in_a[0], post=a.post)
    conversations.reply_create(author=in_a[1], post=a.post, body="Thanks, clear.")
    conversations.reaction_set(person=in_a[12], post=a.post)  # reacted from the feed without opening it
    services.link_click(person=in_a[0], link=a.links.get())
    services.link_click(person=in_a[2], link=a.links.get())
    conversations.post_view_record(person=in_b[0], post=b.post)
    # the author's own activity is not counted
    conversations.reply_create(author=world.erin, post=b.post, body="Any thoughts?")
    feedback = services.feedback_request_create(author=world.erin, post=a.post, audience="chosen",
                                                people=" ".join(f"@{p.handle}" for p in in_a[:2]))
    services.feedback_answer(person=in_a[0], request=feedback, clarity=4, usefulness=5)
    services.feedback_answer(person=in_a[1], request=feedback, clarity=3, usefulness=4)
    r = {v.variant.label: v for v in selectors.experiment_results(experiment).variants}
    ra, rb = r["A"], r["B"]
    assert (ra.reached, ra.viewed, ra.reacted, ra.replied, ra.clicked, ra.responded) == (11, 10, 2, 1, 2, 4)
    assert ra.response_rate == pytest.approx(4 / 11) and ra.reply_rate == pytest.approx(1 / 11)
    assert ra.first_response is not None and ra.first_response >= timedelta(0)
    assert ra.feedback_score == pytest.approx((3.5 + 4.5) / 2)
    assert (rb.reached, rb.responded, rb.first_response, rb.feedback) == (1, 0, None, None)
    results = selectors.experiment_results(experiment)
    assert results.verdict.state == verdict.TOO_EARLY
    # ended: later responses no longer count
    services.experiment_end(author=world.erin, experiment=experiment)
    Reply.objects.filter(post=a.post).update(created_at=timezone.now() - timedelta(days=1))
    conversations.reaction_set(person=in_a[3], post=a.post)
    Reaction.objects.filter(post=a.post, person=in_a[3]).update(created_at=timezone.now() + timedelta(minutes=1))
    PostView.objects.create(post=b.post, person=in_b[1], created_at=timezone.now() + timedelta(minutes=1))
    after = {v.variant.label: v for v in selectors.experiment_results(Experiment.objects.get(pk=experiment.pk)).variants}
    assert after["A"].reacted == 2 and after["B"].reached == 1


def test_ending_is_for_the_author_and_set_style(world, experiment):
    with pytest.raises(ValidationError):
        services.experiment_end(author=world.gina, experiment=experiment)
    ended = services.experiment_end(author=world.erin, experiment=experiment).ended_at
    assert ended is not None
    assert services.experiment_end(author=world.erin, experiment=experiment).ended_at == ended


def test_results_are_the_authors_alone(world, experiment):
    assert access_experiment(world.erin, experiment.pk) == experiment
    for someone in (world.olga, world.gina, world.alice):
        with pytest.raises(Http404):
            access_experiment(someone, experiment.pk)
    with pytest.raises(Http404):
        access_experiment(world.erin, "nope")


def test_a_reader_reaches_only_their_own_variants_links(world, experiment):
    a, b = experiment.variants.order_by("label")
    reader_b = part_of(experiment, "B")[0]
    with pytest.raises(Http404):
        access_tracked_link(reader_b, a.links.get().token)
    assert access_tracked_link(part_of(experiment, "A")[0], a.links.get().token).variant == a


def test_a_group_experiment_is_for_the_groups_members(world, crowd):
    from townsquare.conversations.models import Membership

    Membership.objects.bulk_create([Membership(group=world.public, person=p) for p in crowd])
    Membership.objects.create(group=world.public, person=world.erin)
    e = services.experiment_create(author=world.erin, name="Guild", group=world.public, variants=two_variants())
    members = set(Membership.objects.filter(group=world.public, state="active", person__is_active=True)
                  .exclude(person=world.erin).values_list("person_id", flat=True))
    assert set(Assignment.objects.filter(experiment=e).values_list("person_id", flat=True)) == members
    assert e.variants.get(label="A").post.group == world.public
    assert not Assignment.objects.filter(experiment=e, person=world.otto).exists()


# --- bad input: a clear error, and nothing stored -----------------------------------------------------------------


@pytest.mark.parametrize("variants, message", [
    ([VariantDraft(body="Only one")], "at least 2 variants"),
    ([VariantDraft(body="One"), VariantDraft(body="   ")], "Variant B is empty"),
    ([VariantDraft(body=f"Variant {i}") for i in range(5)], "at most 4 variants"),
    ([VariantDraft(body="Same"), VariantDraft(body="Same")], "Two variants are the same"),
    ([VariantDraft(body="One"), VariantDraft(form="article", body="No title")], "an article needs a title"),
    ([VariantDraft(body="One"), VariantDraft(form="poem", body="Roses")], "choose its form"),
    ([VariantDraft(body="One"), VariantDraft(body="Two\x00")], "contains"),
])
def test_bad_variants_are_refused_and_nothing_is_stored(world, crowd, variants, message):
    posts = Post.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.experiment_create(author=world.erin, name="Bad", group=None, variants=variants)
    assert message in " ".join(exc.value.messages)
    assert Experiment.objects.count() == 0 and Post.objects.count() == posts


def test_an_audience_too_small_to_split_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.experiment_create(author=world.erin, name="Tiny", group=None, variants=two_variants())
    assert exc.value.messages == [
        "This audience is too small to split: 2 variants need at least 40 people (20 each, the fewest who must see "
        "a variant before they can be compared), and The company has 4 besides you. Choose a bigger audience, or "
        "fewer variants."]
    assert Experiment.objects.count() == 0 and Variant.objects.count() == 0


def test_a_group_one_is_not_in_is_refused(world, crowd):
    with pytest.raises(ValidationError):
        services.experiment_create(author=world.erin, name="Not mine", group=world.public, variants=two_variants())


# --- the pages ----------------------------------------------------------------------------------------------------


def test_create_on_the_web_then_read_the_results(world, crowd, client_for):
    client = client_for(world.erin)
    assert "Variant D" in client.get(reverse("experiment_create")).content.decode()
    data = {"name": "Launch note", "audience": "company", "variant_form": ["post", "article", "post", "post"],
            "variant_title": ["", "Why we launch", "", ""],
            "variant_body": ["We launch on Monday.", "A longer story of why we launch on Monday.", "", ""]}
    response = client.post(reverse("experiment_create"), data)
    experiment = Experiment.objects.get()
    assert response.status_code == 302 and response["Location"] == experiment.get_absolute_url()
    assert [v.form for v in experiment.variants.all()] == ["post", "article"]
    page = client.get(experiment.get_absolute_url()).content.decode()
    assert "Too early to say" in page and "Launch note" in page and 'id="experiment-chart"' in page
    assert client.get(reverse("experiment_list")).content.decode().count("Launch note") == 1
    assert client.post(reverse("experiment_end", args=[experiment.pk])).status_code == 302
    assert Experiment.objects.get().is_ended


@pytest.mark.parametrize("bodies, message", [
    (["Only one", "", "", ""], "at least 2 variants"),
    (["One", "Two", "Three", "Four", "Five"], "at most 4 variants"),
])
def test_bad_input_on_the_web_is_a_clear_400(world, crowd, client_for, bodies, message):
    n = len(bodies)
    response = client_for(world.erin).post(reverse("experiment_create"), {
        "name": "Bad", "audience": "company", "variant_form": ["post"] * n, "variant_title": [""] * n,
        "variant_body": bodies})
    assert response.status_code == 400 and message in response.content.decode()
    assert Experiment.objects.count() == 0


def test_an_empty_variant_with_a_title_on_the_web(world, crowd, client_for):
    response = client_for(world.erin).post(reverse("experiment_create"), {
        "name": "Bad", "audience": "company", "variant_form": ["post", "email"], "variant_title": ["", "Subject"],
        "variant_body": ["One", ""]})
    assert response.status_code == 400 and "Variant B is empty" in response.content.decode()
    assert 'value="Subject"' in response.content.decode()  # what was typed stays


def test_a_group_not_ones_own_on_the_web(world, crowd, client_for):
    response = client_for(world.erin).post(reverse("experiment_create"), {
        "name": "Bad", "audience": world.secret.slug, "variant_form": ["post", "post"], "variant_title": ["", ""],
        "variant_body": ["One", "Two"]})
    assert response.status_code == 400 and "Choose a group you are a member of" in response.content.decode()


def test_the_result_page_explains_a_winner_in_plain_words(world, crowd, experiment, client_for):
    """Enough people saw both variants and the experiment ended: B drew many more responses."""
    a, b = experiment.variants.order_by("label")
    for p in part_of(experiment, "A")[:24]:
        conversations.post_view_record(person=p, post=a.post)
    for i, p in enumerate(part_of(experiment, "B")[:24]):
        conversations.post_view_record(person=p, post=b.post)
        if i < 14:
            conversations.reaction_set(person=p, post=b.post)
    conversations.reaction_set(person=part_of(experiment, "A")[0], post=a.post)
    services.experiment_end(author=world.erin, experiment=experiment)
    page = client_for(world.erin).get(experiment.get_absolute_url()).content.decode()
    assert "Variant B works best" in page
    assert "Variant B drew a response from 58% of the people who saw it, against 4% for A." in page
    assert "chance that B is better than A" in page
