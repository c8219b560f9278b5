"""Full-text search over posts, replies, people and groups.

Each searchable object has one SearchEntry row, kept in step by signals after each save.
SQLite: an FTS5 virtual table over SearchEntry.text, kept in step by triggers (migration 0002).
PostgreSQL: a GIN index on to_tsvector('english', text) (same migration).
Queries are turned into prefix matches of the words typed, so no user input reaches the
FTS or tsquery syntax.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.signals import post_save

from townsquare.conversations.models import Group, Post, Reply, SearchEntry

WORD_RE = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8

FTS_SETUP_SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "text, content='conversations_searchentry', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER IF NOT EXISTS search_fts_ai AFTER INSERT ON conversations_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_ad AFTER DELETE ON conversations_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES('delete', old.id, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_au AFTER UPDATE ON conversations_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES('delete', old.id, old.text); "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
]
FTS_SETUP_POSTGRES = [
    "CREATE INDEX IF NOT EXISTS search_entry_tsv ON conversations_searchentry "
    "USING gin (to_tsvector('english', text))",
]


def setup_index(schema_editor) -> None:
    statements = FTS_SETUP_SQLITE if schema_editor.connection.vendor == "sqlite" else FTS_SETUP_POSTGRES
    for sql in statements:
        schema_editor.execute(sql)


def terms_of(query: str) -> list[str]:
    return WORD_RE.findall(query.lower())[:MAX_TERMS]


def _matching(qs: QuerySet[SearchEntry], terms: list[str]) -> QuerySet[SearchEntry]:
    """Restrict to entries matching every term (as a prefix), ordered newest first.

    SQLite: join the FTS5 table and order by its rowid, which FTS5 streams in order, so a common
    word stops after the first page of matches instead of sorting all of them. Entry ids follow
    time (reindex_all inserts in chronological order; later saves append).
    """
    if connection.vendor == "sqlite":
        fts_query = " ".join(f'"{t}"*' for t in terms)
        return qs.extra(
            tables=["search_fts"],
            where=["search_fts.rowid = conversations_searchentry.id", "search_fts MATCH %s"],
            params=[fts_query],
            order_by=["-search_fts.rowid"],
        )
    ts_query = " & ".join(f"{t}:*" for t in terms)
    return qs.extra(
        where=["to_tsvector('english', conversations_searchentry.text) @@ to_tsquery('english', %s)"],
        params=[ts_query],
    ).order_by("-created_at", "-id")


def words_not_searched(query: str) -> list[str]:
    """The words of `query` the index leaves out. PostgreSQL's English configuration drops its stop words
    ("before", "about", "the"…), so a query of only those matches nothing there; SQLite's index keeps
    every word. Asked only when a search found nothing, to say why."""
    terms = terms_of(query)
    if connection.vendor != "postgresql" or not terms:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT t FROM unnest(%s::text[]) AS t WHERE numnode(to_tsquery('english', t || ':*')) = 0",
                       [terms])
        return [row[0] for row in cursor.fetchall()]


# --- what people ask for: one parser for the search page and the API, with the same words ---------------------

@dataclass(frozen=True)
class SearchQuery:
    q: str
    kind: str = ""
    post_kind: str = ""
    author_id: int | None = None
    group_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def parse_search(person, *, q: str, kind: str = "", post_kind: str = "", author: str = "", group: str = "",
                 date_from: str | date | None = "", date_to: str | date | None = "") -> SearchQuery:
    """The filters as typed (or as the API's schema typed them) → a SearchQuery, or a ValidationError naming
    every field that is wrong. An author or group that names nothing the person may see is NoSuchReference
    (the API's 404); one that several people or groups fit is a ValidationError with the code "conflict" (the
    API's 409) naming each, with `choices` (field → [(value, label)]) for the page to offer. A NUL in a value matches nothing (and PostgreSQL refuses it in a query parameter)."""
    from townsquare.core.errors import NoSuchReference

    errors: dict[str, list[str]] = {}
    if kind and kind not in SearchEntry.Kind.values:
        errors["kind"] = [f"“{kind}” is not something we search; choose posts, replies, people or groups."]
    if post_kind and post_kind not in Post.Kind.values:
        errors["post_kind"] = [f"“{post_kind}” is not a kind of post."]
    dates = {}
    for label, raw in (("from", date_from), ("to", date_to)):
        if isinstance(raw, date) or not raw:
            dates[label] = raw or None
            continue
        try:
            dates[label] = date.fromisoformat(raw)
        except ValueError:
            errors[label] = [f"“{raw}” is not a date for “{label}”; use YYYY-MM-DD."]
    author_id = group_id = None
    missing: dict[str, list[str]] = {}
    choices: dict[str, list[tuple[str, str]]] = {}
    if author:
        found, problem, offered = _author_named(author)
        if found is not None:
            author_id = found.pk
        elif offered:
            errors["author"], choices["author"] = [problem], offered
        else:
            missing["author"] = [problem]
    if group:
        found, problem, offered = _group_named(person, group)
        if found is not None:
            group_id = found.pk
        elif offered:
            errors["group"], choices["group"] = [problem], offered
        else:
            missing["group"] = [problem]
    if errors:
        if set(errors) <= set(choices):  # only several fitting: valid input that clashes with what is stored (409)
            errors = {f: [ValidationError(m, code="conflict") for m in msgs] for f, msgs in errors.items()}
        error = ValidationError({**errors, **missing})
        error.choices = choices  # several people or groups fit: the search page offers them to pick
        raise error
    if missing:
        raise NoSuchReference(missing)
    return SearchQuery(q=(q or "").replace("\x00", "").strip()[:200], kind=kind, post_kind=post_kind,
                       author_id=author_id, group_id=group_id, date_from=dates["from"], date_to=dates["to"])


MAX_CHOICES = 10


def _clean(raw: str) -> str:
    return "".join(ch for ch in raw if ch.isprintable()).strip()


def _shown(raw: str) -> str:
    return _clean(raw)[:80] or "?"


def _author_named(raw: str):
    """The author a search filter names: a handle (with or without "@"), else a name or part of one among active
    people. → (person, None, []) when one fits; (None, message, []) when nobody does; (None, message, choices)
    when several do, each choice ("@handle", "Name (@handle · department)")."""
    from townsquare.people import handles
    from townsquare.people.models import Person

    handle = handles.normalise(raw)
    if any(not ch.isprintable() for ch in raw):  # a control character is no part of any name: say so, match nobody
        return None, handles.no_such_handle(handle), []
    if handles.HANDLE_CHARS.fullmatch(handle):
        exact = Person.objects.filter(handle=handle).first()
        if exact is not None:
            return exact, None, []
    if _clean(raw).startswith("@"):
        return None, handles.no_such_handle(handle), []
    people = list(handles.people_matching(raw, limit=MAX_CHOICES + 1))
    if not people:
        return None, f"Nobody is called “{_shown(raw)}”. Try part of their name, or their @handle.", []
    if len(people) == 1:
        return people[0], None, []
    shown = people[:MAX_CHOICES]
    more = " (and more: type more of the name)" if len(people) > MAX_CHOICES else ""
    listed = ", ".join(f"{p.name} (@{p.handle})" for p in shown)
    return None, f"“{_shown(raw)}” could be {len(shown)} people{more}: {listed}. Choose one.", [
        (f"@{p.handle}", f"{p.name} (@{p.handle}{' · ' + p.department.name if p.department else ''})")
        for p in shown]


def _group_named(person, raw: str):
    """The group a search filter names, among the groups whose page `person` may open (a secret group only for its
    members and invitees, so it is never revealed): its slug, its name (any case), or words of its name. Same
    answers as _author_named; each choice (name, name)."""
    from townsquare.conversations import access
    from townsquare.conversations.models import group_name_key

    text = _clean(raw)
    visible = access.groups_visible_to(person)
    nothing = "No group by that name."
    if not text or "\x00" in raw:
        return None, nothing, []
    exact = visible.filter(slug=text).first() or visible.filter(name_key=group_name_key(text)).first()
    if exact is not None:
        return exact, None, []
    groups = visible
    for word in text.split()[:4]:
        groups = groups.filter(name__icontains=word)
    found = list(groups.order_by("name", "pk")[:MAX_CHOICES + 1])
    if not found:
        return None, nothing, []
    if len(found) == 1:
        return found[0], None, []
    shown = found[:MAX_CHOICES]
    more = " (and more: type more of the name)" if len(found) > MAX_CHOICES else ""
    return None, f"“{_shown(raw)}” could be {len(shown)} groups{more}: {', '.join(g.name for g in shown)}. Choose one.", [
        (g.name, g.name) for g in shown]


def search(person, query: SearchQuery) -> QuerySet[SearchEntry]:
    return search_entries(person, query.q, kind=query.kind, author_id=query.author_id, group_id=query.group_id,
                          date_from=query.date_from, date_to=query.date_to, post_kind=query.post_kind)


def restricted_post_ids_hidden_from(person):
    """Subquery of the restricted posts (previews) `person` may not read: few, so cheap beside the index."""
    from townsquare.conversations.access import audience_post_ids

    return (Post.objects.exclude(audience=Post.Audience.OPEN).exclude(author_id=person.pk)
            .exclude(pk__in=audience_post_ids(person)).values("pk"))


def search_entries(
    person,
    query: str,
    *,
    kind: str = "",
    author_id: int | None = None,
    group_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    post_kind: str = "",
) -> QuerySet[SearchEntry]:
    """Entries matching `query` that `person` may read, newest first."""
    terms = terms_of(query)
    if not terms or not person.is_authenticated:
        return SearchEntry.objects.none()
    qs = readable_entries(person)
    if kind:
        qs = qs.filter(kind=kind)
    if post_kind:
        qs = qs.filter(post_kind=post_kind)
    if author_id:
        qs = qs.filter(author_id=author_id)
    if group_id:
        qs = qs.filter(group_id=group_id)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return _matching(qs, terms)


def readable_entries(person) -> QuerySet[SearchEntry]:
    """Every entry `person` may find (the visibility rules of search, no words)."""
    from townsquare.conversations.access import readable_group_ids

    qs = SearchEntry.objects.all()
    # Visibility: company-wide posts, people and public/private group names, plus readable groups.
    qs = qs.filter(
        Q(group__isnull=True)
        | Q(group_id__in=readable_group_ids(person))
        | Q(kind=SearchEntry.Kind.GROUP, group__visibility=Group.Visibility.PRIVATE)
    )
    # A restricted post (a preview) and its replies only for its author and its chosen people.
    qs = qs.filter(Q(post__isnull=True) | ~Q(post_id__in=restricted_post_ids_hidden_from(person)))
    # A post a moderator hid (with its replies), and a hidden reply, are found by their author alone.
    qs = qs.exclude(Q(post__hidden_at__isnull=False) & ~Q(post__author_id=person.pk))
    return qs.exclude(kind=SearchEntry.Kind.REPLY, object_id__in=Reply.objects.filter(hidden_at__isnull=False)
                      .exclude(author_id=person.pk).values("pk"))


# --- typo tolerance: "runbok" → "runbook" --------------------------------------------------------------------

VOCABULARY_ENTRIES = 2000  # the newest entries the reader may read whose words make the vocabulary
CORRECTION_CUTOFF = 0.75  # difflib's similarity ratio a correction needs ("runbok"/"runbook" is 0.92)
FEW_RESULTS = 3  # a search that finds fewer than this is offered a correction


def vocabulary_of(person, near: list[str]) -> set[str]:
    """The words of the newest VOCABULARY_ENTRIES entries `person` may read (readable_entries: nothing from a post,
    reply or group they cannot read ever becomes a suggestion), of a length close to one of `near`. Built on
    demand, only when a search found little, and kept nowhere."""
    lengths = {n for w in near for n in range(len(w) - 2, len(w) + 3)}
    words: set[str] = set()
    texts = readable_entries(person).order_by("-id").values_list("text", flat=True)[:VOCABULARY_ENTRIES]
    for text in texts.iterator(chunk_size=500):
        words.update(w for w in WORD_RE.findall(text.lower()) if len(w) in lengths and not w.isdigit())
    return words


def corrected(person, q: str) -> str | None:
    """`q` with each word that finds nothing the reader may read replaced by the closest word they can find
    (difflib.get_close_matches), or None when no word needed or found a correction. The same on SQLite and
    PostgreSQL: pure Python over readable text, no FTS vocabulary table or pg_trgm."""
    import difflib

    terms = terms_of(q)
    if not terms or not person.is_authenticated:
        return None
    readable = readable_entries(person)
    unknown = [t for t in terms if len(t) >= 3 and not t.isdigit() and not _matching(readable, [t]).exists()]
    if not unknown:
        return None
    vocabulary = sorted(vocabulary_of(person, unknown))
    fixes = {}
    for term in unknown:
        close = difflib.get_close_matches(term, vocabulary, n=1, cutoff=CORRECTION_CUTOFF)
        if close:
            fixes[term] = close[0]
    if not fixes:
        return None
    return " ".join(fixes.get(t, t) for t in terms)


# --- keeping entries in step ---------------------------------------------------

def entry_fields(obj) -> tuple[str, dict] | None:
    from townsquare.people.models import Person

    if isinstance(obj, Post):
        return "post", {"text": f"{obj.title}\n{obj.body}", "post_id": obj.pk, "group_id": obj.group_id,
                        "author_id": obj.author_id, "post_kind": obj.kind, "created_at": obj.created_at}
    if isinstance(obj, Reply):
        group_id = Post.objects.filter(pk=obj.post_id).values_list("group_id", flat=True).first()
        return "reply", {"text": obj.body, "post_id": obj.post_id, "group_id": group_id,
                         "author_id": obj.author_id, "post_kind": "", "created_at": obj.created_at}
    if isinstance(obj, Person):
        if not obj.is_active:
            return None
        text = " ".join([obj.name, obj.handle, obj.title, obj.location, obj.skills, obj.interests, obj.bio])
        return "person", {"text": text, "author_id": obj.pk, "group_id": None, "post_id": None,
                          "post_kind": "", "created_at": obj.date_joined}
    if isinstance(obj, Group):
        return "group", {"text": f"{obj.name}\n{obj.description}", "group_id": obj.pk, "author_id": None,
                         "post_id": None, "post_kind": "", "created_at": obj.created_at}
    return None


def index_object(obj) -> None:
    fields = entry_fields(obj)
    kind = {Post: "post", Reply: "reply", Group: "group"}.get(type(obj), "person")
    if fields is None:
        SearchEntry.objects.filter(kind=kind, object_id=obj.pk).delete()
        return
    kind, values = fields
    SearchEntry.objects.update_or_create(kind=kind, object_id=obj.pk, defaults=values)


def _on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        index_object(instance)


def connect_signals() -> None:
    from townsquare.people.models import Person

    for model in (Post, Reply, Person, Group):
        post_save.connect(_on_save, sender=model, dispatch_uid=f"search-{model.__name__}")


def reindex_all(batch: int = 5000) -> int:
    """Rebuild every entry (after a bulk load such as the demo generator). Returns the count.

    Entries are inserted in chronological order across kinds, so entry ids (the FTS rowids
    that search orders by) follow time."""
    import heapq

    from townsquare.people.models import Person

    SearchEntry.objects.all().delete()
    post_groups = dict(Post.objects.values_list("id", "group_id"))

    def reply_fields(obj):
        return ("reply", {"text": obj.body, "post_id": obj.post_id, "group_id": post_groups.get(obj.post_id),
                          "author_id": obj.author_id, "post_kind": "", "created_at": obj.created_at})

    streams = [
        ((p.date_joined, 0, p.pk, p, entry_fields) for p in Person.objects.order_by("date_joined", "pk").iterator(chunk_size=batch)),
        ((g.created_at, 1, g.pk, g, entry_fields) for g in Group.objects.order_by("created_at", "pk").iterator(chunk_size=batch)),
        ((p.created_at, 2, p.pk, p, entry_fields) for p in Post.objects.order_by("created_at", "pk").iterator(chunk_size=batch)),
        ((r.created_at, 3, r.pk, r, reply_fields) for r in Reply.objects.order_by("created_at", "pk").iterator(chunk_size=batch)),
    ]
    total = 0
    rows = []
    for _, _, pk, obj, make in heapq.merge(*streams, key=lambda t: (t[0], t[1], t[2])):
        fields = make(obj)
        if fields is None:
            continue
        kind, values = fields
        rows.append(SearchEntry(kind=kind, object_id=pk, **values))
        if len(rows) >= batch:
            SearchEntry.objects.bulk_create(rows)
            total += len(rows)
            rows = []
    SearchEntry.objects.bulk_create(rows)
    return total + len(rows)


# --- suggestions as one types (the composer's @ and #, the search page's author and group) ------------------------

SUGGEST_KINDS = ("people", "topics", "groups")
SUGGEST_LIMIT = 8
SUGGEST_MAX_CHARS = 80


def suggest(person, *, kind: str, q: str) -> list[dict]:
    """What `person` may be offered for the few letters `q`: active people (name, handle, department, avatar),
    topics on posts they may read (access.topics_visible_to: a topic used only in a secret group is never
    offered to outsiders), or groups whose page they may open (access.groups_visible_to: never a secret group
    they are not in). Each item: value (what goes into the text or the field), label, detail; people also
    avatar (a URL or None) and initials. Unknown kinds are a ValidationError."""
    from django.urls import reverse

    from townsquare.conversations import access
    from townsquare.people import handles

    if kind not in SUGGEST_KINDS:
        raise ValidationError({"kind": [f"“{kind[:20]}” is not something we suggest; ask for people, topics or groups."]})
    text = "".join(ch for ch in (q or "") if ch.isprintable()).strip()[:SUGGEST_MAX_CHARS]
    if kind == "people":
        return [{"value": f"@{p.handle}", "label": p.name,
                 "detail": " · ".join(x for x in (f"@{p.handle}", p.department.name if p.department else "") if x),
                 "avatar": reverse("avatar", args=[p.handle]) if p.avatar else None, "initials": p.initials}
                for p in handles.people_matching(text, limit=SUGGEST_LIMIT)]
    if kind == "topics":
        name = text.lstrip("#").lower()
        if not name or not re.fullmatch(r"[-\w]{1,50}", name):
            return []
        topics = access.topics_visible_to(person).filter(name__startswith=name).order_by("name")[:SUGGEST_LIMIT]
        return [{"value": f"#{t.name}", "label": f"#{t.name}", "detail": ""} for t in topics]
    words = text.split()[:4]
    if not words:
        return []
    groups = access.groups_visible_to(person)
    for word in words:
        groups = groups.filter(name__icontains=word)
    return [{"value": g.name, "label": g.name, "detail": g.visibility.capitalize()}
            for g in groups.order_by("name", "pk")[:SUGGEST_LIMIT]]
