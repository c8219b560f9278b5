"""{{ text|highlight:terms }}: the words of a search marked in a result. The text is escaped first, piece by piece,
and only our own <mark> tags are added around the parts that match a term as a word's beginning (as the search
matches), so nothing a person wrote can become markup."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def highlight(text, terms) -> str:
    text = "" if text is None else str(text)
    terms = [t for t in (terms or []) if t]
    if not terms:
        return escape(text)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
                         + r")\w*", re.IGNORECASE)
    out, at = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[at:match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        at = match.end()
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped
