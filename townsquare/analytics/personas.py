"""Personas: how a person takes part, over the last 28 days (PRODUCT C8).

    contributions C = posts written + replies given + reactions given
    responses     R = replies received + reactions received
    (replies and reactions count only between two different people: edges of the interaction graph)

The rules, checked in this order (the first that fits wins):

    1. Observer     C = 0: reads, does not contribute (yet).
    2. Catalyst     R ≥ 2 × C: what they start draws much more than they give.
    3. Broadcaster  posts are at least half of C and R < posts: mostly posts, which draw less than one
                    response each, and little engagement with others.
    4. Responder    C ≥ 2 × R and replies + reactions given are at least half of C: mostly answering
                    and reacting to others.
    5. Engager      everyone else: a balance of giving and receiving.
"""

from dataclasses import dataclass

OBSERVER, BROADCASTER, RESPONDER, CATALYST, ENGAGER = "observer", "broadcaster", "responder", "catalyst", "engager"
PERSONAS = [OBSERVER, BROADCASTER, RESPONDER, CATALYST, ENGAGER]

WINDOW_DAYS = 28
CATALYST_RATIO = 2          # R ≥ 2 × C
RESPONDER_RATIO = 2         # C ≥ 2 × R
BROADCAST_POST_SHARE = 0.5  # posts ≥ half of C
# A broadcaster's posts draw fewer responses than this, per post.
BROADCAST_RESPONSES_PER_POST = 1

DESCRIPTIONS = {
    OBSERVER: ("Observer", "Reads and listens, has not posted, replied or reacted in this period.",
               "C = 0"),
    BROADCASTER: ("Broadcaster", "Mostly posts, which draw little response, and engages little with others.",
                  f"posts ≥ {BROADCAST_POST_SHARE:.0%} of C and R < posts"),
    RESPONDER: ("Responder", "Mostly replies to and reacts on other people's posts.",
                f"C ≥ {RESPONDER_RATIO} × R and replies + reactions ≥ half of C"),
    CATALYST: ("Catalyst", "Starts conversations that draw far more responses than they take.",
               f"R ≥ {CATALYST_RATIO} × C (C > 0)"),
    ENGAGER: ("Engager", "Gives and receives in balance: posts, replies, reacts and is answered.",
              "none of the above"),
}


@dataclass(frozen=True)
class Activity:
    posts: int = 0
    replies_given: int = 0
    reactions_given: int = 0
    replies_received: int = 0
    reactions_received: int = 0

    @property
    def contributions(self) -> int:
        return self.posts + self.replies_given + self.reactions_given

    @property
    def responses(self) -> int:
        return self.replies_received + self.reactions_received


def persona_of(a: Activity) -> str:
    c, r = a.contributions, a.responses
    if c == 0:
        return OBSERVER
    if r >= CATALYST_RATIO * c:
        return CATALYST
    if a.posts >= BROADCAST_POST_SHARE * c and r < BROADCAST_RESPONSES_PER_POST * a.posts:
        return BROADCASTER
    if c >= RESPONDER_RATIO * r and (a.replies_given + a.reactions_given) >= 0.5 * c:
        return RESPONDER
    return ENGAGER


def label(persona: str) -> str:
    return DESCRIPTIONS.get(persona, (persona.title(),))[0]
