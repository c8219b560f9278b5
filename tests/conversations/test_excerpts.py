"""Issue 17 #7: wherever a post is quoted in one line (the bell, emails, push, search, the coach), the
excerpt is plain text: the markdown of a post shared from the notebook (`**title**`) never shows."""

from townsquare.conversations import services, text
from townsquare.conversations.models import Notification
from townsquare.delivery import services as delivery
from townsquare.notebook import services as notebook

SHARED = ("**Customers buy outcomes**\n\nThree calls this week said the same thing: they want the *report*, not "
          "the [dashboard](https://example.test/d).\n\n### How this idea came about\n\n- **Seek** — on 2 Dec")


def test_plain_drops_markdown_and_keeps_the_words():
    assert text.plain(SHARED).startswith("Customers buy outcomes Three calls this week said the same thing: they "
                                         "want the report, not the dashboard.")
    assert "*" not in text.plain(SHARED) and "#" not in text.plain(SHARED) and "](" not in text.plain(SHARED)
    assert text.plain("Fish &amp; chips <b>") == "Fish & chips <b>"  # text, not HTML: the template escapes it
    short = text.excerpt(SHARED, 40)
    assert len(short) <= 40 and short.endswith("…") and "**" not in short


def test_a_notebook_insight_shared_as_a_post_is_quoted_without_markdown(world, client_for):
    note = notebook.note_create(person=world.alice, title="Customers buy outcomes", body="They want the *report*.")
    notebook.note_mark_insight(person=world.alice, note=note)
    body = notebook.draft_text(note)
    assert body.startswith("**Customers buy outcomes**")
    post = services.post_create(author=world.alice, body=body + "\n\ncc @gina")
    n = Notification.objects.get(recipient=world.gina, post=post)

    assert delivery.notification_excerpt(n).startswith("Customers buy outcomes They want the report.")
    assert "**" not in delivery.push_payload(n)["body"]
    page = client_for(world.gina).get("/notifications/").content.decode()
    assert "Customers buy outcomes They want the report." in page and "**Customers" not in page


def test_plain_words_are_the_same_kept_or_not():
    from townsquare.conversations import text

    short, long = "**Bold** and [a link](https://example.test)\n\n> quoted", "word " * (text.PLAIN_KEPT_LENGTH // 5 + 1)
    assert text.plain(short) == text.plain(short) == "Bold and a link quoted"
    assert text._plain_kept.cache_info().currsize >= 1
    assert text.plain(long) == " ".join(long.split()) and len(long) > text.PLAIN_KEPT_LENGTH
