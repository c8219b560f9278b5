"""Checks on text that people type, shared by every domain's services."""

from django.core.exceptions import ValidationError

# Bidirectional embedding, override and isolate characters: a name with U+202E reads backwards and can
# pass for someone else's; no one types them in a post on purpose.
BIDI_CONTROLS = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
ALLOWED_CONTROLS = {"\n", "\t", "\r"}


def _bad_character(value: str, *, single_line: bool) -> str | None:
    for ch in value:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            return "an unpaired surrogate (broken text from a copy and paste)"
        if ch == "\x00":
            return "a NUL character, which text cannot hold"
        if single_line and ch in BIDI_CONTROLS:  # names and titles: where a reversed text can pass for another
            return f"a text-direction control character (U+{code:04X}) that can make it read as something else"
        if single_line and ch in "\r\n":
            return "a line break, which this one-line field cannot hold"
        if (code < 0x20 or 0x7F <= code < 0xA0) and ch not in ALLOWED_CONTROLS:
            return f"an invisible control character (U+{code:04X})"
    return None


def clean_text(raw: str | None, *, what: str, max_chars: int, required: bool = True, empty: str = "",
               hint: str = "", yours: bool = False, single_line: bool = False) -> str:
    """`raw` stripped, or a ValidationError that says what is wrong: empty (when required), a character
    text must not hold (NUL, an unpaired surrogate, a control character; in a one-line field such as a name
    or title also a line break or a text-direction override), or over `max_chars`. One rule for every text field, used by forms, the API
    and imports alike. `what` names the field in the message ("The title…", or "Your post…" with `yours`);
    `empty` and `hint` replace or extend the default wording."""
    the = "Your" if yours else "The"
    value = (raw or "").strip()
    if required and not value:
        raise ValidationError(empty or f"{the} {what} is empty. Write a few words first.")
    bad = _bad_character(value, single_line=single_line)
    if bad:
        raise ValidationError(f"{the} {what} contains {bad}. Remove it and try again.")
    if len(value) > max_chars:
        raise ValidationError(f"{the} {what} has {len(value):,} characters; the limit is {max_chars:,}."
                              + (f" {hint}" if hint else ""))
    return value
