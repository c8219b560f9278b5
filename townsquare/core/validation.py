"""Checks on text that people type, shared by every domain's services."""

from django.core.exceptions import ValidationError


def clean_text(raw: str | None, *, what: str, max_chars: int, required: bool = True, empty: str = "",
               hint: str = "", yours: bool = False) -> str:
    """`raw` stripped, or a ValidationError that says what is wrong: empty (when required), a NUL
    character (neither database can store one), or over `max_chars`. `what` names the field in the
    message ("The title…", or "Your post…" with `yours`); `empty` and `hint` replace or extend the
    default wording."""
    the = "Your" if yours else "The"
    value = (raw or "").strip()
    if required and not value:
        raise ValidationError(empty or f"{the} {what} is empty. Write a few words first.")
    if "\x00" in value:
        raise ValidationError(f"{the} {what} contains a NUL character, which text cannot hold. Remove it and try again.")
    if len(value) > max_chars:
        raise ValidationError(f"{the} {what} has {len(value):,} characters; the limit is {max_chars:,}."
                              + (f" {hint}" if hint else ""))
    return value
