"""Recurring themes of the stories people share, offered as candidate purpose themes (PRODUCT C4, C8).

Method: the newest MAX_POSTS company-wide posts of the last THEME_DAYS days (title + text), TF-IDF
(English stop words, words in at least 3 posts and at most 60% of them, single words and pairs), then
NMF (non-negative matrix factorisation) into up to THEMES themes. Words about time and filler words
("day", "hour", "quick", "today" …, TIME_AND_FILLER) are stop words too: every story has them, so they
named themes without saying what they are about; so are the words of people's names (a theme is about
something, not someone). A theme is named (theme_label) by the #topic most of its example posts carry
("#remote-work" gives "Remote work"); failing that by its strongest two-word phrase that its example posts
really contain as written; failing that by its two strongest words. Its examples are the posts that weigh
most in it. Only company-wide posts are used; readers see
an example only if they may read it (townsquare.conversations.access, checked again on display).
"""

import re
from collections import Counter
from datetime import timedelta

from django.utils import timezone

from townsquare.conversations.models import Post

TIME_AND_FILLER = frozenset("""
day days daily today tonight tomorrow yesterday hour hours hourly minute minutes min mins second seconds
week weeks weekly weekend month months monthly year years yearly quarter morning mornings afternoon evening
night noon monday tuesday wednesday thursday friday saturday sunday time times soon later earlier ago
quick quickly just really actually thing things stuff lot lots bit got get gets getting going make makes
made let lets like want need needs good great nice ready start started starting took take takes taking
update updates note notes post posts share shared sharing
""".split())
LABEL_TERMS = 12   # a theme's phrase is looked for among its strongest terms

THEME_DAYS = 90
MAX_POSTS = 5000
THEMES = 8
EXAMPLES = 8


def themes_report(now=None, *, seed: int = 1) -> dict:
    import numpy as np
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    now = now or timezone.now()
    posts = list(Post.objects.filter(group__isnull=True, audience=Post.Audience.OPEN, created_at__gte=now - timedelta(days=THEME_DAYS))
                 .order_by("-created_at").values_list("pk", "title", "body")[:MAX_POSTS])
    if len(posts) < 20:
        return {"themes": [], "posts": len(posts)}
    texts = [f"{t} {b}" for _, t, b in posts]
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    try:
        vec = TfidfVectorizer(stop_words=sorted(ENGLISH_STOP_WORDS | TIME_AND_FILLER | _name_words()), min_df=3, max_df=0.6, ngram_range=(1, 2), max_features=5000,
                              token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z]{2,}\b")
        X = vec.fit_transform(texts)
    except ValueError:  # too few distinct words
        return {"themes": [], "posts": len(posts)}
    k = max(1, min(THEMES, X.shape[1] // 3, len(posts) // 10))
    model = NMF(n_components=k, init="nndsvd", random_state=seed, max_iter=300)
    weights = model.fit_transform(X)
    words = vec.get_feature_names_out()
    found = []
    for i, component in enumerate(model.components_):
        terms = [words[j] for j in np.argsort(component)[::-1][:LABEL_TERMS] if component[j] > 0]
        strength = weights[:, i]
        best = [posts[j][0] for j in np.argsort(strength)[::-1][:EXAMPLES] if strength[j] > 0]
        share = float((weights.argmax(axis=1) == i).mean())
        if terms and best:  # NMF may leave a component empty when there are fewer themes than it was asked for
            found.append((terms, best, share))
    tags = _topics_of({pk for _, best, _ in found for pk in best})
    text_of = {pk: text for (pk, _, _), text in zip(posts, texts, strict=True)}
    return {"themes": name_themes(found, tags, text_of), "posts": len(posts), "days": THEME_DAYS}


def name_themes(found: list[tuple[list[str], list[int], float]], tags: dict[int, list[str]],
                text_of: dict[int, str]) -> list[dict]:
    """Themes (terms, example post ids, share of posts) with their names, biggest first. The biggest theme
    chooses its name first: when two would share one, the smaller takes its next candidate."""
    themes: list[dict] = []
    for terms, best, share in sorted(found, key=lambda f: -f[2]):
        single = [t for t in terms if " " not in t][:6]
        label = theme_label(terms, Counter(tag for pk in best for tag in tags.get(pk, ())), len(best),
                            texts=[text_of[pk] for pk in best], taken={t["label"] for t in themes})
        themes.append({"label": label, "words": single, "posts": best, "share": round(100 * share, 1)})
    return themes


def _topics_of(post_ids) -> dict[int, list[str]]:
    """The #topic names of each post, in one query."""
    out: dict[int, list[str]] = {}
    through = Post.topics.through
    for pk, name in through.objects.filter(post_id__in=post_ids).values_list("post_id", "topic__name"):
        out.setdefault(pk, []).append(name)
    return out


def _name_words() -> set[str]:
    """The words of active people's names, in lower case (one query)."""
    from townsquare.people.models import Person

    words: set[str] = set()
    for name in Person.objects.filter(is_active=True).values_list("name", flat=True):
        words.update(re.findall(r"[a-z]{3,}", name.lower()))
    return words


def theme_label(terms: list[str], topics: Counter, examples: int, *, texts: list[str] | None = None,
                taken: set[str] = frozenset()) -> str:
    """A readable name for a theme from its strongest terms (strongest first, single words and two-word
    phrases), the #topics of its example posts and their texts: a topic at least half the examples carry
    ("Remote work"); else the strongest phrase that at least two examples contain as written (with stop
    words taken out, "working out loud" makes the pair "working loud", which nobody wrote); else its two
    strongest words ("Budget and forecast"). A name another theme already has (`taken`) is passed over."""
    def capital(text: str) -> str:
        return text[:1].upper() + text[1:]

    candidates = []
    if topics:
        tag, n = topics.most_common(1)[0]
        if examples and 2 * n >= examples:
            candidates.append(capital(tag.replace("-", " ").replace("_", " ").strip()))
    plain = None if texts is None else [" " + " ".join(re.findall(r"[a-z]+", t.lower())) + " " for t in texts]
    for t in terms:
        if " " in t and len(set(t.split())) == 2:
            if plain is None or sum(1 for x in plain if f" {t} " in x) >= min(2, len(plain)):
                candidates.append(capital(t))
    single = [t for t in terms if " " not in t]
    if len(single) >= 2:
        candidates.append(f"{capital(single[0])} and {single[1]}")
    elif single:
        candidates.append(capital(single[0]))
    return next((c for c in candidates if c not in taken), candidates[0] if candidates else "A recurring theme")
