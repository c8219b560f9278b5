"""Django forms for conversations' web input. The rules and their words live in services.py (the API gets the
same); a form reads the fields and shows the service's refusal beside the field it is about."""

from django import forms


class ReplyForm(forms.Form):
    # Not required and not stripped here: services.reply_edit says what is wrong in the words the API uses too.
    body = forms.CharField(required=False, strip=False, label="Your reply",
                           widget=forms.Textarea(attrs={"rows": 6, "id": "reply-edit-body"}))
