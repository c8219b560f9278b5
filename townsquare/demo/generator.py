"""The demo organisation generator: people, groups and weeks of conversation.

    generate(people=300, seed=1)                     the demo organisation (a few thousand posts)
    generate(people=10_000, posts=1_000_000, replies=1_000_000, reactions=5_000_000)   the benchmark

The same seed gives the same people, groups and texts. Timestamps are laid out relative to
`timezone.now()` truncated to the hour: weekdays are busier than weekends, with peaks around
09:00, 12:30 and 17:00 in each author's own time zone, and activity grows over the weeks.

How it stays fast: every id is assigned here (tables are expected to be empty), so all rows,
counters included, are computed in memory and written with `executemany` in batches inside
short transactions; no per-row queries. Posts are written in chronological order, and so are
replies (a heap holds them until their time comes), so ids follow `created_at`. Texts are
rendered once per distinct body. Because rows are bulk-written, no signal fires: the search
index is rebuilt at the end with `search.reindex_all()`, and sequences are reset so the app
can insert afterwards (PostgreSQL).

Volume notes for large runs (documented limits, not accidents):
- Every reactor and replier has viewed the post (a PostView row); other readers are added on
  top, fewer per post as the organisation grows, so views stay within a few per post at 1M posts.
  `views=False` skips PostView rows altogether (view_count stays 0).
- Notifications are written only for the most recent activity: the last 14 days, a shorter
  window when the volume would exceed about half a million rows.
- Above about 30,000 posts (or replies), texts are reused from a pool of already rendered
  bodies, so rendering Markdown does not dominate a million-post run.
- Praise notifications to a whole praised team are only sent for teams of at most 150 people.
"""

import heapq
import math
import random
import sys
import time
import unicodedata
import zoneinfo
from bisect import bisect_right
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from townsquare.conversations import search
from townsquare.conversations import text as markup
from townsquare.conversations.models import (
    Bookmark,
    Follow,
    Group,
    Membership,
    Mention,
    Notification,
    Post,
    PostView,
    Reaction,
    Reply,
    Topic,
    group_name_key,
)
from townsquare.demo import texts as T
from townsquare.people.models import Department, Person

DEMO_PASSWORD = "townsquare-demo"
DEMO_DOMAIN = "demo.townsquare.test"
CEO_EMAIL, ADMIN_EMAIL, ALEX_EMAIL = (f"{n}@{DEMO_DOMAIN}" for n in ("ceo", "admin", "alex"))
CEO_NAME, ADMIN_NAME, ALEX_NAME = "Amara Okafor", "Sam Patel", "Alex Morgan"
DEMO_ACCOUNTS = [
    (CEO_EMAIL, f"{CEO_NAME}, Chief Executive Officer: new to social, three weeks into the coach (opens on it)"),
    (ADMIN_EMAIL, f"{ADMIN_NAME}, People & Culture: organisation admin"),
    (ALEX_EMAIL, f"{ALEX_NAME}, Engineering: one of the most engaged people"),
]

MIN_PEOPLE = 25
BATCH = 5000
TEXT_POOL = 30_000          # distinct rendered bodies before texts start being reused
NOTIFICATION_BUDGET = 500_000
NOTIFY_DAYS = 14

# Engagement classes.
NEW, ENGAGED, REGULAR, OCCASIONAL, OBSERVER = range(5)
POSTS_PER_WEEK = {NEW: 0.0, ENGAGED: 7.0, REGULAR: 1.6, OCCASIONAL: 0.4, OBSERVER: 0.0}
READ_W = {NEW: 0.05, ENGAGED: 2.0, REGULAR: 1.5, OCCASIONAL: 1.0, OBSERVER: 1.0}
REACT_W = {NEW: 0.0, ENGAGED: 6.0, REGULAR: 2.5, OCCASIONAL: 1.0, OBSERVER: 0.5}
REPLY_W = {NEW: 0.0, ENGAGED: 8.0, REGULAR: 2.0, OCCASIONAL: 0.6, OBSERVER: 0.0}
READ_NOTES = {NEW: 0.2, ENGAGED: 0.95, REGULAR: 0.85, OCCASIONAL: 0.6, OBSERVER: 0.4}

KINDS = ["update", "question", "praise", "idea", "article"]
UPDATE, QUESTION, PRAISE, IDEA, ARTICLE = range(5)
KIND_WEIGHTS = {
    ENGAGED: [40, 18, 16, 12, 14], REGULAR: [48, 22, 15, 11, 4], OCCASIONAL: [50, 28, 12, 8, 2],
    OBSERVER: [50, 30, 10, 10, 0], NEW: [100, 0, 0, 0, 0],
}
COMPANY_WIDE = [0.35, 0.45, 0.5, 0.5, 0.8]          # chance a post of each kind is not in a group
REACT_MEAN = [1.0, 0.6, 1.8, 1.3, 1.5]               # reactions, relative to the audience's base
REPLY_MEAN = [0.7, 2.2, 0.8, 1.6, 1.3]
BOOKMARK_P = [0.006, 0.03, 0.004, 0.02, 0.08]
REACTION_KINDS = [k for k in Reaction.Kind.values]    # like, celebrate, insightful, support, thanks
REACTION_MIX = [
    [60, 10, 15, 10, 5], [35, 0, 25, 15, 25], [25, 50, 0, 10, 15], [30, 5, 40, 25, 0], [30, 10, 45, 0, 15],
]
LEVEL_IC, LEVEL_MANAGER, LEVEL_DIRECTOR, LEVEL_EXEC, LEVEL_CEO = 0, 1, 2, 8, 9

# Packed post plan: one int per post, sortable by time (see _pack).
_SEED_BITS, _KIND_BITS, _GROUP_BITS, _AUTHOR_BITS = 32, 3, 21, 21


def _pack(ts, author, gslot, kind, seed):
    return ((((ts << _AUTHOR_BITS | author) << _GROUP_BITS | gslot) << _KIND_BITS | kind) << _SEED_BITS) | seed


def _unpack(key):
    seed = key & 0xFFFFFFFF
    key >>= _SEED_BITS
    kind = key & 7
    key >>= _KIND_BITS
    gslot = key & ((1 << _GROUP_BITS) - 1)
    key >>= _GROUP_BITS
    return key >> _AUTHOR_BITS, key & ((1 << _AUTHOR_BITS) - 1), gslot, kind, seed


class _Slots(dict):
    def __missing__(self, key):
        return ""


def _fmt(template: str, **slots) -> str:
    return " ".join(template.format_map(_Slots(slots)).split())


def _poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _apportion(total, weights, minimum=0):
    """Split `total` into integers proportional to `weights` (largest remainder), each at least `minimum`."""
    n = len(weights)
    base = [minimum] * n
    rest = total - minimum * n
    if rest <= 0:
        return base
    s = sum(weights) or 1
    exact = [rest * w / s for w in weights]
    out = [b + int(e) for b, e in zip(base, exact, strict=True)]
    left = total - sum(out)
    for i in sorted(range(n), key=lambda i: (-(exact[i] - int(exact[i])), i))[:left]:
        out[i] += 1
    return out


def _adjust(rng, counts, caps, target):
    """Nudge random entries up or down (within 0..cap) until the counts sum to `target`, where possible."""
    diff = target - sum(counts)
    n, tries = len(counts), 0
    while diff and n and tries < 40 * abs(diff) + 10_000:
        i = rng.randrange(n)
        tries += 1
        if diff > 0 and counts[i] < caps[i]:
            counts[i] += 1
            diff -= 1
        elif diff < 0 and counts[i] > 0:
            counts[i] -= 1
            diff += 1


def _levels(m):
    """Sizes of the levels under an executive, ICs first: spans of about 7, at most 9 at the top."""
    if m <= 9:
        return [m]
    for ics in range(m, 0, -1):
        sizes = [ics]
        while sizes[-1] > 9:
            sizes.append(math.ceil(sizes[-1] / 7))
        if sum(sizes) <= m:
            sizes[0] += m - sum(sizes)
            return sizes
    return [m]


_TRANSLIT = str.maketrans({"ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "đ": "d", "ı": "i", "œ": "oe"})


def handle_for(name: str) -> str:
    """`First Last` → `first-last`: ASCII only, within the handle alphabet of profile URLs [a-z0-9_-]."""
    ascii_name = unicodedata.normalize("NFKD", name.lower().translate(_TRANSLIT)).encode("ascii", "ignore").decode()
    first, _, last = ascii_name.partition(" ")
    clean = [
        "".join(c for c in part if c.isalnum() or c == "-").strip("-")
        for part in (first, last.replace(" ", ""))
    ]
    return "-".join(p for p in clean if p)[:36].strip("_-") or "person"


# Departments that keep to themselves (their share of the audience of their own company-wide posts), and how
# much the people in them take part in other departments' company-wide posts: silos for the analytics demo.
INSULAR = {"Finance": 0.95, "Legal": 0.95}
HEADS_DOWN = 0.1


class _Pool:
    """People with positive weights and their cumulative weights, for weighted draws by bisection."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, items, weights):
        pairs = [(i, w) for i, w in zip(items, weights, strict=True) if w > 0]
        self.items = [i for i, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))
        self.total = self.cum[-1] if self.cum else 0.0


class _Scope:
    """Read, react and reply pools over one set of people (company, department or group members)."""

    __slots__ = ("read", "react", "reply", "members")

    def __init__(self, members, people, scale=None):
        self.members = members
        f = [scale.get(people[i].dept, 1.0) for i in members] if scale else [1.0] * len(members)
        self.read = _Pool(members, [READ_W[people[i].cls] * x for i, x in zip(members, f, strict=True)])
        self.react = _Pool(members, [REACT_W[people[i].cls] * x for i, x in zip(members, f, strict=True)])
        self.reply = _Pool(members, [REPLY_W[people[i].cls] * x for i, x in zip(members, f, strict=True)])


def _distinct(rng, mix, k, exclude, fallback=()):
    """Up to k distinct people drawn by weight from `mix` ([(pool, cumulative share)]), none in `exclude`."""
    out = []
    if k <= 0:
        return out
    seen = set(exclude)
    rand = rng.random
    for _ in range(6):
        for _ in range((k - len(out)) * 2 + 2):
            r = rand()
            pool = mix[-1][0]
            for candidate, share in mix:
                if r < share:
                    pool = candidate
                    break
            if not pool.items:
                continue
            c = pool.items[bisect_right(pool.cum, rand() * pool.total)]
            if c not in seen:
                seen.add(c)
                out.append(c)
                if len(out) == k:
                    return out
    if fallback:
        off = rng.randrange(len(fallback))
        for n in range(len(fallback)):
            c = fallback[(off + n) % len(fallback)]
            if c not in seen:
                seen.add(c)
                out.append(c)
                if len(out) == k:
                    break
    return out


class _P:
    __slots__ = ("i", "id", "name", "handle", "email", "dept", "level", "title", "city", "tz", "manager", "cls",
                 "skills", "interests", "bio", "joined", "staff", "groups", "team_groups", "reports", "last_login")

    def __init__(self, i, dept, level, manager):
        self.i, self.dept, self.level, self.manager = i, dept, level, manager
        self.groups, self.team_groups, self.reports = [], [], []
        self.cls, self.staff, self.bio = REGULAR, False, ""

    @property
    def is_newcomer(self) -> bool:
        """For the packages' demo modules (DEMO_EXTENSIONS), which must not import this one (the layers)."""
        return self.cls == NEW


class _G:
    __slots__ = ("i", "id", "slug", "name", "about", "vis", "kind", "topic", "lines", "dept", "admins", "members",
                 "created", "scope")

    def __init__(self, i, name, about, vis, kind, topic, lines=(), dept=None):
        self.i, self.name, self.about, self.vis, self.kind, self.topic = i, name, about, vis, kind, topic
        self.lines, self.dept, self.admins, self.members = list(lines), dept, [], []


class _Table:
    """Buffered rows for one model (or M2M through model): COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, model, fields):
        meta, qn = model._meta, connection.ops.quote_name
        cols = ", ".join(qn(meta.get_field(f).column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        self.sql = f"INSERT INTO {qn(meta.db_table)} ({cols}) VALUES ({marks})"
        self.copy_sql = f"COPY {qn(meta.db_table)} ({cols}) FROM STDIN"
        self.rows, self.count = [], 0

    def flush(self, cursor):
        if not self.rows:
            return
        if connection.vendor == "postgresql":
            # psycopg 3: COPY is several times faster than a pipelined executemany.
            with cursor.cursor.copy(self.copy_sql) as copy:
                for row in self.rows:
                    copy.write_row(row)
        else:
            for start in range(0, len(self.rows), BATCH):
                cursor.executemany(self.sql, self.rows[start:start + BATCH])
        self.count += len(self.rows)
        self.rows = []


class _Bars:
    def __init__(self, enabled):
        self.enabled, self.bars = enabled, {}
        if enabled:
            from tqdm import tqdm

            self.tqdm = tqdm

    def open(self, name, total):
        if self.enabled:
            self.bars[name] = self.tqdm(total=total, desc=f"{name:<13}", file=sys.stderr, unit=" rows",
                                        position=len(self.bars), leave=True, dynamic_ncols=True)

    def set(self, name, n):
        bar = self.bars.get(name)
        if bar is not None and n > bar.n:
            bar.update(n - bar.n)

    def close(self, name, n=None):
        bar = self.bars.get(name)
        if bar is not None:
            if n is not None:
                bar.total = n
                self.set(name, n)
            bar.refresh()
            bar.close()


def generate(*, people: int = 300, seed: int = 1, weeks: int = 8, posts: int | None = None,
             replies: int | None = None, reactions: int | None = None, views: bool = True,
             progress: bool = True, stdout=None) -> dict:
    """Create a whole organisation in an empty database and return the row counts.

    `posts`, `replies` and `reactions` are totals to aim for; None means the natural volume of
    the demo (about 8 posts per person over 8 weeks at 300 people). Posts and replies are exact;
    reactions are exact unless the audiences are too small to hold them.
    """
    if people < MIN_PEOPLE:
        raise ValueError(f"An organisation needs at least {MIN_PEOPLE} people (one per department and a few more).")
    if weeks < 1:
        raise ValueError("weeks must be at least 1.")
    for name, value in (("posts", posts), ("replies", replies), ("reactions", reactions)):
        if value is not None and value < 0:
            raise ValueError(f"{name} cannot be negative.")
    return _Generator(people, seed, weeks, posts, replies, reactions, views, progress, stdout).run()


class _Generator:
    def __init__(self, n, seed, weeks, posts, replies, reactions, views, progress, stdout):
        self.n, self.seed, self.weeks = n, seed, weeks
        self.target_posts, self.target_replies, self.target_reactions = posts, replies, reactions
        self.with_views = views
        self.bars = _Bars(progress)
        self.stdout = stdout if not progress else None
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        self.now = int(now.timestamp())
        self.start = self.now - weeks * 7 * 86400
        self.rng_org = random.Random(f"{seed}:org")
        self.rng_plan = random.Random(f"{seed}:plan")
        self.rng_time = random.Random(f"{seed}:time")
        self.rng_counts = random.Random(f"{seed}:counts")
        self.rng_act = random.Random(f"{seed}:activity")
        self.rng_text = random.Random(seed)
        self.sqlite = connection.vendor == "sqlite"
        self.notify_from = self.now - NOTIFY_DAYS * 86400
        self._day_cache: dict[int, str] = {}
        self._hms = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]
        self._zones: dict[str, zoneinfo.ZoneInfo] = {}

    # --- helpers -----------------------------------------------------------------

    def log(self, message):
        if self.stdout is not None:
            self.stdout.write(message + "\n")

    def dt(self, ts):
        """Epoch seconds → the value the database driver expects for a DateTimeField (UTC)."""
        if ts is None:
            return None
        if not self.sqlite:
            return datetime.fromtimestamp(ts, UTC)
        day, rest = divmod(ts, 86400)
        prefix = self._day_cache.get(day)
        if prefix is None:
            prefix = self._day_cache[day] = (date(1970, 1, 1) + timedelta(days=day)).isoformat() + " "
        return prefix + self._hms[rest]

    def aware(self, ts):
        return datetime.fromtimestamp(ts, UTC)

    def zone(self, name):
        z = self._zones.get(name)
        if z is None:
            z = self._zones[name] = zoneinfo.ZoneInfo(name)
        return z

    def after(self, rng, start, mean_hours, limit=None):
        """A time after `start` (exponential delay), never later than `limit` (default: now)."""
        limit = self.now if limit is None else limit
        span = limit - start
        if span <= 1:
            return limit
        d = rng.expovariate(1.0 / (mean_hours * 3600))
        if d >= span:
            d = rng.random() * span
        return start + max(1, int(d))

    def next_ids(self, model):
        from django.db.models import Max

        return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1

    # --- run -----------------------------------------------------------------------

    def run(self):
        began = time.monotonic()
        if self.sqlite:
            # Demo data can be regenerated, so skip the fsyncs while loading; restored below.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=OFF")
        try:
            self.build_people()
            self.write_people()
            self.build_groups()
            self.write_groups()
            self.plan_posts()
            self.plan_counts()
            self.stream()
            self.finish()
            _coach_history(self)
            _practices_and_more(self)
            if not self.sqlite:
                # Fresh planner statistics: autovacuum would gather them only minutes later, and
                # until then PostgreSQL plans a feed over 20,000 posts as if it held 50 (30 ms, not 2).
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        finally:
            if self.sqlite:
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA synchronous=NORMAL")
        self.counts["seconds"] = round(time.monotonic() - began, 1)
        return self.counts

    # --- people --------------------------------------------------------------------

    def build_people(self):
        rng, n = self.rng_org, self.n
        self.log(f"People: {n}")
        self.bars.open("people", n)
        depts = list(T.DEPARTMENTS)
        sizes = dict(zip(depts, _apportion(n - 1, [T.DEPARTMENTS[d]["weight"] for d in depts], minimum=2), strict=True))
        loc_labels = [loc[0] for loc in T.LOCATIONS]
        loc_cum = list(accumulate(loc[2] for loc in T.LOCATIONS))
        zones = {loc[0]: loc[1] for loc in T.LOCATIONS}
        P: list[_P] = []

        def add(dept, level, manager, title):
            p = _P(len(P), dept, level, manager)
            p.title = title
            if manager is not None and rng.random() < 0.55:
                p.city = P[manager].city
            else:
                p.city = loc_labels[bisect_right(loc_cum, rng.random() * loc_cum[-1])]
            p.tz = zones[p.city]
            if manager is not None:
                P[manager].reports.append(p.i)
            P.append(p)
            return p

        ceo = add(T.CEO_DEPARTMENT, LEVEL_CEO, None, T.CEO_TITLE)
        execs = {d: add(d, LEVEL_EXEC, ceo.i, T.DEPARTMENTS[d]["exec"]) for d in depts}
        for d in depts:
            spec = T.DEPARTMENTS[d]
            levels = _levels(sizes[d] - 1)
            above = [execs[d].i]
            for depth in range(len(levels) - 1, -1, -1):
                order = above[:]
                rng.shuffle(order)
                level_people = []
                for k in range(levels[depth]):
                    if depth == 0:
                        level, title = LEVEL_IC, rng.choice(spec["ics"])
                    elif depth == 1:
                        level, title = LEVEL_MANAGER, rng.choice(spec["managers"])
                    else:
                        level, title = LEVEL_DIRECTOR, rng.choice(spec["directors"])
                    level_people.append(add(d, level, order[k % len(order)], title).i)
                above = level_people
            self.bars.set("people", len(P))

        # Who is who: the named demo accounts, the executives new to social, engagement classes.
        ceo.cls = NEW
        new_execs = rng.sample(["Finance", "Sales", "Legal", "Operations", "Marketing", "Customer Success"], 3)
        for d in new_execs:
            execs[d].cls = NEW
        pc_ics = [p for p in P if p.dept == "People & Culture" and p.level == LEVEL_IC] or \
                 [p for p in P if p.dept == "People & Culture" and p.level < LEVEL_EXEC] or [execs["People & Culture"]]
        admin = rng.choice(pc_ics)
        eng_ics = [p for p in P if p.dept == "Engineering" and p.level == LEVEL_IC and p is not admin] or \
                  [p for p in P if p.dept == "Engineering" and p.level < LEVEL_EXEC] or [execs["Engineering"]]
        alex = rng.choice(eng_ics)
        admin.staff, admin.cls = True, REGULAR
        if admin.level == LEVEL_IC:
            admin.title = "People Systems Specialist"
        alex.cls = ENGAGED
        if alex.level == LEVEL_IC:
            alex.title = "Senior Software Engineer"
        for p in P:
            if p in (ceo, admin, alex) or p.cls == NEW:
                continue
            if p.level >= LEVEL_EXEC:
                weights = [0.1, 0.55, 0.35, 0.0]
            elif p.level >= LEVEL_MANAGER:
                weights = [0.06, 0.45, 0.35, 0.14]
            else:
                weights = [0.05, 0.28, 0.30, 0.37]
            p.cls = rng.choices([ENGAGED, REGULAR, OCCASIONAL, OBSERVER], weights)[0]
        self.ceo, self.admin, self.alex = ceo, admin, alex

        # Names, handles, emails.
        used_names, used_handles = set(), set()
        named = {ceo.i: (CEO_NAME, CEO_EMAIL), admin.i: (ADMIN_NAME, ADMIN_EMAIL), alex.i: (ALEX_NAME, ALEX_EMAIL)}
        for p in sorted(P, key=lambda p: (p.i not in named, p.i)):
            if p.i in named:
                p.name = named[p.i][0]
            else:
                for _ in range(8):
                    name = f"{rng.choice(T.FIRST_NAMES)} {rng.choice(T.LAST_NAMES)}"
                    if name not in used_names:
                        break
                p.name = name
            used_names.add(p.name)
            base = handle_for(p.name)
            handle, k = base, 2
            while handle in used_handles:
                handle, k = f"{base}{k}", k + 1
            used_handles.add(handle)
            p.handle = handle
            p.email = named[p.i][1] if p.i in named else f"{handle}@{DEMO_DOMAIN}"

        # Profile details and dates.
        for p in P:
            spec = T.DEPARTMENTS[p.dept]
            p.skills = rng.sample(spec["skills"], min(len(spec["skills"]), rng.randint(2, 4))) + \
                rng.sample(T.GENERAL_SKILLS, rng.randint(0, 2))
            p.interests = rng.sample(T.INTERESTS, rng.randint(1, 4))
            if rng.random() < 0.85 or p.i in named:
                line = _fmt(rng.choice(T.BIO_LINES), skill=p.skills[0])
                extra = _fmt(rng.choice(T.BIO_EXTRAS), interest=p.interests[0], city=p.city.split(",")[0])
                p.bio = f"{line} {extra}".strip()
            if p.cls == NEW:
                p.joined = self.now - rng.randint(8, 20) * 86400 - rng.randint(0, 86400)
            else:
                p.joined = self.start - rng.randint(30, 1500) * 86400 - rng.randint(0, 86400)
        ceo.joined = self.now - 20 * 86400 - 5 * 3600  # three weeks into the coach: see coach_history()
        for p in P:
            if p.cls in (ENGAGED, REGULAR):
                p.last_login = self.now - rng.randint(600, 2 * 86400)
            elif p.cls == OBSERVER or p.cls == OCCASIONAL:
                p.last_login = self.now - rng.randint(3600, 14 * 86400)
            else:
                p.last_login = self.now - rng.randint(3600, 5 * 86400)
        self.P = P
        self.by_handle = {p.handle: p.i for p in P}
        self.handles = set(self.by_handle)
        self.execs = execs
        self.dept_members = {d: [p.i for p in P if p.dept == d] for d in depts}
        self.bars.set("people", len(P))

    # --- groups ----------------------------------------------------------------------

    def build_groups(self):
        rng, P, n = self.rng_org, self.P, self.n
        G: list[_G] = []
        used_names = set()

        def new_group(name, about, vis, kind, topic, lines=(), dept=None):
            base, k = name, 2
            while name in used_names:
                name, k = f"{base} {k}", k + 1
            used_names.add(name)
            g = _G(len(G), name, about, vis, kind, topic, lines, dept)
            G.append(g)
            return g

        def fill(g, candidates, chance):
            members = set(g.members)
            for i in candidates:
                if i not in members and P[i].cls != NEW and rng.random() < chance:
                    members.add(i)
                    g.members.append(i)

        def pick_admins(g, count=1, local=None):
            if len(g.members) < 3:
                fill(g, rng.sample(local or everyone, min(len(local or everyone), 12)), 0.5)
            pool = [i for i in g.members if P[i].cls != NEW] or g.members
            if not pool:
                pool = [self.alex.i]
                g.members.append(self.alex.i)
            weights = [REPLY_W[P[i].cls] + 0.1 for i in pool]
            for _ in range(count):
                a = rng.choices(pool, weights)[0]
                if a not in g.admins:
                    g.admins.append(a)

        everyone = list(range(n))
        natural = len(T.DEPARTMENTS) + 6 + 6 + 3 + len(T.SECRET_GROUPS)
        budget = max(natural, round(n / 20))
        self.bars.open("groups", budget)

        # One team group per department.
        for d, spec in T.DEPARTMENTS.items():
            vis = Group.Visibility.PRIVATE if d in ("Legal", "Executive Office") else Group.Visibility.PUBLIC
            g = new_group(f"{d} Team", f"{spec['about']} Everyone in {d} is a member.", vis, Group.Kind.TEAM,
                          spec["topics"][0], dept=d)
            g.members = list(self.dept_members[d])
            g.admins.append(self.execs[d].i)
            managers = [i for i in g.members if P[i].level in (LEVEL_MANAGER, LEVEL_DIRECTOR)]
            if managers:
                g.admins.append(rng.choice(managers))
            if d == "People & Culture":
                g.admins.append(self.admin.i)

        def community(spec, city=None):
            name = spec["name"] if city is None else f"{spec['name']} {city.split(',')[0]}"
            about = spec["about"] if city is None else f"{spec['about']} The {city.split(',')[0]} chapter."
            g = new_group(name, about, Group.Visibility.PUBLIC, Group.Kind.COMMUNITY, spec["topic"], spec["lines"])
            local = everyone if city is None else [i for i in everyone if P[i].city == city]
            fill(g, [i for i in local if spec["skill"] in P[i].skills], 0.55)
            fill(g, local, 0.03 if city is None else 0.08)
            if spec["topic"] == "working-out-loud":
                fill(g, [i for i in local if P[i].cls == ENGAGED], 0.5)
            pick_admins(g, 2, local)

        def interest(spec, city=None):
            name = spec["name"] if city is None else f"{spec['name']} {city.split(',')[0]}"
            about = spec["about"] if city is None else f"{spec['about']} For people around {city.split(',')[0]}."
            g = new_group(name, about, Group.Visibility.PUBLIC, Group.Kind.INTEREST, spec["topic"], spec["lines"])
            local = everyone if city is None else [i for i in everyone if P[i].city == city]
            fill(g, [i for i in local if spec["interest"] in P[i].interests], 0.5)
            fill(g, local, 0.02 if city is None else 0.05)
            pick_admins(g, 1, local)

        def cause(spec, city=None):
            name = spec["name"] if city is None else f"{spec['name']} {city.split(',')[0]}"
            g = new_group(name, spec["about"], Group.Visibility.PUBLIC, Group.Kind.CAUSE, spec["topic"], spec["lines"])
            local = everyone if city is None else [i for i in everyone if P[i].city == city]
            fill(g, [i for i in local if spec["topic"] in P[i].interests], 0.5)
            fill(g, local, 0.05 if city is None else 0.1)
            pick_admins(g, 1, local)

        for spec in T.COMMUNITIES[:6]:
            community(spec)
        for spec in T.INTEREST_GROUPS[:6]:
            interest(spec)
        for spec in T.CAUSE_GROUPS[:3]:
            cause(spec)
        chief_of_staff = self.execs["Executive Office"]
        leaders = [self.ceo.i] + [e.i for e in self.execs.values()]
        for spec in T.SECRET_GROUPS:
            g = new_group(spec["name"], spec["about"], Group.Visibility.SECRET, Group.Kind.TEAM, spec["topic"], spec["lines"])
            if spec["topic"] == "leadership":
                g.members = list(leaders)
                g.members += [i for i in self.dept_members["Executive Office"] if P[i].level == LEVEL_IC][:3]
            else:
                g.members = [self.ceo.i, chief_of_staff.i, self.execs["Finance"].i, self.execs["Legal"].i,
                             self.execs["Product"].i]
                directors = [p.i for p in P if p.level == LEVEL_DIRECTOR and p.dept in ("Product", "Engineering")]
                g.members += rng.sample(directors, min(len(directors), 3))
            g.admins.append(chief_of_staff.i)
        self.bars.set("groups", len(G))

        # Larger organisations: more groups, about one per twenty people.
        extra = budget - len(G)
        if extra > 0:
            for spec in T.COMMUNITIES[6:]:
                if len(G) < budget:
                    community(spec)
            for spec in T.INTEREST_GROUPS[6:]:
                if len(G) < budget:
                    interest(spec)
            for spec in T.CAUSE_GROUPS[3:]:
                if len(G) < budget:
                    cause(spec)
            teams_wanted = int((budget - len(G)) * 0.45)
            managers = [p.i for p in P if p.level in (LEVEL_MANAGER, LEVEL_DIRECTOR) and len(p.reports) >= 4]
            for m in sorted(rng.sample(managers, min(teams_wanted, len(managers)))):
                mp = P[m]
                spec = T.DEPARTMENTS[mp.dept]
                name = f"{rng.choice(spec['areas'])} {rng.choice(T.TEAM_SUFFIXES)}"
                if name in used_names:
                    name = f"{name} {mp.city.split(',')[0]}"
                vis = Group.Visibility.PRIVATE if rng.random() < 0.2 else Group.Visibility.PUBLIC
                g = new_group(name, f"{mp.name}'s team in {mp.dept}. {spec['about']}", vis, Group.Kind.TEAM,
                              rng.choice(spec["topics"]), dept=mp.dept)
                g.members = [m] + list(mp.reports)
                g.admins.append(m)
                self.bars.set("groups", len(G))
            makers = [(community, T.COMMUNITIES), (interest, T.INTEREST_GROUPS), (community, T.COMMUNITIES),
                      (interest, T.INTEREST_GROUPS), (cause, T.CAUSE_GROUPS)]
            cities = [loc[0] for loc in T.LOCATIONS]
            k = 0
            while len(G) < budget and k < 20 * budget:
                maker, specs = makers[k % len(makers)]
                maker(specs[(k // len(makers)) % len(specs)], cities[(k // 3) % len(cities)])
                k += 1
                if len(G) % 50 == 0:
                    self.bars.set("groups", len(G))

        # Make sure the named accounts have a sensible set of groups.
        for g in G:
            if g.name in ("Working Out Loud Circle", "Python Guild", "Running Club") and self.alex.i not in g.members:
                g.members.append(self.alex.i)

        for g in G:
            for a in g.admins:
                if a not in g.members:
                    g.members.append(a)
            seen = set()
            g.members = [i for i in g.members if not (i in seen or seen.add(i))]
            g.created = self.start - rng.randint(20, 700) * 86400
            if g.kind == Group.Kind.TEAM and g.dept is not None:
                for i in g.members:
                    P[i].team_groups.append(g.i)
            for i in g.members:
                P[i].groups.append(g.i)
        used_slugs = set()
        for g in G:
            slug = slugify(g.name)[:70] or "group"
            s, k = slug, 2
            while s in used_slugs:
                s, k = f"{slug}-{k}", k + 1
            used_slugs.add(s)
            g.slug = s
        self.G = G
        self.bars.set("groups", len(G))

    # --- writing the organisation -----------------------------------------------------

    def write_people(self):
        P = self.P
        dept_start = self.next_ids(Department)
        dept_ids = {d: dept_start + k for k, d in enumerate(T.DEPARTMENTS)}
        person_start = self.next_ids(Person)
        for p in P:
            p.id = person_start + p.i
        password = make_password(DEMO_PASSWORD)
        with transaction.atomic():
            Department.objects.bulk_create([Department(id=i, name=d) for d, i in dept_ids.items()])
            rows = []
            for p in P:
                rows.append(Person(
                    id=p.id, email=p.email, handle=p.handle, name=p.name, title=p.title, department_id=dept_ids[p.dept],
                    location=p.city, manager_id=P[p.manager].id if p.manager is not None else None, time_zone=p.tz,
                    bio=p.bio, skills=", ".join(p.skills), interests=", ".join(p.interests), is_active=True,
                    is_staff=p.staff, is_superuser=False, date_joined=self.aware(p.joined), password=password,
                    last_login=self.aware(p.last_login),
                ))
            Person.objects.bulk_create(rows, batch_size=2000)
        self.bars.close("people", len(P))
        self.counts = {"people": len(P), "departments": len(dept_ids)}

    def write_groups(self):
        rng, P, G = self.rng_org, self.P, self.G
        group_start = self.next_ids(Group)
        for g in G:
            g.id = group_start + g.i

        topic_names = set()
        for spec in T.DEPARTMENTS.values():
            topic_names.update(spec["topics"])
        for collection in (T.HOWTO, T.OPEN_QUESTIONS, T.IDEAS, T.ARTICLE_SUBJECTS):
            topic_names.update(item[0] for item in collection)
        for g in G:
            topic_names.add(g.topic)
        topic_names.update(["recognition", "ideas", "working-out-loud", "customers"])
        topic_start = self.next_ids(Topic)
        self.topic_ids = {name: topic_start + k for k, name in enumerate(sorted(topic_names))}
        self.next_topic = topic_start + len(self.topic_ids)

        with transaction.atomic():
            Topic.objects.bulk_create([Topic(id=i, name=name) for name, i in self.topic_ids.items()])
            Group.objects.bulk_create([
                Group(id=g.id, slug=g.slug, name=g.name, name_key=group_name_key(g.name), description=g.about, visibility=g.vis, kind=g.kind,
                      created_by_id=P[g.admins[0]].id, created_at=self.aware(g.created), member_count=len(g.members))
                for g in G
            ], batch_size=2000)

            memberships = _Table(Membership, ["group", "person", "role", "state", "created_at"])
            self.notes = _Table(
                Notification, ["recipient", "actor", "verb", "post", "group", "created_at", "read_at"])
            for g in G:
                admins = set(g.admins)
                for i in g.members:
                    lo = max(g.created, P[i].joined) + 3600
                    hi = max(lo + 1, self.start if P[i].cls != NEW else self.now - 86400)
                    memberships.rows.append((g.id, P[i].id, "admin" if i in admins else "member", "active",
                                             self.dt(rng.randint(lo, hi))))
                if g.vis == Group.Visibility.PRIVATE:
                    members = set(g.members)
                    outsiders = [i for i in rng.sample(range(len(P)), min(len(P), 6))
                                 if i not in members and P[i].cls != NEW][: rng.randint(0, 2)]
                    for i in outsiders:
                        ts = self.now - rng.randint(3600, 6 * 86400)
                        memberships.rows.append((g.id, P[i].id, "member", "requested", self.dt(ts)))
                        for a in g.admins:
                            self.note(P[a].id, P[i].id, "group_request", None, g.id, ts, P[a].cls)
                elif g.vis == Group.Visibility.SECRET and g.topic == "leadership":
                    members = set(g.members)
                    directors = [p.i for p in P if p.level == LEVEL_DIRECTOR and p.i not in members]
                    if directors:
                        i = rng.choice(directors)
                        ts = self.now - rng.randint(3600, 3 * 86400)
                        memberships.rows.append((g.id, P[i].id, "member", "invited", self.dt(ts)))
                        self.note(P[i].id, P[g.admins[0]].id, "group_invite", None, g.id, ts, P[i].cls)

            follows = _Table(Follow, ["follower", "target_kind", "target_id", "created_at"])
            engaged = [p.i for p in P if p.cls == ENGAGED]
            public_groups = [g for g in G if g.vis == Group.Visibility.PUBLIC]
            for p in P:
                targets = {}
                if p.cls == NEW:
                    if p is not self.ceo and p.manager is not None and rng.random() < 0.5:
                        targets[("person", P[p.manager].id)] = None
                else:
                    if p.manager is not None and rng.random() < 0.9:
                        targets[("person", P[p.manager].id)] = None
                    if p.manager is not None:
                        peers = [i for i in P[p.manager].reports if i != p.i]
                        for i in rng.sample(peers, min(len(peers), rng.randint(1, 5))):
                            targets[("person", P[i].id)] = None
                    for i in p.reports:
                        if rng.random() < 0.6:
                            targets[("person", P[i].id)] = None
                    colleagues = self.dept_members[p.dept]
                    for i in rng.sample(colleagues, min(len(colleagues), rng.randint(0, 3))):
                        targets[("person", P[i].id)] = None
                    for i in rng.sample(engaged, min(len(engaged), rng.randint(0, 3))):
                        targets[("person", P[i].id)] = None
                    if rng.random() < 0.35:
                        targets[("person", self.ceo.id)] = None
                    candidates = sorted(set(T.DEPARTMENTS[p.dept]["topics"]) | {"working-out-loud", "ideas"})
                    k = rng.randint(0, 2) if p.cls == OBSERVER else rng.randint(1, 4)
                    for name in rng.sample(candidates, min(k, len(candidates))):
                        targets[("topic", self.topic_ids[name])] = None
                    mine = set(p.groups)
                    others = [g for g in public_groups if g.i not in mine]
                    for g in rng.sample(others, min(len(others), rng.randint(0, 2))):
                        targets[("group", g.id)] = None
                targets.pop(("person", p.id), None)
                lo = p.joined + 3600
                hi = max(lo + 1, self.start if p.cls != NEW else self.now - 3600)
                for kind, target in targets:
                    follows.rows.append((p.id, kind, target, self.dt(rng.randint(lo, hi))))
            with connection.cursor() as cursor:
                memberships.flush(cursor)
                follows.flush(cursor)
        self.counts.update(groups=len(G), memberships=memberships.count, follows=follows.count, topics=len(self.topic_ids))
        self.bars.close("groups", len(G))

    def note(self, recipient_id, actor_id, verb, post_id, group_id, ts, recipient_cls):
        """Queue a notification if it falls in the recent window; older ones are mostly read."""
        if ts < self.notify_from or recipient_id == actor_id:
            return
        rng = self.rng_act
        age = self.now - ts
        chance = READ_NOTES[recipient_cls] if age > 36 * 3600 else 0.3 * READ_NOTES[recipient_cls]
        read_at = self.after(rng, ts, 8) if rng.random() < chance else None
        self.notes.rows.append((recipient_id, actor_id, verb, post_id, group_id, self.dt(ts), self.dt(read_at)))

    # --- planning the posts ----------------------------------------------------------

    def plan_posts(self):
        rng, rng_t, P = self.rng_plan, self.rng_time, self.P
        first_day = datetime.fromtimestamp(self.start, UTC).date() - timedelta(days=1)
        last_day = datetime.fromtimestamp(self.now, UTC).date() + timedelta(days=1)
        days = [first_day + timedelta(days=k) for k in range((last_day - first_day).days + 1)]
        weekend = [d.weekday() >= 5 for d in days]
        day_w = [(0.12 if weekend[k] else 1.0) * (0.7 + 0.6 * k / len(days)) for k in range(len(days))]
        day_cum = list(accumulate(day_w))
        midnights = {}
        for tz in sorted({p.tz for p in P}):
            z = self.zone(tz)
            midnights[tz] = [int(datetime(d.year, d.month, d.day, tzinfo=z).timestamp()) for d in days]
        hi = self.now - 600

        # How many posts each person writes.
        rates = [POSTS_PER_WEEK[p.cls] for p in P]
        if self.alex.cls == ENGAGED:
            rates[self.alex.i] = 8.0
        if self.target_posts is None:
            per_person = [_poisson(rng, r * self.weeks) for r in rates]
            per_person[self.ceo.i] = 1
        else:
            per_person = _apportion(max(0, self.target_posts - 1), rates)
            per_person[self.ceo.i] += 1 if self.target_posts > 0 else 0
        total = sum(per_person)
        self.log(f"Posts: {total}")

        def local_seconds(is_weekend):
            if is_weekend:
                h = rng_t.uniform(8.5, 21.5)
            else:
                r = rng_t.random()
                if r < 0.3:
                    h = rng_t.gauss(9.0, 0.8)
                elif r < 0.5:
                    h = rng_t.gauss(12.5, 0.5)
                elif r < 0.75:
                    h = rng_t.gauss(17.0, 0.8)
                else:
                    h = rng_t.uniform(7.5, 20.5)
            return int(min(max(h, 6.0), 23.6) * 3600)

        keys = []
        for p in P:
            count = per_person[p.i]
            if not count:
                continue
            mids = midnights[p.tz]
            lo = max(self.start, p.joined)
            kind_w = KIND_WEIGHTS[p.cls]
            group_w = [3 if g in p.team_groups else 1 for g in p.groups]
            wide_bonus = 0.3 if p.level >= LEVEL_EXEC else 0.0
            for _ in range(count):
                if p is self.ceo:
                    kind, gslot = UPDATE, 0
                else:
                    kind = rng.choices(range(5), kind_w)[0]
                    if not p.groups or rng.random() < COMPANY_WIDE[kind] + wide_bonus:
                        gslot = 0
                    else:
                        gslot = rng.choices(p.groups, group_w)[0] + 1
                seed = rng.getrandbits(32)
                if p is self.ceo and count == 1:
                    local_now = datetime.fromtimestamp(self.now, self.zone(p.tz))
                    day = local_now.date() - timedelta(days=3)
                    ts = int(datetime(day.year, day.month, day.day, 9, 10, tzinfo=self.zone(p.tz)).timestamp())
                else:
                    for _ in range(60):
                        k = bisect_right(day_cum, rng_t.random() * day_cum[-1])
                        ts = mids[k] + local_seconds(weekend[k])
                        if lo <= ts <= hi:
                            break
                    else:
                        ts = rng_t.randint(min(lo, hi), hi)
                keys.append(_pack(ts - self.start, p.i, gslot, kind, seed))
        keys.sort()
        self.keys = keys

    def plan_counts(self):
        """Per post: reactions, replies and extra readers, so every counter is known before writing."""
        rng, P, G, n = self.rng_counts, self.P, self.G, self.n
        keys = self.keys
        N = len(keys)
        react_company = sum(1 for p in P if REACT_W[p.cls] > 0)
        read_company = sum(1 for p in P if READ_W[p.cls] > 0)
        group_react = [sum(1 for i in g.members if REACT_W[P[i].cls] > 0) for g in G]
        author_factor = {NEW: 3.0, ENGAGED: 1.3, REGULAR: 1.0, OCCASIONAL: 0.9, OBSERVER: 0.8}
        view_cap = min(60.0, max(1.0, 1_000_000 / max(N, 1)))
        k_mean, r_mean, k_cap, e_count = [0.0] * N, [0.0] * N, [0] * N, [0] * N
        for j, key in enumerate(keys):
            _, a, gslot, kind, _ = _unpack(key)
            p = P[a]
            f = author_factor[p.cls] * (1.6 if p.level >= LEVEL_EXEC else 1.0)
            if gslot == 0:
                base_k, cap, readers = 4.5, react_company - 1, read_company * 0.18
            else:
                g = G[gslot - 1]
                members = len(g.members)
                if g.vis == Group.Visibility.PUBLIC:
                    base_k, cap, readers = 3.5, react_company - 1, members * 0.5 + n * 0.02
                else:
                    base_k, cap, readers = 3.0, group_react[g.i] - 1, members * 0.6
            k_mean[j] = base_k * REACT_MEAN[kind] * f
            r_mean[j] = REPLY_MEAN[kind] * math.sqrt(f)
            k_cap[j] = max(0, int(cap * 0.9))
            e_count[j] = _poisson(rng, min(readers, view_cap) * rng.uniform(0.5, 1.5)) if self.with_views else 0

        def draw(means, target, caps):
            scale = 1.0 if target is None else target / max(sum(means), 1e-9)
            counts = [min(caps[j], _poisson(rng, means[j] * scale * rng.gammavariate(2.0, 0.5))) for j in range(N)]
            if target is not None:
                _adjust(rng, counts, caps, target)
            return counts

        self.k_counts = draw(k_mean, self.target_reactions, k_cap)
        self.r_counts = draw(r_mean, self.target_replies, [10_000] * N)
        self.e_counts = e_count
        # The executives new to social react to a handful of recent company-wide posts.
        self.forced = {}
        for p in P:
            if p.cls != NEW:
                continue
            recent = [j for j in range(N - 1, -1, -1)
                      if self.start + (keys[j] >> (_SEED_BITS + _KIND_BITS + _GROUP_BITS + _AUTHOR_BITS)) > p.joined][:400]
            wide = [j for j in recent if _unpack(keys[j])[2] == 0 and _unpack(keys[j])[1] != p.i]
            how_many = rng.randint(3, 5) if p is self.ceo else rng.randint(0, 2)
            for j in rng.sample(wide, min(len(wide), how_many)):
                self.forced.setdefault(j, []).append(p.i)
        total_notes = (sum(self.k_counts) + sum(self.r_counts)) * NOTIFY_DAYS / (self.weeks * 7)
        days = NOTIFY_DAYS if total_notes <= NOTIFICATION_BUDGET else max(
            2, int(NOTIFY_DAYS * NOTIFICATION_BUDGET / total_notes))
        self.notify_from = self.now - days * 86400

    # --- texts -------------------------------------------------------------------------

    def colleague(self, rng, p, exclude=()):
        """Someone `p` works with: a peer, their manager, a report or another person in the department."""
        P = self.P
        for _ in range(6):
            r = rng.random()
            if r < 0.45 and p.manager is not None:
                pool = P[p.manager].reports
            elif r < 0.6 and p.manager is not None:
                pool = [p.manager]
            elif r < 0.75 and p.reports:
                pool = p.reports
            else:
                pool = self.dept_members[p.dept]
            c = rng.choice(pool)
            if c != p.i and c not in exclude and P[c].cls != NEW:
                return c
        return None

    def member(self, rng, g, p, exclude=()):
        for _ in range(6):
            c = rng.choice(g.members)
            if c != p.i and c not in exclude and self.P[c].cls != NEW:
                return c
        return None

    def compose(self, rng, p, kind, g, ts):
        """(title, body, praised people, praised group, question routing) for one post."""
        P = self.P
        spec = T.DEPARTMENTS[p.dept]
        local = datetime.fromtimestamp(ts, self.zone(p.tz))
        city = p.city.split(",")[0]
        slots = {"city": city, "weekday": local.strftime("%A")}
        in_team = g is None or (g.kind == Group.Kind.TEAM and g.dept is not None)
        topic = rng.choice(spec["topics"])
        title, praised, praised_group, route = "", [], None, None
        if p is self.ceo and kind == UPDATE:
            return "", T.CEO_FIRST_POST, [], None, None

        def someone(exclude=()):
            return self.member(rng, g, p, exclude) if g is not None else self.colleague(rng, p, exclude)

        if kind == UPDATE:
            if not in_team:
                if g.kind in (Group.Kind.INTEREST, Group.Kind.CAUSE):
                    route = ("social",)
                body = _fmt(rng.choice(g.lines), **slots)
                if rng.random() < 0.3:
                    body = f"{_fmt(rng.choice(T.OPENERS), **slots)} {body}"
                if rng.random() < 0.3:
                    body = f"{body} {rng.choice(T.AFTERS)}"
                body += f" #{g.topic}"
            elif g is None and local.weekday() >= 5 and rng.random() < 0.5:
                body = _fmt(rng.choice(T.WEEKEND_FORMS), learned=rng.choice(T.LEARNED), after=rng.choice(T.AFTERS), **slots)
                body += " #working-out-loud"
            else:
                doing, doing2 = rng.sample(spec["doing"], 2)
                with_whom = ""
                r = rng.random()
                if r < 0.25:
                    c = someone()
                    if c is not None:
                        with_whom = f" with @{P[c].handle}"
                        if rng.random() < 0.3:
                            c2 = someone((c,))
                            if c2 is not None:
                                with_whom += f" and @{P[c2].handle}"
                elif r < 0.35:
                    with_whom = f" with the {rng.choice(spec['areas'])} folks"
                body = _fmt(rng.choice(T.UPDATE_FORMS), opener=_fmt(rng.choice(T.OPENERS), **slots), doing=doing,
                            doing2=doing2, with_whom=with_whom, after=rng.choice(T.AFTERS), learned=rng.choice(T.LEARNED),
                            **slots)
                body += f" #{topic}" + (" #working-out-loud" if rng.random() < 0.15 else "")
        elif kind == QUESTION:
            asks = [line for line in g.lines if line.endswith("?")] if not in_team else []
            if asks and rng.random() < 0.6:
                body = f"{_fmt(rng.choice(asks), **slots)} #{g.topic}"
                route = ("social",)
            elif not in_team or rng.random() < 0.3:
                q = rng.randrange(len(T.OPEN_QUESTIONS))
                q_topic, question, _ = T.OPEN_QUESTIONS[q]
                if not in_team:
                    question = _fmt(rng.choice(T.GROUP_QUESTION_FORMS), group=g.name, question=question)
                tags = f"#{q_topic}" if in_team or q_topic == g.topic else f"#{q_topic} #{g.topic}"
                body = f"{question} {tags}"
                route = ("open", q)
            else:
                h = rng.randrange(len(T.HOWTO))
                q_topic, expert_dept, question, _ = T.HOWTO[h]
                body = f"{rng.choice(T.QUESTION_LEADS)}{question}"
                experts = [i for i in self.dept_members[expert_dept] if REPLY_W[P[i].cls] > 0 and i != p.i]
                if experts and rng.random() < 0.25:
                    body += f" cc @{P[rng.choice(experts)].handle}"
                body += f" #{q_topic}"
                route = ("howto", h, expert_dept)
        elif kind == PRAISE:
            teams = [self.G[t] for t in p.team_groups]
            if g is not None and g.kind == Group.Kind.TEAM and g.dept is not None:
                teams = [g]
            if teams and rng.random() < 0.25:
                team = rng.choice(teams)
                praised_group = team.i
                wins = T.DEPARTMENTS[team.dept]["wins"]
                body = _fmt(rng.choice(T.PRAISE_GROUP_FORMS), group=team.name, win=rng.choice(wins),
                            impact=rng.choice(T.IMPACTS), personal=rng.choice(T.PERSONAL))
            else:
                for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
                    c = someone(praised)
                    if c is not None:
                        praised.append(c)
                if not praised:
                    praised = [c for c in [self.alex.i, self.admin.i] if c != p.i][:1]
                handles = [f"@{P[c].handle}" for c in praised]
                people = handles[0] if len(handles) == 1 else ", ".join(handles[:-1]) + " and " + handles[-1]
                wins = T.DEPARTMENTS[P[praised[0]].dept]["wins"]
                body = _fmt(rng.choice(T.PRAISE_FORMS), people=people, win=rng.choice(wins),
                            impact=rng.choice(T.IMPACTS), personal=rng.choice(T.PERSONAL))
            body += " #recognition" + (f" #{topic}" if rng.random() < 0.3 else "")
        elif kind == IDEA:
            i_topic, idea = rng.choice(T.IDEAS)
            body = _fmt(rng.choice(T.IDEA_FORMS), idea=idea, why=rng.choice(T.WHYS), ask=rng.choice(T.ASKS))
            body += " #ideas" + (f" #{i_topic}" if i_topic != "ideas" else "")
        else:
            a_topic, subject = rng.choice(T.ARTICLE_SUBJECTS)
            title = _fmt(rng.choice(T.ARTICLE_TITLES), subject=subject, Subject=subject[:1].upper() + subject[1:])
            points = "\n".join(f"- {x}" for x in rng.sample(T.ARTICLE_POINTS, 3))
            body = (f"{_fmt(rng.choice(T.ARTICLE_INTROS), subject=subject)}\n\n## What worked\n\n{points}\n\n"
                    f"{rng.choice(T.ARTICLE_MIDDLES)}\n\n## What I'd do differently\n\n{rng.choice(T.ARTICLE_REGRETS)}\n\n"
                    f"{rng.choice(T.ARTICLE_ENDINGS)}\n\n#{a_topic} #working-out-loud")
        return title, body, praised, praised_group, route

    def render(self, body):
        """(html, topic ids, mentioned person indexes), once per distinct body."""
        hit = self.render_cache.get(body)
        if hit is None:
            handles = markup.extract_mentions(body) & self.handles
            rendered = markup.render(body, known_handles=handles)
            topic_ids = []
            for name in sorted(rendered.topics):
                slug = slugify(name)[:50] or name[:50]
                tid = self.topic_ids.get(slug)
                if tid is None:
                    tid = self.topic_ids[slug] = self.next_topic
                    self.next_topic += 1
                    self.new_topics.rows.append((tid, slug))
                topic_ids.append(tid)
            mentioned = tuple(self.by_handle[h] for h in sorted(rendered.mentions))
            hit = self.render_cache[body] = (rendered.html, tuple(topic_ids), mentioned)
        return hit

    # --- writing the conversation ---------------------------------------------------------

    def stream(self):
        P, G = self.P, self.G
        rng, trng = self.rng_act, self.rng_text
        keys = self.keys
        N = len(keys)
        self.render_cache = {}
        self.new_topics = _Table(Topic, ["id", "name"])
        posts = _Table(Post, ["id", "author", "kind", "group", "title", "body", "body_html", "created_at", "pinned_at",
                              "praised_group", "reply_count", "reaction_count", "reaction_counts", "view_count"])
        post_topics = _Table(Post.topics.through, ["post", "topic"])
        praised_t = _Table(Post.praised_people.through, ["post", "person"])
        replies_t = _Table(Reply, ["id", "post", "author", "body", "body_html", "created_at"])
        reactions_t = _Table(Reaction, ["post", "person", "kind", "created_at"])
        views_t = _Table(PostView, ["post", "person", "created_at"])
        bookmarks_t = _Table(Bookmark, ["post", "person", "created_at"])
        mentions_t = _Table(Mention, ["post", "reply", "person"])
        tables = [self.new_topics, posts, post_topics, praised_t, replies_t, reactions_t, views_t, bookmarks_t,
                  mentions_t, self.notes]
        self.best_answers = []
        self.bars.open("posts", N)
        self.bars.open("replies", sum(self.r_counts))
        self.bars.open("reactions", sum(self.k_counts) + sum(len(v) for v in self.forced.values()))
        self.bars.open("views", sum(self.k_counts) + sum(self.r_counts) + sum(self.e_counts) if self.with_views else 0)

        company = _Scope(list(range(len(P))), P)
        # Silos for the analytics story: people in the INSULAR departments mostly answer their own
        # department's company-wide posts, and take little part in everyone else's.
        company_elsewhere = _Scope(list(range(len(P))), P, scale={d: HEADS_DOWN for d in INSULAR})
        depts = {d: _Scope(m, P) for d, m in self.dept_members.items()}
        groups = [_Scope(g.members, P) for g in G]
        json_value = connection.ops.adapt_json_value
        reuse_posts = max(0.0, 1.0 - TEXT_POOL / max(N, 1))
        total_replies = sum(self.r_counts)
        reuse_replies = max(0.0, 1.0 - TEXT_POOL / max(total_replies, 1))
        mention_reply_p = 0.12 * min(1.0, 20_000 / max(total_replies, 1))
        pools: dict[tuple, list] = {}
        heap: list = []
        seq = 0
        next_post = self.next_ids(Post)
        self.next_reply = self.next_ids(Reply)
        reply_texts: dict[int, list] = {}
        kind_names = KINDS
        reaction_kinds = REACTION_KINDS
        author_is_admin = {(g.i, a) for g in G for a in g.admins}

        def emit_reply(item):
            ts, _, post_id, author_i, body, post_author_i, post_kind, is_best, g_id = item
            html, _, mentioned = self.render(body)
            rid = self.next_reply
            self.next_reply += 1
            replies_t.rows.append((rid, post_id, P[author_i].id, body, html, self.dt(ts)))
            author = P[author_i]
            verb = "answer" if post_kind == QUESTION else "reply"
            self.note(P[post_author_i].id, author.id, verb, post_id, None, ts, P[post_author_i].cls)
            for m in mentioned:
                mentions_t.rows.append((post_id, rid, P[m].id))
                if m != post_author_i:
                    self.note(P[m].id, author.id, "mention", post_id, None, ts, P[m].cls)
            if is_best:
                self.best_answers.append((rid, post_id))
                self.note(author.id, P[post_author_i].id, "best_answer", post_id, None,
                          self.after(rng, ts, 6), author.cls)

        def flush():
            with transaction.atomic(), connection.cursor() as cursor:
                for t in tables:
                    t.flush(cursor)
            self.bars.set("posts", posts.count)
            self.bars.set("replies", replies_t.count)
            self.bars.set("reactions", reactions_t.count)
            self.bars.set("views", views_t.count)

        def reply_body(kind, route, author_i, post_author_i, used):
            """A reply that fits the post; `used` keeps one thread from repeating itself."""
            if author_i == post_author_i:
                return rng.choice(T.THANKS)
            pool = reply_texts.setdefault((kind, route), [])
            if pool and rng.random() < reuse_replies:
                return rng.choice(pool)
            if route is not None and route[0] == "social":
                options = T.GROUP_REPLIES
            elif route is not None and route[0] == "open":
                options = T.OPEN_QUESTIONS[route[1]][2]
            elif route is not None and route[0] == "howto":
                options = T.HOWTO[route[1]][3]
            else:
                options = T.REPLIES[kind_names[kind]]
            fresh = [o for o in options if o not in used] or [o for o in T.AGREE if o not in used] or options
            body = rng.choice(fresh)
            used.add(body)
            if route is not None and route[0] == "howto":
                expert_dept = route[2]
                extra = rng.choice(T.ANSWER_EXTRAS)
                if "{expert}" in extra:
                    experts = self.dept_members[expert_dept]
                    e = rng.choice(experts)
                    extra = extra.format(expert=P[e].handle) if P[e].cls != NEW and e != author_i else ""
                body = f"{body} {extra}".strip()
            if rng.random() < mention_reply_p:
                body = f"@{P[post_author_i].handle} {body}"
            pool.append(body)
            return body

        for j, key in enumerate(keys):
            rel, a, gslot, kind, tseed = _unpack(key)
            ts = self.start + rel
            while heap and heap[0][0] <= ts:
                emit_reply(heapq.heappop(heap))
            p = P[a]
            g = G[gslot - 1] if gslot else None
            post_id = next_post
            next_post += 1

            # Text: fresh, or (in very large runs) reused from earlier posts in the same place.
            trng.seed(tseed)
            ctx = (kind, g.i if g is not None else p.dept)
            pool = pools.get(ctx)
            content = None
            if pool and trng.random() < reuse_posts:
                content = trng.choice(pool)
                if a in content[2]:
                    content = None
            if content is None:
                content = self.compose(trng, p, kind, g, ts)
                if reuse_posts > 0:
                    pools.setdefault(ctx, []).append(content)
            title, body, praised, praised_group, route = content
            html, topic_ids, mentioned = self.render(body)

            # Who reads, reacts and replies.
            if g is None and p.dept in INSULAR:
                mix = [(depts[p.dept], INSULAR[p.dept]), (company, 1.0)]
                fallback = company
            elif g is None:
                mix = [(depts[p.dept], 0.35), (company_elsewhere, 1.0)]
                fallback = company
            elif g.vis == Group.Visibility.PUBLIC:
                mix = [(groups[g.i], 0.8), (company_elsewhere, 1.0)]
                fallback = groups[g.i]
            else:
                mix = [(groups[g.i], 1.0)]
                fallback = groups[g.i]
            react_mix = [(s.react, share) for s, share in mix]
            reply_mix = [(s.reply, share) for s, share in mix]
            if route is not None and route[0] == "howto" and (g is None or g.vis == Group.Visibility.PUBLIC):
                reply_mix = [(depts[route[2]].reply, 0.5)] + [(s.reply, share) for s, share in mix]
            reactors = _distinct(rng, react_mix, self.k_counts[j], (a,), fallback.react.items)
            for extra in self.forced.get(j, ()):
                if extra not in reactors and extra != a:
                    reactors.append(extra)
            r = self.r_counts[j]
            thanks = route is not None and route[0] == "howto" and r >= 2 and rng.random() < 0.5
            others = r - 1 if thanks else r
            repliers = _distinct(rng, reply_mix, others, (a,), fallback.reply.items)
            while repliers and len(repliers) < others:
                repliers.append(rng.choice(repliers))
            rng.shuffle(repliers)

            # Replies, in time order, queued until their time comes.
            reply_times = []
            t = ts
            for _ in repliers:
                t = self.after(rng, t, 3 if t == ts else 5)
                reply_times.append(t)
            best = -1
            if kind == QUESTION and repliers and rng.random() < 0.55:
                best = rng.randrange(min(3, len(repliers)))
            g_id = g.id if g is not None else None
            first_action = {}
            used = set()
            for n_r, (who, when) in enumerate(zip(repliers, reply_times, strict=True)):
                body_r = reply_body(kind, route, who, a, used)
                seq += 1
                heapq.heappush(heap, (when, seq, post_id, who, body_r, a, kind, n_r == best, g_id))
                first_action[who] = min(when, first_action.get(who, when))
            if thanks:
                when = self.after(rng, reply_times[-1] if reply_times else ts, 2)
                seq += 1
                heapq.heappush(heap, (when, seq, post_id, a, reply_body(kind, route, a, a, used), a, kind, False, g_id))
            n_replies = len(repliers) + (1 if thanks else 0)

            # Reactions.
            mixw = REACTION_MIX[kind]
            counts = {}
            for who in reactors:
                rk = rng.choices(reaction_kinds, mixw)[0] if rng.random() < 0.8 else reaction_kinds[0]
                when = self.after(rng, ts, 5)
                reactions_t.rows.append((post_id, P[who].id, rk, self.dt(when)))
                counts[rk] = counts.get(rk, 0) + 1
                first_action[who] = min(when, first_action.get(who, when))
                self.note(p.id, P[who].id, "reaction", post_id, None, when, p.cls)
            reaction_counts = {k: counts[k] for k in reaction_kinds if k in counts}

            # Views: everyone who acted, plus other readers.
            view_count = 0
            if self.with_views:
                readers = _distinct(rng, [(s.read, share) for s, share in mix], self.e_counts[j],
                                    [a, *first_action], ())
                for who, when in first_action.items():
                    seen_at = max(ts + 1, when - rng.randint(20, 900))
                    views_t.rows.append((post_id, P[who].id, self.dt(seen_at)))
                for who in readers:
                    views_t.rows.append((post_id, P[who].id, self.dt(self.after(rng, ts, 10))))
                view_count = len(first_action) + len(readers)
                viewers = list(first_action) + readers
                n_bm = _poisson(rng, view_count * BOOKMARK_P[kind])
                for who in rng.sample(viewers, min(n_bm, len(viewers))):
                    bookmarks_t.rows.append((post_id, P[who].id, self.dt(self.after(rng, ts, 24))))

            pinned = None
            if g is not None and (g.i, a) in author_is_admin and rng.random() < 0.05:
                pinned = self.dt(self.after(rng, ts, 2))
            praised = [c for c in praised if c != a] if kind == PRAISE else []
            pg = G[praised_group] if kind == PRAISE and praised_group is not None else None
            posts.rows.append((post_id, p.id, kind_names[kind], g_id, title, body, html, self.dt(ts), pinned,
                               pg.id if pg is not None else None, n_replies, len(reactors),
                               json_value(reaction_counts, None), view_count))
            for tid in topic_ids:
                post_topics.rows.append((post_id, tid))
            for m in mentioned:
                mentions_t.rows.append((post_id, None, P[m].id))
                self.note(P[m].id, p.id, "mention", post_id, None, ts, P[m].cls)
            if kind == PRAISE:
                recipients = list(praised)
                for c in praised:
                    praised_t.rows.append((post_id, P[c].id))
                if pg is not None and len(pg.members) <= 150:
                    recipients += [i for i in pg.members if i not in praised]
                for c in recipients:
                    self.note(P[c].id, p.id, "praise", post_id, None, ts, P[c].cls)

            if (j + 1) % 5000 == 0 or len(reactions_t.rows) + len(views_t.rows) > 250_000:
                flush()
        while heap:
            emit_reply(heapq.heappop(heap))
        flush()
        if self.best_answers:
            qn = connection.ops.quote_name
            sql = f"UPDATE {qn(Post._meta.db_table)} SET {qn('best_answer_id')} = %s WHERE {qn('id')} = %s"
            with transaction.atomic(), connection.cursor() as cursor:
                for start in range(0, len(self.best_answers), BATCH):
                    cursor.executemany(sql, self.best_answers[start:start + BATCH])
        for name, t in (("posts", posts), ("replies", replies_t), ("reactions", reactions_t), ("views", views_t)):
            self.bars.close(name, t.count)
        self.counts.update(
            posts=posts.count, replies=replies_t.count, reactions=reactions_t.count, views=views_t.count,
            bookmarks=bookmarks_t.count, mentions=mentions_t.count, notifications=self.notes.count,
            best_answers=len(self.best_answers), topics=len(self.topic_ids),
        )

    def finish(self):
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Department, Person, Group, Topic, Post, Reply]):
                cursor.execute(sql)
        expected = self.counts["people"] + self.counts["groups"] + self.counts["posts"] + self.counts["replies"]
        self.bars.open("search index", expected)
        self.log("Search index")
        with transaction.atomic():
            entries = search.reindex_all()
        self.bars.close("search index", entries)
        self.counts["search_entries"] = entries


# --- the demo CEO's coach history ------------------------------------------------------------------------
#
# The demo CEO is new to social and about three weeks into the coach: two weeks of listening first
# (reading, reacting, a few replies at lunchtime), then the first post three days ago (written by the
# stream above), a praise post the day after and an update yesterday, each drawing some response from
# colleagues. Today's habits are still open, so the coach has something to prompt. The CEO's habit
# settings and the "open on the coach" preference are saved too. Written through the ORM and the
# conversation services after everything else; deterministic for the seed.

CEO_INTERACT_DAYS = (18, 16, 15, 12, 11, 9, 8, 5, 4, 3, 2, 1)  # days ago, at lunchtime
CEO_REPLY_DAYS = (11, 4, 1)
CEO_REPLIES = [
    "Thank you for writing this up. I learned something from it, and I suspect I'm not the only one.",
    "This is the kind of thing I hoped we would share here. What would help you take it further?",
    "Good question. I don't know the answer, but I'd like to — who in the team has tried this?",
    "I read this twice. The second point matches what I heard from customers last month.",
]
CEO_PRAISE = ("A public thank you to @{handle}: the way you pulled the quarterly numbers together this week, "
              "and explained them so the whole leadership team could follow, made a hard meeting easy. "
              "Thank you.")
CEO_UPDATE = ("Second day of posting here. This morning I'm with the product team going through what customers "
              "asked for most this quarter; this afternoon, a first look at next year's budget. If there's one "
              "thing you think I should ask in either meeting, tell me below.")
CEO_RESPONSES = [
    "Thanks for sharing this, good to hear it from you directly.",
    "Really appreciate this. Happy to join the next session if useful.",
    "Ask them what they would stop doing if they could. Always a revealing answer.",
    "Great to see you here!",
]


# Packages that add their own demo data once the organisation exists: each module has
# `seed(gen)`, deterministic for gen.seed and quick at 10,000 people (it also runs for the benchmarks).
DEMO_EXTENSIONS = [
    "townsquare.practices.demo",  # the leaders first: the events' ask-me-anything needs a host
    "townsquare.ideas.demo",
    "townsquare.events.demo",
    "townsquare.connect.demo",
    "townsquare.circles.demo",
    "townsquare.analytics.demo",
    "townsquare.delivery.demo",
    "townsquare.api.demo",
    "townsquare.influence.demo",
]


def _practices_and_more(gen: "_Generator") -> None:
    import importlib.util

    for name in DEMO_EXTENSIONS:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name).seed(gen)


def _coach_history(gen: "_Generator") -> None:
    from datetime import time as dtime

    from townsquare.coach.models import Channel, CoachPreference, Habit, HabitSetting
    from townsquare.conversations import services as conv
    from townsquare.conversations.models import SearchEntry

    rng = random.Random(f"{gen.seed}:coach")
    ceo = Person.objects.get(pk=gen.ceo.id)
    tz = gen.zone(gen.ceo.tz)
    today = datetime.fromtimestamp(gen.now, tz).date()
    latest = datetime.fromtimestamp(gen.now - 60, UTC)

    def at(days_ago: int, hour: int, minute: int) -> datetime:
        return datetime.combine(today - timedelta(days=days_ago), dtime(hour, minute), tzinfo=tz)

    def stamp(model, moment, **where):
        model.objects.filter(**where).update(created_at=moment)

    for habit, anchor in ((Habit.DESCRIBE, dtime(8, 15)), (Habit.INTERACT, dtime(12, 30)),
                          (Habit.RECOGNISE, dtime(17, 30))):
        HabitSetting.objects.update_or_create(person=ceo, habit=habit, defaults={"enabled": True, "anchor": anchor})
    CoachPreference.objects.update_or_create(person=ceo, defaults={"channel": Channel.IN_APP, "start_on_coach": True})

    # Listening: read a company-wide post from the last few days, then react or reply.
    for k in CEO_INTERACT_DAYS:
        moment = at(k, 12, 35 + rng.randint(0, 20))
        candidates = list(Post.objects.filter(group__isnull=True, created_at__lt=moment,
                                              created_at__gte=moment - timedelta(days=3))
                          .exclude(author=ceo).order_by("-reaction_count", "-id")[:8])
        candidates = [p for p in candidates if not Reaction.objects.filter(post=p, person=ceo).exists()]
        if not candidates:
            continue
        post = rng.choice(candidates)
        if conv.post_view_record(person=ceo, post=post):
            stamp(PostView, moment - timedelta(minutes=4), post=post, person=ceo)
        if k in CEO_REPLY_DAYS:
            reply = conv.reply_create(author=ceo, post=post, body=rng.choice(CEO_REPLIES))
            stamp(Reply, moment, pk=reply.pk)
            stamp(SearchEntry, moment, kind=SearchEntry.Kind.REPLY, object_id=reply.pk)
        else:
            conv.reaction_set(person=ceo, post=post, kind=rng.choice(["like", "insightful", "thanks"]))
            stamp(Reaction, moment, post=post, person=ceo)
        stamp(Notification, moment, post=post, actor=ceo)

    # Posting: a praise post two days ago and an update yesterday, each with some response.
    reports = list(Person.objects.filter(manager=ceo, is_active=True).order_by("id"))
    colleagues = list(Person.objects.filter(is_active=True).exclude(pk=ceo.pk).order_by("id"))
    written = []
    if reports:
        praised = rng.choice(reports)
        praise = conv.post_create(author=ceo, kind=Post.Kind.PRAISE, body=CEO_PRAISE.format(handle=praised.handle),
                                  praised_people=[praised])
        written.append((praise, at(2, 17, 40)))
    update = conv.post_create(author=ceo, kind=Post.Kind.UPDATE, body=CEO_UPDATE)
    written.append((update, at(1, 8, 25)))
    for post, moment in written:
        stamp(Post, moment, pk=post.pk)
        stamp(SearchEntry, moment, kind=SearchEntry.Kind.POST, object_id=post.pk)
        stamp(Notification, moment, post=post, actor=ceo)
        people = rng.sample(colleagues, min(len(colleagues), rng.randint(10, 16)))
        reactors, repliers = people[: rng.randint(5, 8)], people[-2:]
        for who in people:
            seen = min(moment + timedelta(minutes=rng.randint(5, 600)), latest)
            if conv.post_view_record(person=who, post=post):
                stamp(PostView, seen, post=post, person=who)
            if who in reactors:
                conv.reaction_set(person=who, post=post, kind=rng.choice(["like", "celebrate", "support"]))
                stamp(Reaction, seen, post=post, person=who)
            if who in repliers:
                reply = conv.reply_create(author=who, post=post, body=rng.choice(CEO_RESPONSES))
                stamp(Reply, seen, pk=reply.pk)
                stamp(SearchEntry, seen, kind=SearchEntry.Kind.REPLY, object_id=reply.pk)
            stamp(Notification, seen, post=post, actor=who)
