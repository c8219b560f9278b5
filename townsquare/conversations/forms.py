"""Django forms for conversations' web input. The rules and their words live in services.py (the API gets the
same); a form reads the fields and shows the service's refusal beside the field it is about."""

from django import forms
from django.core.exceptions import ValidationError

from townsquare.conversations.models import Post
from townsquare.people import handles


class ComposerLinkForm(forms.Form):
    """What a link to /compose/ may fill in beforehand: ?kind=praise&praised=@ana&group=data-guild (the coach's
    habits link here with `habit` too, read by the coach's own slot). A value that is not valid is left out and
    said so, and the composer opens anyway: a link never stops someone from writing."""

    kind = forms.ChoiceField(choices=Post.Kind.choices, required=False)
    group = forms.SlugField(max_length=80, required=False)
    praised = forms.CharField(max_length=200, required=False, strip=True)

    def clean_praised(self) -> str:
        raw = self.cleaned_data.get("praised", "")
        if not raw:
            return ""
        try:
            people = handles.people_by_handles(raw, field="praised")
        except ValidationError:
            raise ValidationError("The person this link suggests praising is not on Townsquare (any more), so "
                                  "“Praise for” is empty.") from None
        return " ".join(f"@{p.handle}" for p in people[:10])

    def draft(self) -> tuple[dict, list[str]]:
        """(the composer's draft, a plain sentence for each value left out)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        notes = []
        if "kind" in self.errors:
            notes.append("The link asked for a kind of post we do not have, so this is an update.")
        if "group" in self.errors:
            notes.append("The link named a group that does not exist, so this goes to all company.")
        notes += self.errors.get("praised", [])
        return ({"kind": data.get("kind") or "update", "group": data.get("group") or "",
                 "praised": data.get("praised") or ""}, notes)


class ReplyForm(forms.Form):
    # Not required and not stripped here: services.reply_edit says what is wrong in the words the API uses too.
    body = forms.CharField(required=False, strip=False, label="Your reply",
                           widget=forms.Textarea(attrs={"rows": 6, "id": "reply-edit-body"}))
