"""Template helpers of the coach page."""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def heatmap_cells(weeks):
    """The cells of a habit heatmap (twelve weeks × seven days) as one string: built in Python, because
    252 cells through the template engine cost more than everything else on the page."""
    return format_html_join(
        "", '<li class="hm hm-{}" title="{}"><span class="visually-hidden">{}</span></li>',
        ((cell.state, cell.label, cell.label) for column in weeks for cell in column))
