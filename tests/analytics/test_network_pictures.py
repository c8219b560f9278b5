"""The organisation's network pictures stay readable, and the page explains the organisation's E-I in numbers."""

import pytest
from django.urls import reverse

from tests.analytics.test_dashboards import make_people
from townsquare.analytics import graph, reports, selectors
from townsquare.conversations import services
from townsquare.people.models import Department


@pytest.fixture
def three_departments(world):
    """Three departments of 5: in each, four colleagues react to person 0's post (4 ties inside, 12 in all);
    person 1 of each also reacts to person 0 of the two others (6 ties across)."""
    teams = [make_people(name.lower(), 5, Department.objects.create(name=name)) for name in ("North", "South", "West")]
    posts = [services.post_create(author=team[0], body=f"News from {team[0].name}") for team in teams]
    for i, team in enumerate(teams):
        for colleague in team[1:]:
            services.reaction_set(person=colleague, post=posts[i], kind="like")
        for j, post in enumerate(posts):
            if j != i:
                services.reaction_set(person=team[1], post=post, kind="like")
    graph.rebuild()
    reports.refresh_all(themes=False)
    return teams


def test_the_page_explains_why_the_organisation_is_below_every_department(world, three_departments, client_for):
    page = client_for(world.olga).get(reverse("analytics_org"))
    rows = {r["department"]: r for r in page.context["net"]["ei_by_department"]}
    assert {rows[d]["ei"] for d in ("North", "South", "West")} == {0.0}      # (4 − 4) ÷ 8 each
    assert page.context["net"]["ei"] == -0.333                             # (6 − 12) ÷ 18
    why = page.context["ei_explained"]
    assert (why["across"], why["inside"], why["sides"], why["lower_than_all"]) == (6, 12, 12, True)
    html = page.content.decode()
    assert "lower than every department" in html and "(6 − 12) ÷ (6 + 12) = <strong>-0.333</strong>" in html


def test_each_department_is_drawn_with_its_strongest_ties_only():
    names = "ABCDE"
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]]
    ties = [{"a": a, "b": b, "ties": 10 - k} for k, (a, b) in enumerate(pairs)]   # AB strongest … DE weakest
    strongest = selectors.strongest_ties(ties, 3)
    assert all(len(v) <= 3 for v in strongest.values())
    drawn = {(t["a"], t["b"]) for v in strongest.values() for t in v}
    assert ("D", "E") not in drawn and len(drawn) == 9


def test_the_department_network_lists_its_ties_and_labels_the_biggest(world, three_departments, client_for):
    page = client_for(world.olga).get(reverse("analytics_org"))
    spec = page.context["charts"]["departments"]
    assert spec["labelled"] == selectors.DEPT_LABELLED
    sizes = [n["size"] for n in spec["nodes"]]
    assert sizes == sorted(sizes, reverse=True)                            # biggest first: they get the labels
    listed = {d["department"]: d["ties"] for d in page.context["tie_list"]}
    assert listed["North"] and all(n == 2 for _, n in listed["North"])
    assert b'data-testid="department-ties"' in page.content
