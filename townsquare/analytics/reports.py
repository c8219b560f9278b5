"""Organisation-level reports, computed in the background and stored as `Report` rows (one JSON per key),
so each dashboard reads one row. Every aggregate about people covers at least MIN_GROUP people:
departments smaller than that are merged into "Other", and smaller counts are hidden.

    network   departments, department × department interactions, E-I index, communities (metrics.recompute)
    org       adoption, personas, recognition flows, emergent leaders, ideas, questions, ask leadership
    index     the Social Enterprise index, per week (see INDEX below for every formula)
    iceberg   the share of activity at each level of uses, per week (see LEVELS for the rules)
    themes    recurring themes of company-wide posts (themes.py)
"""

import statistics
from collections import Counter
from datetime import UTC, datetime, timedelta
from datetime import time as dtime

from django.db import transaction
from django.utils import timezone

from townsquare.analytics import personas, privacy, sql
from townsquare.analytics.metrics import MIN_GROUP, NETWORK_DAYS, OTHER
from townsquare.analytics.models import AnalyticsPreference, Interaction, PersonMetric, Report
from townsquare.conversations.models import Group, Post, Reaction, Reply
from townsquare.people.models import Department, Person

WEEKS = 12
EMERGENT_PERCENTILE = 90
# A department is flagged a silo when its E-I index is this far below what random mixing would give.
SILO_GAP = 0.25   # emergent leader: influence at or above this percentile and no direct reports


def store(key: str, data: dict, now=None) -> None:
    Report.objects.update_or_create(key=key, defaults={"data": data, "computed_at": now or timezone.now()})


def hidden(n: int) -> int | None:
    """A count of people, or None ("fewer than 5") when it is too small to show."""
    return n if n >= MIN_GROUP else None


def department_labels(dept_of: dict[int, int | None]) -> dict[int | None, str]:
    """Department id → the label aggregates use: its name, or OTHER when it has fewer than MIN_GROUP people
    (people without a department are in OTHER too), and then the smallest departments as well until OTHER
    is empty or holds MIN_GROUP people: its size is the total minus the others (analytics/privacy.py)."""
    sizes = Counter(OTHER if d is None else d for d in dept_of.values())
    merged = privacy.merge_small(sizes, OTHER)
    names = dict(Department.objects.values_list("pk", "name"))
    return {d: (OTHER if d is None or merged[d] == OTHER else names[d]) for d in set(dept_of.values())}


def network_report(*, people, src, tgt, weight, ta, tb, dept_of, ei, ei_per_dept, community, modularity) -> dict:
    """Departments (merged under MIN_GROUP), the department × department matrix of interaction weights,
    ties between departments, E-I per department and community sizes — from node-numbered edge arrays."""
    import numpy as np

    labels = department_labels(dept_of)
    sizes = Counter(labels[dept_of[pk]] for pk in people)
    order = sorted((lab for lab in sizes if lab != OTHER), key=str.lower)
    if sizes.get(OTHER, 0) >= MIN_GROUP:
        order.append(OTHER)  # even merged, a smaller "Other" is left out of every aggregate
    pos = {lab: i for i, lab in enumerate(order)}
    k = len(order)
    lab = np.array([pos.get(labels[dept_of[pk]], -1) for pk in people], dtype=np.int64)
    ls, lt = (lab[src], lab[tgt]) if len(src) else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    ok = (ls >= 0) & (lt >= 0)
    matrix = np.bincount(ls[ok] * k + lt[ok], weights=weight[ok], minlength=k * k).reshape(k, k) if k else np.zeros((0, 0))
    la, lb = (lab[ta], lab[tb]) if len(ta) else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    across = (la >= 0) & (lb >= 0) & (la != lb)
    lo, hi = np.minimum(la[across], lb[across]), np.maximum(la[across], lb[across])
    tie_counts = np.bincount(lo * k + hi, minlength=k * k) if k else np.zeros(0)
    department_ties = sorted(({"a": order[c // k], "b": order[c % k], "ties": int(n)}
                              for c, n in enumerate(tie_counts) if n), key=lambda t: -t["ties"])[:60]
    names = dict(Department.objects.values_list("pk", "name"))
    dept_sizes = Counter(d for d in dept_of.values() if d is not None)
    with_dept = sum(dept_sizes.values())

    def expected(d):
        # The E-I a department would have if its people picked whom to talk to at random.
        return round(2 * (with_dept - dept_sizes[d]) / (with_dept - 1) - 1, 3) if with_dept > 1 else None

    ei_rows = sorted(
        ({"department": names[d], "external": v["e"], "internal": v["i"], "ei": v["ei"], "expected": expected(d),
          "silo": v["ei"] is not None and expected(d) is not None and v["ei"] <= expected(d) - SILO_GAP}
         for d, v in ei_per_dept.items() if labels.get(d) not in (None, OTHER)),
        key=lambda r: (r["ei"] if r["ei"] is not None else 2))
    community_sizes = Counter(community.values())
    shown = sorted((n for n in community_sizes.values() if n >= MIN_GROUP), reverse=True)
    return {
        "departments": [{"name": lab_, "people": sizes[lab_]} for lab_ in order],
        "matrix": [[int(v) for v in row] for row in matrix], "ei": ei, "ei_by_department": ei_rows,
        # The ties behind the organisation's E-I: each tie across counts once here, but once for each of its two
        # departments in the per-department E-I (the page explains why the two can disagree).
        "ei_ties": {"across": sum(v["e"] for v in ei_per_dept.values()) // 2,
                    "inside": sum(v["i"] for v in ei_per_dept.values())},
        "department_ties": department_ties,
        "communities": {"count": len(shown), "sizes": shown[:20], "small": sum(1 for n in community_sizes.values() if n < MIN_GROUP),
                        "modularity": round(modularity, 3)},
        "days": NETWORK_DAYS, "edges": int(len(src)), "ties": int(len(ta)),
    }


# --- the organisation report -------------------------------------------------------------------------------

def _week_start(now):
    """Monday 00:00 UTC of the week `WEEKS - 1` weeks before this one: week 0 of the series."""
    today = now.astimezone(UTC).date()
    monday = today - timedelta(days=today.weekday())
    return datetime.combine(monday, dtime.min, tzinfo=UTC) - timedelta(weeks=WEEKS - 1)


def weekly_active(start, with_people: bool = False):
    """Per week since `start`: people who contributed (posted, replied or reacted to someone) and
    cumulative people who had contributed at least once by the end of that week (and, with_people, the
    set of contributors of each week)."""
    P, E = Post._meta.db_table, Interaction._meta.db_table
    pairs = sql.rows(
        f"SELECT DISTINCT who, w FROM (SELECT author_id AS who, {sql.week_number('created_at')} AS w FROM {P} "
        f"WHERE created_at >= %s UNION ALL SELECT source_id, {sql.week_number('created_at')} FROM {E} "
        f"WHERE created_at >= %s AND kind IN (1, 2)) a",
        [sql.param(start), sql.param(start), sql.param(start), sql.param(start)])
    active, who_by_week = [0] * WEEKS, [set() for _ in range(WEEKS)]
    for who, w in pairs:
        if 0 <= w < WEEKS:
            active[w] += 1
            who_by_week[w].add(who)
    # Each person's first contribution ever, from the posts, replies and reactions themselves: the raw
    # interaction edges go with the retention rule, the content stays, so "ever contributed" never shrinks.
    # (A reply or reaction to one's own post comes after that post, so it never moves the first.)
    R, X = Reply._meta.db_table, Reaction._meta.db_table
    firsts = sql.rows(
        f"SELECT who, MIN(t) FROM (SELECT author_id AS who, MIN(created_at) AS t FROM {P} GROUP BY author_id "
        f"UNION ALL SELECT author_id, MIN(created_at) FROM {R} GROUP BY author_id "
        f"UNION ALL SELECT person_id, MIN(created_at) FROM {X} GROUP BY person_id) a GROUP BY who")
    first_week = Counter()
    before = 0
    for _, t in firsts:
        w = (sql.to_dt(t) - start).days // 7
        if w < 0:
            before += 1
        else:
            first_week[w] += 1
    cumulative, total = [], before
    for w in range(WEEKS):
        total += first_week[w]
        cumulative.append(total)
    return (active, cumulative, who_by_week) if with_people else (active, cumulative)


def org_report(now=None, activity=None) -> dict:
    from townsquare.ideas.models import IdeaState
    from townsquare.practices.models import Question

    now = now or timezone.now()
    start = _week_start(now)
    since = now - timedelta(days=NETWORK_DAYS)
    people = dict(Person.objects.filter(is_active=True).values_list("pk", "department_id"))
    labels = department_labels(people)
    active, adopters, _ = activity or weekly_active(start, with_people=True)
    weeks = [(start + timedelta(weeks=w)).date().isoformat() for w in range(WEEKS)]

    persona_counts = Counter(PersonMetric.objects.filter(person__is_active=True).values_list("persona", flat=True))
    persona_shown = privacy.suppress({p: persona_counts.get(p, 0) for p in personas.PERSONAS})
    persona_rows = [{"persona": p, "label": personas.label(p), "people": persona_shown[p]} for p in personas.PERSONAS]

    # Recognition flows: praise from one department to another (merged departments as in the network).
    flows: Counter = Counter()
    for s, t in Interaction.objects.filter(kind=Interaction.Kind.PRAISE, created_at__gte=since).values_list("source_id", "target_id"):
        a, b = labels.get(people.get(s), OTHER), labels.get(people.get(t), OTHER)
        if s in people and t in people:
            flows[(a, b)] += 1
    other_size = sum(1 for d in people.values() if labels[d] == OTHER)
    flow_rows = [{"from": a, "to": b, "praise": n} for (a, b), n in flows.most_common(40)
                 if other_size >= MIN_GROUP or OTHER not in (a, b)]

    # Emergent leaders: high influence and nobody reporting to them. Named only with their consent.
    managers = set(Person.objects.filter(reports__isnull=False).values_list("pk", flat=True).distinct())
    emergent = [pk for pk in PersonMetric.objects.filter(influence_percentile__gte=EMERGENT_PERCENTILE,
                                                         person__is_active=True).values_list("person_id", flat=True)
                if pk not in managers]
    consenting = set(AnalyticsPreference.objects.filter(person_id__in=emergent, named_as_leader=True)
                     .values_list("person_id", flat=True))
    named = list(Person.objects.filter(pk__in=consenting).order_by("name").values("name", "handle", "title"))
    for n in named:
        n["department"] = ""
    dept_names = dict(Person.objects.filter(pk__in=consenting).values_list("handle", "department__name"))
    for n in named:
        n["department"] = dept_names.get(n["handle"]) or ""

    # Every idea post counts; one without a pipeline state yet (loaded in bulk) is new.
    ideas = Counter(dict(sql.rows(
        f"SELECT COALESCE(i.status, 'new'), COUNT(*) FROM {Post._meta.db_table} p "
        f"LEFT JOIN {IdeaState._meta.db_table} i ON i.post_id = p.id WHERE p.kind = 'idea' GROUP BY 1")))
    idea_rows = [{"status": label, "ideas": ideas.get(value, 0)} for value, label in IdeaState.Status.choices]

    # Questions (posts of kind question) of the last NETWORK_DAYS days and the hours to the first answer.
    P, R = Post._meta.db_table, Reply._meta.db_table
    q = sql.rows(
        f"SELECT p.id, {sql.hours_between('p.created_at', 'MIN(r.created_at)')} FROM {P} p LEFT JOIN {R} r "
        f"ON r.post_id = p.id AND r.author_id <> p.author_id WHERE p.kind = 'question' AND p.created_at >= %s "
        "GROUP BY p.id, p.created_at", [sql.param(since)])
    hours = [h for _, h in q if h is not None]
    asked = Question.objects.filter(created_at__gte=since)
    leader_hours = [(a - c).total_seconds() / 3600 for c, a in
                    asked.filter(answered_at__isnull=False).values_list("created_at", "answered_at")]
    questions = {
        "asked": len(q), "unanswered": sum(1 for _, h in q if h is None),
        "median_hours": round(statistics.median(hours), 1) if hours else None,
        "leaders_asked": asked.count(), "leaders_open": asked.filter(status=Question.Status.OPEN).count(),
        "leaders_answered": len(leader_hours), "leaders_declined": asked.filter(status=Question.Status.DECLINED).count(),
        "leaders_median_hours": round(statistics.median(leader_hours), 1) if leader_hours else None,
    }
    return {
        "weeks": weeks, "active": active, "adopters": adopters, "people": len(people),
        "personas": persona_rows, "recognition": flow_rows,
        "emergent": {"count": len(emergent), "named": named, "percentile": EMERGENT_PERCENTILE},
        "ideas": idea_rows, "questions": questions, "days": NETWORK_DAYS,
    }


# --- the iceberg of uses -------------------------------------------------------------------------------------

LEVELS = [
    ("find", "Find & ask", "Questions, and replies to questions."),
    ("coordinate", "Coordinate", "Updates (describing work, team news) and replies to them."),
    ("belong", "Belong", "Posts, replies and reactions in interest groups, replies to praise."),
    ("esteem", "Esteem", "Praise, articles and chosen best answers."),
    ("purpose", "Purpose", "Posts tagged with a purpose, ideas, posts and replies in cause groups."),
]
LEVEL_RULES = """Each post, reply and reaction counts at one level, the first rule that fits:
posts — tagged with a purpose, an idea or in a cause group → purpose; praise or article → esteem;
question → find & ask; in an interest group → belong; otherwise → coordinate.
replies — chosen as best answer → esteem; in a cause group → purpose; on a question → find & ask;
on praise or in an interest group → belong; otherwise → coordinate.
reactions — the level of the post they react to: a like on a question is find & ask, on praise esteem,
on an idea purpose, on an update coordinate."""


def iceberg_report(now=None) -> dict:
    from townsquare.purpose.models import PurposeTag

    now = now or timezone.now()
    start = _week_start(now)
    P, R, G, X, T = (Post._meta.db_table, Reply._meta.db_table, Group._meta.db_table, Reaction._meta.db_table,
                     PurposeTag._meta.db_table)
    counts = [[0] * len(LEVELS) for _ in range(WEEKS)]
    post_level = ("CASE WHEN t.post_id IS NOT NULL OR p.kind = 'idea' OR g.kind = 'cause' THEN 4 "
                  "WHEN p.kind IN ('praise', 'article') THEN 3 WHEN p.kind = 'question' THEN 0 "
                  "WHEN g.kind = 'interest' THEN 2 ELSE 1 END")
    for w, level, n in sql.rows(
            f"SELECT {sql.week_number('p.created_at')} AS w, {post_level} AS lv, COUNT(*) FROM {P} p "
            f"LEFT JOIN {G} g ON g.id = p.group_id LEFT JOIN {T} t ON t.post_id = p.id "
            "WHERE p.created_at >= %s GROUP BY 1, 2", [sql.param(start), sql.param(start)]):
        if 0 <= w < WEEKS:
            counts[w][level] += n
    reply_level = ("CASE WHEN p.best_answer_id = r.id THEN 3 WHEN g.kind = 'cause' THEN 4 "
                   "WHEN p.kind = 'question' THEN 0 WHEN p.kind = 'praise' OR g.kind = 'interest' THEN 2 ELSE 1 END")
    for w, level, n in sql.rows(
            f"SELECT {sql.week_number('r.created_at')} AS w, {reply_level} AS lv, COUNT(*) FROM {R} r "
            f"JOIN {P} p ON p.id = r.post_id LEFT JOIN {G} g ON g.id = p.group_id "
            "WHERE r.created_at >= %s GROUP BY 1, 2", [sql.param(start), sql.param(start)]):
        if 0 <= w < WEEKS:
            counts[w][level] += n
    # A reaction is a response to a post, so it counts at the level of the post's use.
    for w, level, n in sql.rows(
            f"SELECT {sql.week_number('x.created_at')} AS w, {post_level} AS lv, COUNT(*) FROM {X} x "
            f"JOIN {P} p ON p.id = x.post_id LEFT JOIN {G} g ON g.id = p.group_id LEFT JOIN {T} t ON t.post_id = p.id "
            "WHERE x.created_at >= %s GROUP BY 1, 2", [sql.param(start), sql.param(start)]):
        if 0 <= w < WEEKS:
            counts[w][level] += n
    shares = [[round(100 * c / sum(week), 1) if sum(week) else 0.0 for c in week] for week in counts]
    half = WEEKS // 2 if WEEKS < 8 else 4
    growth = []
    for i, (key, name, _) in enumerate(LEVELS):
        before = sum(counts[w][i] for w in range(WEEKS - 2 * half, WEEKS - half))
        after = sum(counts[w][i] for w in range(WEEKS - half, WEEKS))
        tot_before = sum(sum(counts[w]) for w in range(WEEKS - 2 * half, WEEKS - half)) or 1
        tot_after = sum(sum(counts[w]) for w in range(WEEKS - half, WEEKS)) or 1
        growth.append({"level": key, "name": name, "share_before": round(100 * before / tot_before, 1),
                       "share_after": round(100 * after / tot_after, 1),
                       "change": round(100 * after / tot_after - 100 * before / tot_before, 1)})
    emerging = [g["level"] for g in sorted(growth, key=lambda g: -g["change"]) if g["change"] > 0][:2]
    return {"weeks": [(start + timedelta(weeks=w)).date().isoformat() for w in range(WEEKS)],
            "levels": [{"key": k, "name": n, "about": a} for k, n, a in LEVELS],
            "counts": counts, "shares": shares, "growth": growth, "emerging": emerging, "half_weeks": half}


def refresh_all(now=None, *, themes: bool = True, graph_metrics: bool = True) -> dict:
    """Recompute the graph metrics (unless graph_metrics=False) and every stored report. Idempotent: each
    report is one row, replaced."""
    from townsquare.analytics import index, metrics
    from townsquare.analytics import themes as theme_module

    now = now or timezone.now()
    result = metrics.recompute(now) if graph_metrics else {}
    activity = weekly_active(_week_start(now), with_people=True)
    with transaction.atomic():
        store("org", org_report(now, activity), now)
        store("iceberg", iceberg_report(now), now)
        store("index", index.index_report(now, activity), now)
    if themes:
        store("themes", theme_module.themes_report(now), now)
    return result


def report(key: str) -> tuple[dict, object]:
    row = Report.objects.filter(key=key).values_list("data", "computed_at").first()
    return (row[0], row[1]) if row else ({}, None)
