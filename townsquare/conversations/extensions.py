"""Extension points: where feature packages add to conversations, so that conversations imports none of them.

- **Composer extras.** A package registers the form fields it reads, the composer partial that shows them and
  a function that `services.post_create` runs inside its transaction with the new post and the values of those
  fields (an error there rolls the post back, so a post never exists without its extras). The web composer
  sends them as form fields; the API as `extras` in the body of POST /api/v1/posts. Both reach them only
  through `post_create(extras=…)`: one path.
- **Slots.** Named places in conversations' pages where a package's template is included, with the page's
  context: `{% load extensions %}{% slot "post_detail_top" %}`. SLOTS lists them.

- **Card labels.** A short label on some posts' cards (a praise post's company value, registered by ideas): the
  relation paths it needs, which `selectors.page_of` joins into the page's one query (no query of its own), and
  a function of the post that reads them. The card cache keys on the labels, so a change shows at once.

- **Preview sources.** Where a staged post's first readers may come from, besides people chosen by handle and one
  group (register_preview_source; circles adds "my working-out-loud circle").

Packages register in their AppConfig.ready(): purpose (the "serves my purpose" tick), notebook (the draft a
post came from, and its provenance line), ideas (a praise post's company value, the links to the board and
the wall). tests/conversations/test_extensions.py checks both paths and that conversations imports no
feature package (also `make lint`: import-linter's layers, in pyproject.toml).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

# Where a package may put a template, and what the place is for.
SLOTS = {
    "composer_after_body": "right under the composer's text box (seen while typing, also on a phone)",
    "composer_fields": "beside Post to / Praise for / Attach in the composer",
    "composer_options": "under the composer's fields (ticks, hidden fields)",
    "post_detail_top": "above a post on its own page",
    "reply_after": "under each reply on a post's page (the context has `reply`)",
    "company_aside": "the side column of the All company feed",
    "group_list_links": "the line of links under the Groups heading",
}


@dataclass(frozen=True)
class ComposerExtra:
    name: str
    fields: tuple[str, ...]
    # apply(person=, post=, values={field: raw value}) — only called when one of `fields` has a value.
    apply: Callable[..., object]
    template: str | None = None
    slot: str = "composer_fields"
    # A post kind this extra makes (events: "event", practices: "poll"): a composer post of that kind without any of
    # `fields` is refused with `missing`, so there is never an event post without its event.
    kind: str | None = None
    missing: str = ""


_extras: dict[str, ComposerExtra] = {}
_slots: dict[str, list[str]] = {name: [] for name in SLOTS}


def register_composer_extra(extra: ComposerExtra) -> None:
    _extras[extra.name] = extra
    if extra.template:
        register_slot(extra.slot, extra.template)


def register_slot(slot: str, template: str) -> None:
    if slot not in _slots:
        raise ValueError(f"There is no slot {slot!r}; the slots are {', '.join(SLOTS)}.")
    if template not in _slots[slot]:
        _slots[slot].append(template)


def slot_templates(slot: str) -> list[str]:
    return list(_slots.get(slot, ()))


def composer_fields() -> list[str]:
    """Every field name a composer extra reads (the web view passes these on; the API documents them)."""
    return [f for extra in _extras.values() for f in extra.fields]


def apply_composer_extras(*, person, post, values: Mapping | None) -> None:
    """Run each extra whose fields have a value; called by post_create inside its transaction."""
    if not values:
        return
    for extra in _extras.values():
        picked = {f: values.get(f) for f in extra.fields if values.get(f) not in (None, "", False)}
        if extra.kind is not None and post.kind != extra.kind:
            continue  # an event's fields left in the form of an update do nothing
        if picked:
            extra.apply(person=person, post=post, values=picked)
        elif extra.kind is not None:
            from django.core.exceptions import ValidationError

            raise ValidationError(extra.missing)


# --- card renderers: a package draws the part of a post card that belongs to a kind of post it owns ------------

@dataclass(frozen=True)
class CardRenderer:
    """`load(posts, person)` is called once per feed page with that page's posts of `kind` (a fixed number of
    queries whatever their number) and sets on each post `card_context` (what `template` reads) and `card_key` (a
    hashable value of everything the part shows, for this reader: the card cache's key holds it)."""

    kind: str
    template: str
    load: Callable[..., None]


_card_renderers: dict[str, CardRenderer] = {}


def register_card_renderer(renderer: CardRenderer) -> None:
    _card_renderers[renderer.kind] = renderer


def decorate_cards(posts, person) -> None:
    """Let each registered renderer load its posts of the page; called by selectors.decorate."""
    for kind, renderer in _card_renderers.items():
        mine = [p for p in posts if p.kind == kind]
        for p in mine:
            p.card_template, p.card_key, p.card_context = None, None, None
        if mine:
            renderer.load(mine, person)
            for p in mine:
                if p.card_context is not None:
                    p.card_template = renderer.template


# --- card labels: a short line a package adds to some posts' cards -------------------------------------------

@dataclass(frozen=True)
class CardLabel:
    """A short label on some posts' cards. `select_related` are the paths `selectors.page_of` joins into its
    one query for the page (so a label costs no query of its own); `label(post)` reads them and returns the
    text, or None for a post without one."""

    name: str
    select_related: tuple[str, ...]
    label: Callable[[object], str | None]


_card_labels: dict[str, CardLabel] = {}


def register_card_label(card_label: CardLabel) -> None:
    _card_labels[card_label.name] = card_label


def card_label_joins() -> list[str]:
    return [path for c in _card_labels.values() for path in c.select_related]


def card_labels_of(post) -> list[str]:
    return [text for c in _card_labels.values() if (text := c.label(post))]


# --- preview audiences: where a staged post's first readers may come from besides chosen people and a group -----

@dataclass(frozen=True)
class PreviewSource:
    """A kind of small audience a post can be shared with first, as a preview (staged sharing).

    `options(person)` → [(value, label)] for the composer's "Share first with" (each value is `key` or starts with
    `key` and a colon, e.g. "circle:12"; it runs on every page with a composer, so it should not query);
    `resolve(person, value)` → (label, [people]) for a value of theirs, or None when
    it is not theirs (the composer then says so). Circles registers the person's working-out-loud circles."""

    key: str
    options: Callable[..., list]
    resolve: Callable[..., object]


_preview_sources: dict[str, PreviewSource] = {}


def register_preview_source(source: PreviewSource) -> None:
    _preview_sources[source.key] = source


def preview_options(person) -> list[tuple[str, str]]:
    return [option for source in _preview_sources.values() for option in source.options(person)]


def preview_resolve(person, value: str):
    """(label, people) for a registered preview value of `person`'s, else None."""
    key = value.split(":", 1)[0]
    source = _preview_sources.get(key)
    return source.resolve(person, value) if source is not None else None
