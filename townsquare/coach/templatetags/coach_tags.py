"""Template helpers of the coach page."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def heatmap_cells(weeks):
    """The cells of a habit heatmap (twelve weeks × seven days) as one string: built in Python, because
    252 cells through the template engine cost more than everything else on the page."""
    parts = []
    for column in weeks:
        for cell in column:
            label = escape(cell.label)
            parts.append(f'<li class="hm hm-{cell.state}" title="{label}"><span class="visually-hidden">{label}</span></li>')
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above
