"""Reads for the analytics dashboards: a fixed, small number of queries per page, on indexed columns of
the interaction graph or precomputed reports (reports.py). Each returns plain data: figures, chart specs
(drawn by static/js/analytics.js) and tables (also offered as CSV)."""

import statistics
from collections import Counter
from datetime import timedelta

from django.utils import timezone

from townsquare.analytics import personas, privacy, sql, what_worked
from townsquare.analytics.metrics import MIN_GROUP, NETWORK_DAYS
from townsquare.analytics.models import AnalystRole, AnalyticsPreference, Interaction, PersonMetric
from townsquare.analytics.reports import report
from townsquare.conversations.models import Membership, Post, PostView, Reaction, Reply
from townsquare.people.models import Department, Person

E = Interaction._meta.db_table
K = Interaction.Kind
EGO_SIZE = 20
EGO_LABELLED = 8       # names drawn on the ego network: the strongest ties; the others on pointing or tapping
DEPT_LABELLED = 12     # names drawn on the department network: the biggest departments
DEPT_TIES_EACH = 3     # lines drawn per department: its strongest ties to others (the rest make a hairball)
TOP_POSTS = 5
OTHER_VIEWERS = "Other departments (under 5 viewers each)"


def table(name: str, title: str, headers: list[str], rows: list[list]) -> dict:
    return {"name": name, "title": title, "headers": headers, "rows": rows}


def _median(values):
    return round(statistics.median(values), 1) if values else None


# --- personal ------------------------------------------------------------------------------------------

def _weekly_activity(person, start, weeks: int) -> list[personas.Activity]:
    """Posts, and replies/reactions given and received, per week since `start` (2 queries)."""
    c = [Counter() for _ in range(weeks)]
    for w, n in sql.rows(f"SELECT {sql.week_number('created_at')} AS w, COUNT(*) FROM {Post._meta.db_table} "
                         "WHERE author_id = %s AND created_at >= %s GROUP BY 1",
                         [sql.param(start), person.pk, sql.param(start)]):
        if 0 <= w < weeks:
            c[w]["posts"] += n
    for side, kind, w, n in sql.rows(
            f"SELECT 'given', kind, {sql.week_number('created_at')} AS w, COUNT(*) FROM {E} "
            "WHERE source_id = %s AND created_at >= %s AND kind IN (1, 2) GROUP BY kind, 3 "
            f"UNION ALL SELECT 'received', kind, {sql.week_number('created_at')}, COUNT(*) FROM {E} "
            "WHERE target_id = %s AND created_at >= %s AND kind IN (1, 2) GROUP BY kind, 3",
            [sql.param(start), person.pk, sql.param(start), sql.param(start), person.pk, sql.param(start)]):
        if 0 <= w < weeks:
            c[w][("replies_" if kind == K.REPLY else "reactions_") + side] += n
    return [personas.Activity(**x) for x in c]


def _sum(acts: list[personas.Activity]) -> personas.Activity:
    total = Counter()
    for a in acts:
        for f in ("posts", "replies_given", "reactions_given", "replies_received", "reactions_received"):
            total[f] += getattr(a, f)
    return personas.Activity(**total)


def personal(person, now=None) -> dict:
    now = now or timezone.now()
    weeks = personas.WINDOW_DAYS // 7
    start = now - timedelta(days=personas.WINDOW_DAYS)
    by_week = _weekly_activity(person, start, weeks)
    total = _sum(by_week)
    persona = personas.persona_of(total)
    P, V = Post._meta.db_table, PostView._meta.db_table

    reach = sql.rows(f"SELECT COUNT(DISTINCT v.person_id) FROM {V} v JOIN {P} p ON p.id = v.post_id "
                     "WHERE p.author_id = %s AND p.created_at >= %s AND v.person_id <> %s",
                     [person.pk, sql.param(start), person.pk])[0][0]
    # First response to each of my posts: the first reply or reaction from someone else.
    firsts = sql.rows(f"SELECT p.id, {sql.hours_between('p.created_at', 'MIN(e.created_at)')} FROM {P} p "
                      f"LEFT JOIN {E} e ON e.post_id = p.id AND e.target_id = p.author_id AND e.kind IN (1, 2) "
                      "WHERE p.author_id = %s AND p.created_at >= %s GROUP BY p.id, p.created_at",
                      [person.pk, sql.param(start)])
    answered = [h for _, h in firsts if h is not None]

    network = _network(person, now)
    metric = PersonMetric.objects.filter(person=person).values_list("influence_percentile", "computed_at").first()
    top = list(Post.objects.filter(author=person, created_at__gte=start)
               .order_by("-reaction_count", "-reply_count", "-view_count", "-id")
               .only("id", "kind", "title", "body", "created_at", "reaction_count", "reply_count", "view_count")[:TOP_POSTS])
    named = AnalyticsPreference.objects.filter(person=person, named_as_leader=True).exists()

    given = total.replies_given + total.reactions_given
    worked = what_worked.what_worked(person, now)
    labels = [(start + timedelta(weeks=w)).date().isoformat() for w in range(weeks)]
    week_personas = [personas.persona_of(a) for a in by_week]
    tables = [
        table("weeks", "Week by week", ["week from", "persona", "posts", "replies given", "reactions given",
                                         "replies received", "reactions received"],
              [[labels[w], personas.label(week_personas[w]), a.posts, a.replies_given, a.reactions_given,
                a.replies_received, a.reactions_received] for w, a in enumerate(by_week)]),
        table("top_posts", "Top posts", ["post", "written", "reactions", "replies", "viewers"],
              [[(p.title or p.body)[:80], p.created_at.date().isoformat(), p.reaction_count, p.reply_count,
                p.view_count] for p in top]),
        table("departments", "Departments reached", ["department", "people"],
              [[d, n] for d, n in network["departments"]]),
        table("what_worked", "What worked for me", ["compared", "kind", "posts", "drew a response", "rate",
                                                    "95% credible interval", "chance it is best"],
              [[c.title, b.label, b.posts, b.responded, f"{b.rate_pct}%" if b.enough else "not enough posts yet",
                b.interval, f"{round(100 * b.p_best)}%" if b.p_best is not None else ""]
               for c in worked for b in c.buckets]),
    ]
    charts = {
        "weekly": {"type": "bar", "labels": labels, "stacked": False, "datasets": [
            {"label": "Contributions", "data": [a.contributions for a in by_week]},
            {"label": "Responses received", "data": [a.responses for a in by_week]}]},
        "ego": {"type": "network", "layout": "concentric", "nodes": network["nodes"], "edges": network["edges"],
                "labelled": EGO_LABELLED},
    }
    return {
        "since": start, "activity": total, "persona": persona, "persona_info": personas.DESCRIPTIONS[persona],
        "week_personas": [(labels[w], personas.label(p)) for w, p in enumerate(week_personas)],
        "reach": reach, "posts_with_response": len(answered), "posts_total": len(firsts),
        "response_rate": round(100 * len(answered) / len(firsts)) if firsts else None,
        "median_first_response_h": _median(answered),
        "listening_ratio": round(given / total.posts, 1) if total.posts else None,
        "network": network, "influence": metric[0] if metric else None, "metrics_at": metric[1] if metric else None,
        "top_posts": top, "named_as_leader": named, "tables": tables, "charts": charts,
        "what_worked": worked, "what_worked_min": what_worked.MIN_POSTS, "what_worked_days": what_worked.WINDOW_DAYS,
        "descriptions": [(k, *personas.DESCRIPTIONS[k]) for k in personas.PERSONAS],
    }


def _network(person, now) -> dict:
    """People I interact with (either way) over NETWORK_DAYS days, reciprocated ties, ties new this month
    (our first interaction in those NETWORK_DAYS days falls in the current calendar month, my time zone),
    departments reached, and my ego network (strongest ties and the ties among them). Two grouped queries on
    covering indexes. Nothing older than NETWORK_DAYS is read, so the retention rule's purge of old raw
    interactions never changes what this shows."""
    since = sql.param(now - timedelta(days=NETWORK_DAYS))
    local = timezone.localtime(now)
    month_start = sql.param(local.replace(day=1, hour=0, minute=0, second=0, microsecond=0))
    Pe = Person._meta.db_table
    recent = "CASE WHEN x.t >= %s THEN {} ELSE 0 END"
    rows = sql.rows(
        f"SELECT x.other, CASE WHEN MIN(x.t) >= %s THEN 1 ELSE 0 END, SUM({recent.format('x.gave')}), "
        f"SUM({recent.format('x.got')}), SUM({recent.format('x.w')}), pe.department_id, pe.name FROM ("
        f"SELECT target_id AS other, created_at AS t, 1 AS gave, 0 AS got, weight AS w FROM {E} "
        f"WHERE source_id = %s AND created_at >= %s "
        f"UNION ALL SELECT source_id, created_at, 0, 1, weight FROM {E} WHERE target_id = %s AND created_at >= %s) x "
        f"JOIN {Pe} pe ON pe.id = x.other GROUP BY x.other, pe.department_id, pe.name",
        [month_start, since, since, since, person.pk, since, person.pk, since])
    recent_rows = [r for r in rows if r[2] or r[3]]
    dept_names = dict(Department.objects.values_list("pk", "name"))
    depts = Counter(dept_names.get(r[5], "No department") for r in recent_rows)
    strongest = sorted(recent_rows, key=lambda r: (-r[4], r[0]))[:EGO_SIZE]
    ids = [r[0] for r in strongest]
    nodes = [{"id": str(person.pk), "label": "You", "me": True}] + [
        {"id": str(r[0]), "label": r[6], "group": dept_names.get(r[5], ""), "weight": r[4]} for r in strongest]
    edges = [{"source": str(person.pk), "target": str(r[0]), "weight": r[4]} for r in strongest]
    if ids:
        marks = ", ".join(["%s"] * len(ids))
        among = Counter()
        for s, t, w in sql.rows(f"SELECT source_id, target_id, SUM(weight) FROM {E} WHERE source_id IN ({marks}) "
                                f"AND target_id IN ({marks}) AND created_at >= %s GROUP BY source_id, target_id",
                                [*ids, *ids, since]):
            among[(min(s, t), max(s, t))] += w
        edges += [{"source": str(a), "target": str(b), "weight": w} for (a, b), w in sorted(among.items())]
    return {
        "people": len(recent_rows), "reciprocated": sum(1 for r in recent_rows if r[2] and r[3]),
        "new_this_month": sum(1 for r in rows if r[1]),
        "departments": sorted(depts.items(), key=lambda kv: -kv[1]), "department_count": len(depts),
        "nodes": nodes, "edges": edges, "days": NETWORK_DAYS,
    }


# --- one post --------------------------------------------------------------------------------------------

def post_analytics(post: Post, now=None) -> dict:
    now = now or timezone.now()
    author = post.author_id
    views = list(PostView.objects.filter(post=post).exclude(person_id=author)
                 .values_list("created_at", "person__department__name"))
    # One list of reactions (from others) gives the headline count, the breakdown by kind and the timeline.
    reacted = list(Reaction.objects.filter(post=post).exclude(person_id=author).values_list("created_at", "kind"))
    reactions = [at for at, _ in reacted]
    by_kind = Counter(kind for _, kind in reacted)
    replies = list(Reply.objects.filter(post=post).exclude(author_id=author).values_list("created_at", flat=True))
    # Hour by hour for a post's first two days, then day by day (at most 30 days), in the reader's time zone.
    hourly = now - post.created_at < timedelta(hours=48)
    if hourly:
        first = timezone.localtime(post.created_at).replace(minute=0, second=0, microsecond=0)
        days = max(1, int((now - first).total_seconds() // 3600) + 1)
        labels = [timezone.localtime(first + timedelta(hours=h)).strftime("%a %H:00") for h in range(days)]

        def slot(moment):
            return int((moment - first).total_seconds() // 3600)
    else:
        first_day = timezone.localdate(post.created_at)
        days = max(1, min(30, (timezone.localdate(now) - first_day).days + 1))
        labels = [(first_day + timedelta(days=d)).isoformat() for d in range(days)]

        def slot(moment):
            return (timezone.localdate(moment) - first_day).days

    def per_day(moments):
        c = Counter(slot(m) for m in moments)
        return [c.get(d, 0) for d in range(days)]

    viewers_daily = per_day(v[0] for v in views)
    cumulative, total = [], 0
    for n in viewers_daily:
        total += n
        cumulative.append(total)
    by_dept = Counter(v[1] or "No department" for v in views)
    pooled_as = privacy.merge_small(by_dept, OTHER_VIEWERS)  # "Other" is empty or 5+: the total gives nothing away
    audience = Counter()
    for d, n in by_dept.items():
        audience[pooled_as[d]] += n
    audience_rows = [[d, n] for d, n in sorted(audience.items(), key=lambda kv: (kv[0] == OTHER_VIEWERS, -kv[1]))
                     if d != OTHER_VIEWERS or n >= MIN_GROUP]
    hidden_other = audience.get(OTHER_VIEWERS, 0) if audience.get(OTHER_VIEWERS, 0) < MIN_GROUP else 0
    mine = list(Post.objects.filter(author_id=author).exclude(pk=post.pk)
                .values_list("view_count", "reaction_count", "reply_count"))
    medians = {"viewers": _median([m[0] for m in mine]), "reactions": _median([m[1] for m in mine]),
               "replies": _median([m[2] for m in mine])}
    figures = {"viewers": len(views), "reactions": len(reactions), "replies": len(replies)}
    compare = [{"name": k, "this": figures[k], "median": medians[k]} for k in ("viewers", "reactions", "replies")]
    return {
        "post": post, "hourly": hourly, "figures": figures, "medians": medians, "compare": compare, "other_posts": len(mine),
        "reaction_kinds": [(Reaction.Kind(k).label, n) for k, n in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))
                           if k in Reaction.Kind.values],
        "audience": audience_rows, "hidden_other": hidden_other,
        "charts": {
            "viewers": {"type": "line", "labels": labels, "datasets": [{"label": "Unique viewers, total", "data": cumulative}]},
            "daily": {"type": "bar", "labels": labels, "datasets": [
                {"label": "New viewers", "data": viewers_daily}, {"label": "Reactions", "data": per_day(reactions)},
                {"label": "Replies", "data": per_day(replies)}]},
            "audience": {"type": "doughnut", "labels": [r[0] for r in audience_rows],
                         "datasets": [{"label": "Viewers", "data": [r[1] for r in audience_rows]}]},
        },
        "tables": [
            table("daily", "Hour by hour" if hourly else "Day by day", ["hour" if hourly else "day", "new viewers", "unique viewers so far", "reactions", "replies"],
                  [[labels[d], viewers_daily[d], cumulative[d], per_day(reactions)[d], per_day(replies)[d]]
                   for d in range(days)]),
            table("audience", "Audience by department", ["department", "viewers"], audience_rows),
            table("compare", "Compared with my median post", ["measure", "this post", "my median"],
                  [[c["name"], c["this"], c["median"]] for c in compare]),
        ],
    }


# --- a group ---------------------------------------------------------------------------------------------

def group_analytics(group, now=None) -> dict:
    from townsquare.analytics.reports import WEEKS, _week_start

    now = now or timezone.now()
    since = now - timedelta(days=personas.WINDOW_DAYS)
    P = Post._meta.db_table
    members = set(Membership.objects.filter(group=group, state=Membership.State.ACTIVE, person__is_active=True)
                  .values_list("person_id", flat=True))
    unanswered = list(Post.objects.filter(group=group, kind=Post.Kind.QUESTION, reply_count=0, audience=Post.Audience.OPEN)
                      .select_related("author").order_by("-created_at")[:10])
    if len(members) < MIN_GROUP:
        # Every figure below counts what a handful of people did: in a group this small it is about each of them.
        return {"group": group, "members": len(members), "too_small": True, "min_group": MIN_GROUP,
                "unanswered": unanswered, "charts": {}, "tables": []}
    start = _week_start(now)
    weekly = [[0, 0, set()] for _ in range(WEEKS)]
    for who, w, kind in sql.rows(
            f"SELECT author_id, {sql.week_number('created_at')}, 0 FROM {P} WHERE group_id = %s AND created_at >= %s "
            f"UNION ALL SELECT e.source_id, {sql.week_number('e.created_at')}, e.kind FROM {E} e "
            f"JOIN {P} p ON p.id = e.post_id WHERE p.group_id = %s AND e.created_at >= %s AND e.kind IN (1, 2)",
            [sql.param(start), group.pk, sql.param(start), sql.param(start), group.pk, sql.param(start)]):
        if 0 <= w < WEEKS:
            weekly[w][0 if kind == 0 else 1] += 1
            weekly[w][2].add(who)
    recent_posts = sql.rows(
        f"SELECT p.id, p.kind, p.reply_count, COUNT(e.id) FROM {P} p LEFT JOIN {E} e ON e.post_id = p.id "
        "AND e.target_id = p.author_id AND e.kind IN (1, 2) WHERE p.group_id = %s AND p.created_at >= %s "
        "GROUP BY p.id, p.kind, p.reply_count", [group.pk, sql.param(since)])
    responded = sum(1 for r in recent_posts if r[3])
    active = set()
    for w in range(WEEKS - personas.WINDOW_DAYS // 7, WEEKS):
        active |= weekly[w][2]
    active &= members
    mix = None
    if len(members) >= MIN_GROUP:
        counts = Counter(PersonMetric.objects.filter(person_id__in=members).values_list("persona", flat=True))
        shown = privacy.suppress({p: counts.get(p, 0) for p in personas.PERSONAS})
        mix = [(personas.label(p), shown[p]) for p in personas.PERSONAS]
    weeks = [(start + timedelta(weeks=w)).date().isoformat() for w in range(WEEKS)]
    return {
        "group": group, "members": len(members), "active": len(active),
        "response_rate": round(100 * responded / len(recent_posts)) if recent_posts else None,
        "posts_recent": len(recent_posts), "unanswered": unanswered, "mix": mix,
        "charts": {"weekly": {"type": "bar", "labels": weeks, "datasets": [
            {"label": "Posts", "data": [w[0] for w in weekly]},
            {"label": "Replies and reactions", "data": [w[1] for w in weekly]}]},
            "active": {"type": "line", "labels": weeks, "datasets": [
                {"label": "People taking part", "data": [len(w[2]) for w in weekly]}]}},
        "tables": [
            table("weekly", "Week by week", ["week from", "posts", "replies and reactions", "people taking part"],
                  [[weeks[i], w[0], w[1], len(w[2])] for i, w in enumerate(weekly)]),
            table("personas", "Persona mix", ["persona", "members"],
                  [[p, n if n is not None else privacy.NOT_SHOWN] for p, n in (mix or [])]),
        ],
    }


# --- organisation ----------------------------------------------------------------------------------------

def org_dashboard() -> dict:
    org, at = report("org")
    net, net_at = report("network")
    if not org or not net:
        return {"ready": False}
    deps = [d["name"] for d in net["departments"]]
    matrix = net["matrix"]
    peak = max([max(row) for row in matrix] + [1])
    heat = [{"name": deps[i], "cells": [{"value": v, "level": round(5 * v / peak) if v else 0, "to": deps[j]}
                                        for j, v in enumerate(row)]} for i, row in enumerate(matrix)]
    personas_rows = org["personas"]
    strongest = strongest_ties(net["department_ties"], DEPT_TIES_EACH)
    drawn_ties = sorted({(t["a"], t["b"]): t for ties in strongest.values() for t in ties}.values(),
                        key=lambda t: -t["ties"])
    # The adoption chart starts a week before the first contribution.
    first = next((i for i, n in enumerate(org["adopters"]) if n), 0)
    shown = slice(max(0, first - 1), None)
    charts = {
        "adoption": {"type": "line", "labels": org["weeks"][shown], "datasets": [
            {"label": "People who have ever contributed", "data": org["adopters"][shown]},
            {"label": "Active people that week", "data": org["active"][shown]}]},
        "personas": {"type": "doughnut", "labels": [p["label"] for p in personas_rows if p["people"]],
                     "datasets": [{"label": "People", "data": [p["people"] for p in personas_rows if p["people"]]}]},
        "ideas": {"type": "bar", "labels": [i["status"] for i in org["ideas"]],
                  "datasets": [{"label": "Ideas", "data": [i["ideas"] for i in org["ideas"]]}]},
        "ei": {"type": "bar", "horizontal": True, "labels": [r["department"] for r in net["ei_by_department"]],
               "datasets": [{"label": "E-I index", "data": [r["ei"] for r in net["ei_by_department"]]},
                            {"label": "If people talked to colleagues at random",
                             "data": [r.get("expected") for r in net["ei_by_department"]]}]},
        "departments": {"type": "network", "labelled": DEPT_LABELLED,
                        "nodes": [{"id": d["name"], "label": f"{d['name']} ({d['people']})", "size": d["people"]}
                                  for d in sorted(net["departments"], key=lambda d: (-d["people"], d["name"]))],
                        "edges": [{"source": t["a"], "target": t["b"], "weight": t["ties"]} for t in drawn_ties]},
    }
    tables = [
        table("adoption", "Adoption", ["week from", "people who have ever contributed", "active people"],
              [[w, a, b] for w, a, b in zip(org["weeks"], org["adopters"], org["active"], strict=True)]),
        table("personas", "Personas", ["persona", "people"],
              [[p["label"], p["people"] if p["people"] is not None else privacy.NOT_SHOWN] for p in personas_rows]),
        table("interactions", "Interactions between departments (weighted, from row to column)",
              ["from \\ to", *deps], [[deps[i], *row] for i, row in enumerate(matrix)]),
        table("ei", "E-I index by department", ["department", "ties across", "ties inside", "E-I index",
                                                 "E-I if random", "silo"],
              [[r["department"], r["external"], r["internal"], r["ei"], r.get("expected"),
                "yes" if r.get("silo") else ""] for r in net["ei_by_department"]]),
        table("recognition", "Recognition flows", ["from department", "to department", "praise"],
              [[r["from"], r["to"], r["praise"]] for r in org["recognition"]]),
        table("ideas", "Ideas by status", ["status", "ideas"], [[i["status"], i["ideas"]] for i in org["ideas"]]),
    ]
    silos = [r["department"] for r in net["ei_by_department"] if r.get("silo")]
    tie_list = [{"department": d, "ties": [(t["b"] if t["a"] == d else t["a"], t["ties"]) for t in strongest.get(d, [])]}
                for d in deps]
    return {"ready": True, "org": org, "net": net, "computed_at": min(at, net_at), "heat": heat, "departments": deps,
            "silos": silos, "tie_list": tie_list, "ties_each": DEPT_TIES_EACH, "ei_explained": ei_explained(net),
            "charts": charts, "tables": tables}


def strongest_ties(ties: list[dict], each: int) -> dict[str, list[dict]]:
    """Each department's `each` strongest ties to other departments (ties: {"a", "b", "ties"})."""
    out: dict[str, list[dict]] = {}
    for t in sorted(ties, key=lambda t: (-t["ties"], t["a"], t["b"])):
        for d in (t["a"], t["b"]):
            if len(out.setdefault(d, [])) < each:
                out[d].append(t)
    return out


def ei_explained(net: dict) -> dict | None:
    """The numbers behind "why the organisation's E-I can be lower than every department's": a tie between two
    departments is one tie for the organisation but counts as external for both departments, while a tie inside
    a department counts once everywhere."""
    rows = [r for r in net.get("ei_by_department") or [] if r["ei"] is not None]
    counts = net.get("ei_ties")
    if net.get("ei") is None or not rows or not counts:
        return None
    across, inside = counts["across"], counts["inside"]
    sides = 2 * across
    return {"org": net["ei"], "across": across, "inside": inside, "sides": sides,
            "lowest": min(r["ei"] for r in rows), "highest": max(r["ei"] for r in rows),
            "mean": round(sum(r["ei"] for r in rows) / len(rows), 3), "departments": len(rows),
            "lower_than_all": net["ei"] < min(r["ei"] for r in rows)}


def index_dashboard() -> dict:
    data, at = report("index")
    if not data:
        return {"ready": False}
    charts = {"trend": {"type": "line", "max": 100, "labels": data["weeks"], "datasets": [
        {"label": d["name"], "data": d["trend"]} for d in data["dimensions"]]}}
    tables = [table("index", "Social Enterprise index", ["dimension", "score", *[f"week from {w}" for w in data["weeks"]]],
                    [[d["name"], d["score"], *d["trend"]] for d in data["dimensions"]])]
    return {"ready": True, "data": data, "computed_at": at, "charts": charts, "tables": tables}


def index_dimension(key: str) -> dict | None:
    """One dimension of the index with its formulas; None for an unknown dimension."""
    from townsquare.analytics.index import DIMENSIONS

    if key not in DIMENSIONS:
        return None
    data, at = report("index")
    dim = next((d for d in data.get("dimensions", []) if d["key"] == key), None)
    if dim is None:
        name, question, _ = DIMENSIONS[key]
        return {"ready": False, "dim": {"key": key, "name": name, "question": question, "score": None, "metrics": []},
                "data": {}, "computed_at": None, "charts": {}, "tables": []}
    charts = {"trend": {"type": "line", "max": 100, "labels": data["weeks"], "datasets": [
        {"label": m["name"], "data": m["weekly"]} for m in dim["metrics"]] + [
        {"label": dim["name"], "data": dim["trend"]}]}}
    tables = [table(key, dim["name"], ["metric", "numerator", "denominator", "target", "score",
                                       *[f"week from {w}" for w in data["weeks"]]],
                    [[m["name"], m["num"], m["den"], m["target"], m["score"], *m["weekly"]] for m in dim["metrics"]])]
    return {"ready": True, "dim": dim, "data": data, "computed_at": at, "charts": charts, "tables": tables}


def analyst_roles() -> list[AnalystRole]:
    """Everyone granted the analyst role, by name, with who they are."""
    return list(AnalystRole.objects.select_related("person").order_by("person__name"))


def bar_width(share: float) -> int:
    """A share in percent as a whole-percent bar width (the pct-N classes): 1 for any share above 0, so a
    small level still shows, and never more than 100."""
    if share <= 0:
        return 0
    return max(1, min(100, round(share)))


def iceberg_dashboard() -> dict:
    data, at = report("iceberg")
    if not data:
        return {"ready": False}
    levels = data["levels"]
    last = data["shares"][-1] if data["shares"] else [0] * len(levels)
    recent = [g["share_after"] for g in data["growth"]]
    first = next((i for i, week in enumerate(data["counts"]) if sum(week)), 0)
    charts = {
        "shares": {"type": "line", "stacked": True, "fill": True, "max": 100, "labels": data["weeks"][first:],
                   "datasets": [{"label": lv["name"], "data": [week[i] for week in data["shares"][first:]]}
                                for i, lv in enumerate(levels)]},
    }
    # Drawn as an iceberg, the tip (find & ask) on top, purpose at the base; each bar is as wide as its share
    # of activity (a share of 30% is 30% of the width), so the picture says what the numbers say.
    iceberg = [{"name": lv["name"], "about": lv["about"], "share": recent[i], "key": lv["key"],
                "emerging": lv["key"] in data["emerging"], "width": bar_width(recent[i])}
               for i, lv in enumerate(levels)]
    emerging = [f"{g['name']} (+{g['change']} points)" for g in data["growth"] if g["level"] in data["emerging"]]
    tables = [table("iceberg", "Share of activity per level, week by week (%)", ["week from", *[lv["name"] for lv in levels]],
                    [[w, *data["shares"][i]] for i, w in enumerate(data["weeks"])]),
              table("growth", "Emerging uses", ["level", f"share, {data['half_weeks']} weeks before",
                                                f"share, last {data['half_weeks']} weeks", "change (points)"],
                    [[g["name"], g["share_before"], g["share_after"], g["change"]] for g in data["growth"]])]
    from townsquare.analytics.reports import LEVEL_RULES

    return {"ready": True, "data": data, "computed_at": at, "iceberg": iceberg, "last": last, "charts": charts,
            "rules": LEVEL_RULES, "emerging": emerging,
            "tables": tables}


def themes_dashboard(person) -> dict:
    from townsquare.conversations.access import posts_visible_to

    data, at = report("themes")
    themes = data.get("themes", [])
    wanted = {pk for t in themes for pk in t["posts"]}
    readable = {p.pk: p for p in posts_visible_to(person).filter(pk__in=wanted).select_related("author")}
    shown = [{**t, "examples": [readable[pk] for pk in t["posts"] if pk in readable][:4]} for t in themes]
    tables = [table("themes", "Recurring themes", ["theme", "words", "share of posts (%)"],
                    [[t["label"], " ".join(t["words"]), t["share"]] for t in themes])]
    return {"themes": shown, "posts": data.get("posts", 0), "computed_at": at, "tables": tables,
            "charts": {"themes": {"type": "bar", "horizontal": True, "labels": [t["label"] for t in themes],
                                  "datasets": [{"label": "Share of posts (%)", "data": [t["share"] for t in themes]}]}}}
