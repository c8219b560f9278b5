"""Views are thin: no queries (`.objects`, get_object_or_404), no `is_staff` and no `raise Http404` of their own.

Those belong in each package's access.py (access by action, the same 404 for missing and forbidden) and
selectors.py. The check reads the code with the ast module, so comments and strings do not count.
Packages whose views.py still has some are listed in NOT_YET_THIN; the second test fails when one of
them becomes thin, so the list only ever shrinks.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "townsquare"
VIEWS = sorted(ROOT.glob("**/views.py"))

# Packages whose views still query or raise Http404 (issue 12, part 6): none any more. A new package starts thin.
NOT_YET_THIN: set[str] = set()


def offences(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        where = f"{path.relative_to(ROOT.parent)}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Attribute) and node.attr in ("objects", "is_staff"):
            found.append(f"{where} .{node.attr}")
        elif isinstance(node, ast.Name) and node.id in ("get_object_or_404", "get_list_or_404", "is_staff"):
            found.append(f"{where} {node.id}")
        elif isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            name = exc.attr if isinstance(exc, ast.Attribute) else getattr(exc, "id", "")
            if name == "Http404":
                found.append(f"{where} raise Http404")
    return found


def package(path: Path) -> str:
    return path.relative_to(ROOT).parts[0]


def test_offences_are_found():
    """The checker itself: each forbidden form is caught, a mention in a string or comment is not."""
    sample = ROOT.parent / "tests" / "_layering_sample.py"
    sample.write_text(
        "from django.http import Http404\n"
        "x = Person.objects.all()  # .objects in a comment\n"
        "y = request.user.is_staff\n"
        "z = get_object_or_404(Person, pk=1)\n"
        "s = 'raise Http404 .objects is_staff'\n"
        "def f():\n    raise Http404('No such thing')\n"
    )
    try:
        assert sorted(o.split(" ", 1)[1] for o in offences(sample)) == [
            ".is_staff", ".objects", "get_object_or_404", "raise Http404"]
    finally:
        sample.unlink()


@pytest.mark.parametrize("path", [p for p in VIEWS if package(p) not in NOT_YET_THIN], ids=package)
def test_views_are_thin(path):
    assert offences(path) == [], "views.py must leave queries, is_staff and Http404 to access.py/selectors.py"


def test_not_yet_thin_only_shrinks():
    still = {package(p) for p in VIEWS if offences(p)}
    assert still == NOT_YET_THIN, f"update NOT_YET_THIN to {sorted(still)}"
