"""Recurring themes have readable names (no time or filler words) and the page says when they are recomputed."""

from collections import Counter
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from townsquare.analytics import themes
from townsquare.analytics.models import Report
from townsquare.conversations import services


def test_themes_are_named_by_a_phrase_without_time_words(world):
    for i in range(30):
        services.post_create(author=world.alice, body=f"A quick update today: the pricing plan for customers, day {i}, "
                                                      f"took an hour")
        services.post_create(author=world.gina, body=f"Quick note this morning: budget forecast review for the "
                                                     f"quarter, week {i}, one hour")
    data = themes.themes_report(timezone.now() + timedelta(minutes=1))
    labels = [t["label"] for t in data["themes"]]
    assert len(labels) >= 2
    words = {w for t in data["themes"] for w in t["words"]} | {w.lower() for lab in labels for w in lab.split()}
    assert not words & {"day", "hour", "quick", "today", "morning", "week"}
    assert "Pricing plan" in labels and all(len(lab.split()) == 2 for lab in labels)


def test_a_theme_label_falls_back_to_a_topic_then_to_two_words():
    assert themes.theme_label(["pricing plan", "pricing", "plan"], Counter({"sales": 1}), 4) == "Pricing plan"
    assert themes.theme_label(["pricing plan"], Counter({"remote-work": 2}), 4) == "Remote work"
    assert themes.theme_label(["pricing", "customers"], Counter({"pricing": 1}), 4) == "Pricing and customers"
    # "working loud" is a pair only once "out" is taken out: nobody wrote it, so it does not name the theme
    texts = ["Ten minutes of working out loud", "Working out loud beats slides"]
    assert themes.theme_label(["working loud", "working", "loud"], Counter(), 2, texts=texts) == "Working and loud"
    # two themes are never given one name while another is at hand
    assert themes.theme_label(["pricing plan", "pricing", "customers"], Counter({"remote-work": 3}), 4,
                              taken={"Remote work"}) == "Pricing plan"


def test_themes_leave_people_s_names_out(world):
    for i in range(30):
        services.post_create(author=world.alice, body=f"Question for Gina Groupadmin about the pricing plan {i}")
        services.post_create(author=world.otto, body=f"Budget forecast review notes for the team {i}")
    data = themes.themes_report(timezone.now() + timedelta(minutes=1))
    words = {w for t in data["themes"] for w in t["words"]} | {t["label"].lower() for t in data["themes"]}
    assert data["themes"] and not any("gina" in w or "groupadmin" in w for w in words)


def test_the_themes_page_says_they_are_recomputed_hourly(world, client_for):
    from townsquare.analytics.models import AnalystRole

    Report.objects.create(key="themes", data={"themes": [], "posts": 0})
    AnalystRole.objects.create(person=world.otto)
    page = client_for(world.otto).get(reverse("analytics_themes")).content.decode()
    assert "every hour, at 7 minutes past" in page and "every few minutes" not in page
    index = client_for(world.olga).get(reverse("analytics_iceberg")).content.decode()
    assert "every few minutes" not in index


def test_the_bigger_theme_keeps_the_shared_name():
    """Two themes whose examples carry the same #topic, the smaller found first: the bigger is named by it."""
    small = (["video call", "video", "call"], [3, 4], 0.2)
    big = (["visa rules", "visa", "rules"], [1, 2], 0.6)
    tags = {pk: ["remote-work"] for pk in (1, 2, 3, 4)}
    texts = {1: "visa rules here", 2: "more visa rules", 3: "a video call", 4: "video call again"}
    named = themes.name_themes([small, big], tags, texts)
    assert [(t["label"], t["share"]) for t in named] == [("Remote work", 60.0), ("Video call", 20.0)]
