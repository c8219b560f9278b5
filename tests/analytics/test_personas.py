"""Persona rules (personas.py): one constructed person per persona, and the boundaries of each rule."""

import pytest

from townsquare.analytics import personas as P
from townsquare.analytics.personas import Activity


@pytest.mark.parametrize("activity, expected", [
    (Activity(), P.OBSERVER),
    (Activity(replies_received=5, reactions_received=9), P.OBSERVER),          # received, gave nothing
    (Activity(posts=2, reactions_received=30, replies_received=6), P.CATALYST),
    (Activity(posts=10, reactions_received=3), P.BROADCASTER),
    (Activity(posts=1, replies_given=6, reactions_given=12, reactions_received=2), P.RESPONDER),
    (Activity(posts=4, replies_given=3, reactions_given=5, replies_received=4, reactions_received=8), P.ENGAGER),
])
def test_one_person_per_persona(activity, expected):
    assert P.persona_of(activity) == expected


def test_catalyst_boundary_is_responses_twice_the_contributions():
    assert P.persona_of(Activity(posts=2, replies_given=1, reactions_given=2, reactions_received=10)) == P.CATALYST  # R = 2C
    assert P.persona_of(Activity(posts=2, replies_given=1, reactions_given=2, reactions_received=9)) == P.ENGAGER


def test_broadcaster_boundary_is_less_than_one_response_per_post():
    # 4 posts, 4 reactions given: posts are half of C.
    assert P.persona_of(Activity(posts=4, reactions_given=4, reactions_received=3)) == P.BROADCASTER
    assert P.persona_of(Activity(posts=4, reactions_given=4, reactions_received=5)) == P.ENGAGER
    # One response per post is no longer a broadcaster; with C = 2R it is a responder.
    assert P.persona_of(Activity(posts=4, reactions_given=4, reactions_received=4)) == P.RESPONDER
    # posts under half of C: not a broadcaster even with no response (mostly reacting: a responder).
    assert P.persona_of(Activity(posts=3, reactions_given=4)) == P.RESPONDER


def test_responder_boundary_is_contributions_twice_the_responses():
    assert P.persona_of(Activity(posts=1, replies_given=5, reactions_received=3)) == P.RESPONDER   # C = 6 = 2R
    assert P.persona_of(Activity(posts=1, replies_given=5, reactions_received=4)) == P.ENGAGER    # C < 2R


def test_contributions_and_responses():
    a = Activity(posts=1, replies_given=2, reactions_given=3, replies_received=4, reactions_received=5)
    assert (a.contributions, a.responses) == (6, 9)


def test_every_persona_is_described_for_the_ui():
    assert set(P.DESCRIPTIONS) == set(P.PERSONAS)
    assert all(len(d) == 3 and d[2] for d in P.DESCRIPTIONS.values())
