"""The Social Enterprise index: Purpose, Openness, Accountability, Leadership and Innovation, each 0–100.

Each dimension is the mean of two named metrics. A metric is a ratio (numerator ÷ denominator) scored
against a target: score = min(100, 100 × ratio ÷ target), so reaching the target scores 100. The current
value covers the last CURRENT_WEEKS complete weeks; the trend shows each complete week on its own. The week
in progress is left out: its questions have not yet had their week to be answered, and its few days would
read as a drop. The formulas below are shown to users on each dimension's page.

Counts of people are distinct people over the window, never person-weeks: "managers taking part" is the
managers who took part in any of the weeks ÷ all managers; "active people" is everyone who contributed in
any of the weeks; "people with a purpose" is the state at the end of the window.

Openness counts what everyone in the company can read: posts of the whole-company audience (not a
preview or chosen people) outside any group or in a public group. Its targets are 100%, so the score is
the share itself and moves with the data (with a target of 80% almost every organisation showed 100).
"""

from collections import defaultdict
from datetime import timedelta

from django.utils import timezone

from townsquare.analytics import sql
from townsquare.conversations.models import Group, Post, Reply
from townsquare.people.models import Person

CURRENT_WEEKS = 4

# key: (name, what it means, [(metric key, metric name, numerator, denominator, target)])
DIMENSIONS = {
    "purpose": ("Purpose", "Do people connect their work to a purpose?", [
        ("purpose_posts", "Posts serving a purpose", "posts tagged with their author's purpose", "posts", 0.25),
        ("purpose_people", "People with a purpose", "people who have chosen a purpose",
         "people who have ever contributed", 0.5),
    ]),
    "openness": ("Openness", "Does the conversation happen in the open and across departments?", [
        ("open_posts", "Posts in the open", "posts everyone in the company can read (company-wide or in a public "
         "group, not a preview for a few people)", "posts", 1.0),
        ("cross_replies", "Replies across departments",
         "replies to someone in another department", "replies between people with a department", 1.0),
    ]),
    "accountability": ("Accountability", "Do questions, to leaders and to everyone, get answers?", [
        ("leader_answers", "Ask leadership answered", "questions to leaders answered or declined with a reason",
         "questions to leaders asked", 0.9),
        ("questions_answered", "Questions answered", "questions with at least one reply", "questions", 0.9),
    ]),
    "leadership": ("Leadership", "Do managers and leaders work out loud?", [
        ("managers_active", "Managers taking part", "people with direct reports who posted, replied or reacted",
         "people with direct reports", 0.6),
        ("leader_speed", "Leaders answer within a week", "questions to leaders answered within 7 days",
         "questions to leaders asked at least 7 days ago", 0.8),
    ]),
    "innovation": ("Innovation", "Are ideas shared and taken forward?", [
        ("ideas_shared", "Ideas shared", "idea posts", "active people", 0.05),
        ("ideas_moving", "Ideas taken forward", "ideas under review, in progress or done", "ideas", 0.5),
    ]),
}


def score(num: float, den: float, target: float) -> int | None:
    if not den:
        return None
    return min(100, round(100 * (num / den) / target))


def weekly_ratios(start, weeks: int, active_by_week: list[set[int]], adopters: list[int], *, now=None,
                  window: range | None = None) -> tuple[dict[str, list], dict[str, list]]:
    """(numerator, denominator) per metric and week since `start`, in a handful of grouped queries, and the
    same for the weeks of `window` taken together (people counted once however many weeks they were in)."""
    from townsquare.ideas.models import IdeaState
    from townsquare.practices.models import Question
    from townsquare.purpose.models import Purpose, PurposeTag

    r: dict[str, list[list[float]]] = defaultdict(lambda: [[0, 0] for _ in range(weeks)])
    P, G, T, R, Pe = (Post._meta.db_table, Group._meta.db_table, PurposeTag._meta.db_table, Reply._meta.db_table,
                      Person._meta.db_table)
    for w, posts, tagged, open_, questions, answered, ideas in sql.rows(
            f"SELECT {sql.week_number('p.created_at')} AS w, COUNT(*), "
            "SUM(CASE WHEN t.post_id IS NOT NULL THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN p.audience = 'open' AND (p.group_id IS NULL OR g.visibility = 'public') THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN p.kind = 'question' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN p.kind = 'question' AND p.reply_count > 0 THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN p.kind = 'idea' THEN 1 ELSE 0 END) "
            f"FROM {P} p LEFT JOIN {G} g ON g.id = p.group_id LEFT JOIN {T} t ON t.post_id = p.id "
            "WHERE p.created_at >= %s GROUP BY 1", [sql.param(start), sql.param(start)]):
        if 0 <= w < weeks:
            r["purpose_posts"][w] = [tagged, posts]
            r["open_posts"][w] = [open_, posts]
            r["questions_answered"][w] = [answered, questions]
            r["ideas_shared"][w] = [ideas, len(active_by_week[w])]
    for w, total, cross in sql.rows(
            f"SELECT {sql.week_number('r.created_at')} AS w, COUNT(*), "
            "SUM(CASE WHEN ra.department_id <> pa.department_id THEN 1 ELSE 0 END) "
            f"FROM {R} r JOIN {P} p ON p.id = r.post_id JOIN {Pe} ra ON ra.id = r.author_id "
            f"JOIN {Pe} pa ON pa.id = p.author_id WHERE r.created_at >= %s AND r.author_id <> p.author_id "
            "AND ra.department_id IS NOT NULL AND pa.department_id IS NOT NULL GROUP BY 1",
            [sql.param(start), sql.param(start)]):
        if 0 <= w < weeks:
            r["cross_replies"][w] = [cross, total]
    chosen = sorted(Purpose.objects.filter(person__is_active=True).values_list("chosen_at", flat=True))
    for w in range(weeks):
        end = start + timedelta(weeks=w + 1)
        r["purpose_people"][w] = [sum(1 for c in chosen if c < end), adopters[w]]
    now = now or timezone.now()
    for created, status, answered_at in Question.objects.filter(created_at__gte=start).values_list(
            "created_at", "status", "answered_at"):
        w = (created - start).days // 7
        if 0 <= w < weeks:
            r["leader_answers"][w][1] += 1
            if status != Question.Status.OPEN:
                r["leader_answers"][w][0] += 1
            # Only a question whose 7 days are over can have missed them: one asked yesterday is not counted.
            if now - created >= timedelta(days=7):
                r["leader_speed"][w][1] += 1
                if answered_at and answered_at - created <= timedelta(days=7):
                    r["leader_speed"][w][0] += 1
    managers = set(Person.objects.filter(is_active=True, reports__isnull=False).values_list("pk", flat=True).distinct())
    for w in range(weeks):
        r["managers_active"][w] = [len(managers & active_by_week[w]), len(managers)]
    window = window if window is not None else range(weeks)
    for created, status in IdeaState.objects.filter(post__created_at__gte=start).values_list("post__created_at", "status"):
        w = (created - start).days // 7
        if 0 <= w < weeks:
            r["ideas_moving"][w][1] += 1
            if status != IdeaState.Status.NEW:
                r["ideas_moving"][w][0] += 1
    keys = [m[0] for _, _, metrics in DIMENSIONS.values() for m in metrics]
    current = {k: [sum(r[k][w][0] for w in window), sum(r[k][w][1] for w in window)] for k in keys}
    active = set().union(*(active_by_week[w] for w in window))
    current["managers_active"] = [len(managers & active), len(managers)]
    current["ideas_shared"] = [current["ideas_shared"][0], len(active)]
    if len(window):
        current["purpose_people"] = list(r["purpose_people"][window[-1]])
    return r, current


def index_report(now=None, activity=None) -> dict:
    from townsquare.analytics.reports import WEEKS, _week_start, weekly_active

    now = now or timezone.now()
    start = _week_start(now)
    _, adopters, active_by_week = activity or weekly_active(start, with_people=True)
    full = WEEKS - 1  # the week in progress (the last one) is left out
    window = range(max(0, full - CURRENT_WEEKS), full)
    ratios, current = weekly_ratios(start, WEEKS, active_by_week, adopters, now=now, window=window)
    dims = []
    for key, (name, question, metrics) in DIMENSIONS.items():
        rows, trend = [], [[] for _ in range(full)]
        for mkey, mname, num, den, target in metrics:
            weekly = ratios[mkey][:full]
            cur_num, cur_den = current[mkey]
            rows.append({"key": mkey, "name": mname, "numerator": num, "denominator": den, "target": target,
                         "num": cur_num, "den": cur_den, "score": score(cur_num, cur_den, target),
                         "weekly": [score(n, d, target) for n, d in weekly]})
            for w, (n, d) in enumerate(weekly):
                trend[w].append(score(n, d, target))
        present = [m["score"] for m in rows if m["score"] is not None]
        dims.append({"key": key, "name": name, "question": question, "metrics": rows,
                     "score": round(sum(present) / len(present)) if present else None,
                     "trend": [round(sum(s for s in wk if s is not None) / len([s for s in wk if s is not None]))
                               if any(s is not None for s in wk) else None for wk in trend]})
    return {"weeks": [(start + timedelta(weeks=w)).date().isoformat() for w in range(full)],
            "dimensions": dims, "current_weeks": CURRENT_WEEKS,
            "window_from": (start + timedelta(weeks=window.start)).date().isoformat(),
            "window_to": (start + timedelta(weeks=full) - timedelta(days=1)).date().isoformat(),
            "partial_from": (start + timedelta(weeks=full)).date().isoformat()}
