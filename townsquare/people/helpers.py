""""Who can help me with X": people ranked by what they have shown they know, each with the reasons they matched.

People know only what a person wrote about themselves (skills, interests). What they have answered lives in
packages above people, which register a source of evidence here (`register_help_evidence`, from their
AppConfig.ready): a function (viewer, words) → [(person id, weight, reason)], over what the viewer may read only.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from townsquare.people.models import Person

Evidence = Callable[[Person, str], Iterable[tuple[int, float, str]]]
HELP_EVIDENCE: list[Evidence] = []
SKILL_WEIGHT = 1.5  # saying one knows it counts, but less than one answer that shows it (2), more than one reply (1)
MAX_HELPERS = 48


def register_help_evidence(source: Evidence) -> None:
    if source not in HELP_EVIDENCE:
        HELP_EVIDENCE.append(source)


@dataclass
class Helper:
    person: Person
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)


def _skill_reason(person: Person, words: list[str]) -> str | None:
    for label, text in (("skills", person.skills), ("interests", person.interests)):
        parts = [p.strip() for p in (text or "").replace(";", ",").split(",") if p.strip()]
        hits = [p for p in parts if all(w in p.lower() for w in words)] or \
               ([text.strip()[:80]] if text and all(w in text.lower() for w in words) else [])
        if hits:
            return f"{label.capitalize()}: {', '.join(hits[:3])}"
    return None


def who_can_help(viewer, topic: str, *, among: QuerySet[Person], limit: int = MAX_HELPERS) -> list[Helper]:
    """The active people of `among` who can help with `topic`, best first: what they have answered about it
    (each registered source) and what they say they know (skills and interests), with why each one is listed."""
    words = [w for w in topic.lower().split() if w][:5]
    if not words or not viewer.is_authenticated:
        return []
    helpers: dict[int, Helper] = {}
    said = Q()
    for word in words:
        said &= Q(skills__icontains=word) | Q(interests__icontains=word)
    for person in among.filter(said)[:500]:
        reason = _skill_reason(person, words)
        helper = helpers.setdefault(person.pk, Helper(person))
        helper.score += SKILL_WEIGHT
        if reason:
            helper.reasons.append(reason)
    shown: dict[int, list[tuple[float, str]]] = {}
    for source in HELP_EVIDENCE:
        for person_id, weight, reason in source(viewer, topic):
            shown.setdefault(person_id, []).append((weight, reason))
    if shown:
        for person in among.filter(pk__in=list(shown)).exclude(pk__in=list(helpers)):
            helpers[person.pk] = Helper(person)
        for person_id, found in shown.items():
            if person_id in helpers:
                helper = helpers[person_id]
                helper.score += sum(weight for weight, _ in found)
                # what they did first: it is what makes the ranking
                helper.reasons[:0] = [reason for _, reason in sorted(found, key=lambda f: -f[0])]
    return sorted(helpers.values(), key=lambda h: (-h.score, h.person.name, h.person.pk))[:limit]
