from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from townsquare.core import uploads
from townsquare.core.validation import clean_text
from townsquare.people import handles, timezones
from townsquare.people.models import Department, Person

AVATAR_MAX_BYTES = 2 * 1024 * 1024


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label="Time zone", error_messages={
        "invalid_choice": "“%(value)s” is not a time zone we offer: choose the city nearest you that shares your "
                          "time, such as Europe/Paris or America/New_York.",
        "required": "Choose your time zone."})
    department = forms.ModelChoiceField(queryset=Department.objects.all(), required=False)
    manager_handle = forms.CharField(required=False, label="Manager (handle)", max_length=40)
    # A plain file field: clean_avatar reads the picture itself (Django's image field would say only
    # "not a valid image", and lets a 169-megapixel picture through).
    avatar = forms.FileField(required=False, label="Avatar", widget=forms.ClearableFileInput(
        attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}))

    class Meta:
        model = Person
        fields = ["name", "title", "department", "location", "time_zone", "bio", "skills", "interests", "avatar",
                  "show_seen_posts"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Canonical Area/City zones grouped by region, with today's offset; a legacy name stored before stays offered.
        self.fields["time_zone"].choices = timezones.choices(also=self.instance.time_zone or "")
        if self.instance.manager_id and not self.initial.get("manager_handle"):
            self.initial["manager_handle"] = self.instance.manager.handle

    def clean_name(self):
        try:
            return clean_text(self.cleaned_data.get("name"), what="name", max_chars=120, single_line=True,
                              empty="Your name is empty: colleagues need to know who you are.", yours=True)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None

    def _clean_text(self, field: str, what: str, max_chars: int, *, single_line: bool) -> str:
        try:
            return clean_text(self.cleaned_data.get(field), what=what, max_chars=max_chars, required=False,
                              single_line=single_line)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None

    def clean_title(self):
        return self._clean_text("title", "job title", 120, single_line=True)

    def clean_location(self):
        return self._clean_text("location", "location", 120, single_line=True)

    def clean_bio(self):
        return self._clean_text("bio", "bio", 2000, single_line=False)

    def clean_skills(self):
        return self._clean_text("skills", "list of skills", 500, single_line=True)

    def clean_interests(self):
        return self._clean_text("interests", "list of interests", 500, single_line=True)

    def clean_avatar(self):
        """A new picture is stored as the upright, at most 512 × 512, metadata-free copy that
        townsquare.core.uploads makes of it, named by its real type (otto.jpg, otto.png)."""
        avatar = self.cleaned_data.get("avatar")
        if not isinstance(avatar, UploadedFile):
            return avatar  # unchanged (the stored picture), or False when "Clear" is ticked
        if avatar.size > AVATAR_MAX_BYTES:
            raise forms.ValidationError("The picture is larger than 2 MB; choose a smaller one.")
        try:
            return uploads.avatar_image(avatar, stem=self.instance.handle or "avatar")
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None

    def clean_manager_handle(self):
        try:
            manager = handles.person_by_handle(self.cleaned_data["manager_handle"], active=True, required=False)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        if manager is None:
            return None
        handle = manager.handle
        if manager.pk == self.instance.pk:
            raise forms.ValidationError("You cannot be your own manager.")
        current = manager
        while current is not None:
            if current.manager_id == self.instance.pk:
                raise forms.ValidationError(f"@{handle} reports to you, so they cannot be your manager.")
            current = current.manager
        return manager

    def save(self, commit=True):
        person = super().save(commit=False)
        person.manager = self.cleaned_data.get("manager_handle")
        if commit:
            person.save()
        return person


class InvitationForm(forms.Form):
    email = forms.EmailField()


class AcceptInvitationForm(forms.Form):
    name = forms.CharField(max_length=120)
    password = forms.CharField(widget=forms.PasswordInput, min_length=10)


class ThrottledAuthenticationForm(AuthenticationForm):
    """Sign-in with limits: SIGN_IN_PER_ACCOUNT failures per account and SIGN_IN_PER_ADDRESS per client
    address in a window; past them, even the right password waits until the window ends."""

    def clean(self):
        from townsquare.people import throttle

        email = (self.data.get("username") or "").strip()
        address = throttle.client_address(self.request) if self.request else "unknown"
        wait = max(throttle.wait_seconds(throttle.SIGN_IN_PER_ACCOUNT, email),
                   throttle.wait_seconds(throttle.SIGN_IN_PER_ADDRESS, address))
        if wait:
            raise forms.ValidationError(
                f"Too many wrong passwords. For your safety, sign-in is paused for {throttle.minutes(wait)}; "
                "then try again, or reset your password.", code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.count(throttle.SIGN_IN_PER_ACCOUNT, email)
            throttle.count(throttle.SIGN_IN_PER_ADDRESS, address)
            raise
        throttle.forget(throttle.SIGN_IN_PER_ACCOUNT, email)
        return cleaned


class ThrottledPasswordResetForm(PasswordResetForm):
    """A reset link for everyone active with that email, people who never chose a password included (imported or
    provisioned ones: Django's form skips unusable passwords). At most RESET_PER_ACCOUNT emails per address and hour,
    and RESET_PER_ADDRESS per client: past them nothing is sent. The email is recorded in the outbox and sent by
    the worker (people.onboarding), so the page answers the same, as fast, whether or not the account exists, and a
    mail server that is down delays the email instead of showing an error that only an existing account would get."""

    def get_users(self, email):
        wanted = (email or "").strip().casefold()
        return [p for p in Person.objects.filter(email__iexact=wanted, is_active=True)
                if p.email and p.email.casefold() == wanted]

    def save(self, *args, request=None, **kwargs):
        import uuid

        from django.db import transaction

        from townsquare.people import onboarding, throttle

        email = self.cleaned_data["email"]
        address = throttle.client_address(request) if request else "unknown"
        if (throttle.wait_seconds(throttle.RESET_PER_ACCOUNT, email)
                or throttle.wait_seconds(throttle.RESET_PER_ADDRESS, address)):
            return
        throttle.count(throttle.RESET_PER_ACCOUNT, email)
        throttle.count(throttle.RESET_PER_ADDRESS, address)
        with transaction.atomic():
            for person in self.get_users(email):
                onboarding.password_reset_email(person, nonce=uuid.uuid4().hex)


class WelcomePasswordForm(SetPasswordForm):
    """The first password of someone welcomed (imported, provisioned): Django's SetPasswordForm, our words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Choose a password"
        self.fields["new_password2"].label = "The same password again"
