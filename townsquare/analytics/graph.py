"""The interaction graph: who responds to, recognises and mentions whom.

Edges (analytics.Interaction), one per source row, never from a person to themselves:

    kind         from → to                        weight   time
    reply        replier → post author            3        the reply's
    reaction     reactor → post author            1        the reaction's (one per reaction kind)
    reply reaction  reactor → reply author        1        the reaction's (one per reaction kind)
    mention      writer → mentioned person        2        the post's or reply's
    praise       author → each praised person     4        the praise post's
    best answer  asker → chosen answer's author   5        the chosen reply's

The edges of one post are recomputed together by `sync_post` (delete, then INSERT … SELECT from the
conversation tables); `rebuild` runs the very same statements for every post. So an incremental update
always equals a full recompute, and replaying an update (two workers, a retried task) is harmless.
Everything is set-based SQL: the benchmark organisation has 1M posts, 1M replies and 5M reactions.
"""

from django.db import connection, transaction

from townsquare.analytics.models import Interaction
from townsquare.conversations.models import Mention, Post, Reaction, Reply, ReplyReaction

K = Interaction.Kind
W = Interaction.WEIGHTS


def _tables() -> dict:
    return {
        "edge": Interaction._meta.db_table, "post": Post._meta.db_table, "reply": Reply._meta.db_table,
        "reaction": Reaction._meta.db_table, "mention": Mention._meta.db_table,
        "reply_reaction": ReplyReaction._meta.db_table,
        "praised": Post.praised_people.through._meta.db_table,
    }


def _statements(post_filter: bool) -> list[str]:
    """One INSERT … SELECT per kind. With `post_filter`, each takes one parameter: the post id."""
    t = _tables()
    cols = "(source_id, target_id, kind, weight, post_id, ref_id, created_at)"
    only = (lambda col: f" AND {col} = %s") if post_filter else (lambda col: "")
    tail = " ON CONFLICT DO NOTHING"
    return [
        f"INSERT INTO {t['edge']} {cols} SELECT r.author_id, p.author_id, {K.REPLY}, {W[K.REPLY]}, r.post_id, r.id, "
        f"r.created_at FROM {t['reply']} r JOIN {t['post']} p ON p.id = r.post_id "
        f"WHERE r.author_id <> p.author_id{only('r.post_id')}{tail}",
        f"INSERT INTO {t['edge']} {cols} SELECT x.person_id, p.author_id, {K.REACTION}, {W[K.REACTION]}, x.post_id, "
        f"x.id, x.created_at FROM {t['reaction']} x JOIN {t['post']} p ON p.id = x.post_id "
        f"WHERE x.person_id <> p.author_id{only('x.post_id')}{tail}",
        f"INSERT INTO {t['edge']} {cols} SELECT x.person_id, r.author_id, {K.REPLY_REACTION}, {W[K.REPLY_REACTION]}, "
        f"r.post_id, x.id, x.created_at FROM {t['reply_reaction']} x JOIN {t['reply']} r ON r.id = x.reply_id "
        f"WHERE x.person_id <> r.author_id{only('r.post_id')}{tail}",
        f"INSERT INTO {t['edge']} {cols} SELECT COALESCE(rp.author_id, p.author_id), m.person_id, {K.MENTION}, "
        f"{W[K.MENTION]}, m.post_id, m.id, COALESCE(rp.created_at, p.created_at) FROM {t['mention']} m "
        f"JOIN {t['post']} p ON p.id = m.post_id LEFT JOIN {t['reply']} rp ON rp.id = m.reply_id "
        f"WHERE COALESCE(rp.author_id, p.author_id) <> m.person_id{only('m.post_id')}{tail}",
        f"INSERT INTO {t['edge']} {cols} SELECT p.author_id, pp.person_id, {K.PRAISE}, {W[K.PRAISE]}, p.id, p.id, "
        f"p.created_at FROM {t['praised']} pp JOIN {t['post']} p ON p.id = pp.post_id "
        f"WHERE pp.person_id <> p.author_id{only('pp.post_id')}{tail}",
        f"INSERT INTO {t['edge']} {cols} SELECT p.author_id, r.author_id, {K.BEST_ANSWER}, {W[K.BEST_ANSWER]}, p.id, "
        f"p.id, r.created_at FROM {t['post']} p JOIN {t['reply']} r ON r.id = p.best_answer_id "
        f"WHERE r.author_id <> p.author_id{only('p.id')}{tail}",
    ]


def sync_post(post_id: int) -> int:
    """Recompute the edges of one post from the conversation tables; returns how many it has now.
    A post that no longer exists simply has none (its edges went with it, by cascade)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_tables()['edge']} WHERE post_id = %s", [post_id])
        total = 0
        for sql in _statements(post_filter=True):
            cursor.execute(sql, [post_id])
            total += max(cursor.rowcount, 0)
    return total


def sync_posts(post_ids) -> int:
    return sum(sync_post(pk) for pk in sorted(set(post_ids)))


def rebuild() -> int:
    """Throw the graph away and compute it again from every post; returns the number of edges.

    The secondary indexes are dropped while the edges are inserted and built again afterwards, in the
    same transaction: sorting millions of rows once is much faster than updating three B-trees per row."""
    editor = connection.schema_editor()  # only to write the CREATE INDEX statements, not entered
    create = [str(index.create_sql(Interaction, editor)) for index in Interaction._meta.indexes]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_tables()['edge']}")
        for index in Interaction._meta.indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(index.name)}")
        for sql in _statements(post_filter=False):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            # Django's foreign keys are deferred: check them now, or PostgreSQL refuses CREATE INDEX.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in create:
            cursor.execute(sql)
        cursor.execute(f"SELECT COUNT(*) FROM {_tables()['edge']}")
        return cursor.fetchone()[0]
