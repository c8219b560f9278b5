"""Recurring themes of the stories people share, offered as candidate purpose themes (PRODUCT C4, C8).

Method: the newest MAX_POSTS company-wide posts of the last THEME_DAYS days (title + text), TF-IDF
(English stop words, words in at least 3 posts and at most 60% of them, single words and pairs), then
NMF (non-negative matrix factorisation) into up to THEMES themes. A theme is named by its strongest
words; its examples are the posts that weigh most in it. Only company-wide posts are used; readers see
an example only if they may read it (townsquare.conversations.access, checked again on display).
"""

from datetime import timedelta

from django.utils import timezone

from townsquare.conversations.models import Post

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
    try:
        vec = TfidfVectorizer(stop_words="english", min_df=3, max_df=0.6, ngram_range=(1, 2), max_features=5000,
                              token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z]{2,}\b")
        X = vec.fit_transform(texts)
    except ValueError:  # too few distinct words
        return {"themes": [], "posts": len(posts)}
    k = max(1, min(THEMES, X.shape[1] // 3, len(posts) // 10))
    model = NMF(n_components=k, init="nndsvd", random_state=seed, max_iter=300)
    weights = model.fit_transform(X)
    words = vec.get_feature_names_out()
    themes = []
    for i, component in enumerate(model.components_):
        top = [words[j] for j in np.argsort(component)[::-1][:6]]
        strength = weights[:, i]
        best = [posts[j][0] for j in np.argsort(strength)[::-1][:EXAMPLES] if strength[j] > 0]
        share = float((weights.argmax(axis=1) == i).mean())
        themes.append({"label": ", ".join(top[:3]), "words": top, "posts": best, "share": round(100 * share, 1)})
    themes.sort(key=lambda t: -t["share"])
    return {"themes": themes, "posts": len(posts), "days": THEME_DAYS}
