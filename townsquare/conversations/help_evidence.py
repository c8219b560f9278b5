"""What someone has answered about a topic, for "who can help me with X" (people.helpers): their replies that
match the words, among what the viewer may read (the search's own visibility rules), an answer to a question
counting more than a reply, and a best answer more again."""

from townsquare.conversations.models import Post, SearchEntry
from townsquare.conversations.search import search_entries

REPLY, ANSWER, BEST_ANSWER = 1.0, 2.0, 3.0
SCAN = 2000  # the newest matching replies read; enough to rank, never the whole history


def _times(n: int, one: str, many: str) -> str:
    return one if n == 1 else many.format(n=n)


def replies_about(viewer, topic: str) -> list[tuple[int, float, str]]:
    rows = list(search_entries(viewer, topic, kind=SearchEntry.Kind.REPLY)
                .values_list("author_id", "object_id", "post__kind")[:SCAN])
    if not rows:
        return []
    best = set(Post.objects.filter(best_answer_id__in=[reply_id for _, reply_id, _ in rows])
               .values_list("best_answer_id", flat=True))
    counts: dict[int, dict[str, int]] = {}
    for author_id, reply_id, post_kind in rows:
        if author_id is None:
            continue
        c = counts.setdefault(author_id, {"best": 0, "answers": 0, "replies": 0})
        if reply_id in best:
            c["best"] += 1
        elif post_kind == Post.Kind.QUESTION:
            c["answers"] += 1
        else:
            c["replies"] += 1
    about = f"“{' '.join(topic.split())[:60]}”"
    found = []
    for author_id, c in counts.items():
        if c["best"]:
            found.append((author_id, BEST_ANSWER * c["best"],
                          _times(c["best"], f"Gave the best answer to a question about {about}",
                                 f"Gave the best answer to {{n}} questions about {about}")))
        if c["answers"]:
            found.append((author_id, ANSWER * c["answers"],
                          _times(c["answers"], f"Answered a question about {about}",
                                 f"Answered {{n}} questions about {about}")))
        if c["replies"]:
            found.append((author_id, REPLY * c["replies"],
                          _times(c["replies"], f"Replied once about {about}", f"Replied {{n}} times about {about}")))
    return found
