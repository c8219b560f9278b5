"""Permission matrix rows of a reply's own pages (issue 17): editing, its history, deleting, reacting.

c.reply is gina's reply to alice's question in the private group (finance-team): gina alone edits and deletes
it (alice, the post's author, and olga, an org admin, get the same 404 as for a missing reply: someone else's
reply goes through moderation); whoever can read the post (alice, gina) reads its history and reacts; otto and
olga, outside the group, get 404. c.public_reply is gina's reply in the public group, which everyone reads.
/me/following/ is everyone's own list of what they follow."""

from tests.matrix import Row, signed_in

REPLY = lambda c: {"reply_id": c.reply.pk}  # noqa: E731
PUBLIC_REPLY = lambda c: {"reply_id": c.public_reply.pk}  # noqa: E731
UNKNOWN = lambda c: {"reply_id": 999_999}  # noqa: E731
OUTSIDERS_404 = {"otto": 404, "olga": 404}


def build(c) -> None:
    from townsquare.conversations import services

    c.public_reply = services.reply_create(author=c.world.gina, post=c.public_post, body="Count me in")


SECTIONS: dict[str, list[Row]] = {
    "replies": [
        Row("reply_edit", "reply_edit", "get", signed_in(404, gina=200), kwargs=REPLY),
        Row("reply_edit-post", "reply_edit", "post", signed_in(404, gina=302), kwargs=REPLY,
            data=lambda c: {"body": "Here are the answers, checked"}),
        Row("reply_edit-empty", "reply_edit", "post", signed_in(404, gina=400), kwargs=REPLY,
            data=lambda c: {"body": "  "}),
        Row("reply_edit-public", "reply_edit", "get", signed_in(404, gina=200), kwargs=PUBLIC_REPLY),
        Row("reply_edit-unknown", "reply_edit", "get", signed_in(404), kwargs=UNKNOWN),
        Row("reply_history", "reply_history", "get", signed_in(200, **OUTSIDERS_404), kwargs=REPLY),
        Row("reply_history-public", "reply_history", "get", signed_in(200), kwargs=PUBLIC_REPLY),
        Row("reply_history-unknown", "reply_history", "get", signed_in(404), kwargs=UNKNOWN),
        Row("reply_delete", "reply_delete", "post", signed_in(404, gina=302), kwargs=REPLY),
        Row("reply_delete-public", "reply_delete", "post", signed_in(404, gina=302), kwargs=PUBLIC_REPLY),
        Row("reply_delete-get", "reply_delete", "get", signed_in(405), kwargs=REPLY),
        Row("reply_react", "reply_react", "post", signed_in(302, **OUTSIDERS_404), kwargs=REPLY,
            data=lambda c: {"kind": "like:set"}),
        Row("reply_react-public", "reply_react", "post", signed_in(302), kwargs=PUBLIC_REPLY,
            data=lambda c: {"kind": "thanks:set"}),
        Row("reply_react-bad-kind", "reply_react", "post", signed_in(400, **OUTSIDERS_404), kwargs=REPLY,
            data=lambda c: {"kind": "meh:set"}),
        Row("reply_react-get", "reply_react", "get", signed_in(405), kwargs=REPLY),
        # what I follow: one's own list, no person in the address
        Row("following", "following", "get", signed_in(200)),
        Row("following-post", "following", "post", signed_in(405)),
    ],
}
