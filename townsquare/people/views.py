from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from townsquare.core import uploads
from townsquare.people import access, onboarding, selectors, services
from townsquare.people.forms import AcceptInvitationForm, InvitationForm, ProfileForm, WelcomePasswordForm
from townsquare.people.helpers import who_can_help


@login_required
def directory(request):
    department = request.GET.get("department", "")
    skill = " ".join(request.GET.get("skill", "").split())[:60]
    qs = selectors.directory(
        request.user, q=request.GET.get("q", "").strip()[:100],
        department_id=int(department) if department.isdigit() and len(department) <= 18 else None,
        location=request.GET.get("location", ""),
        include_inactive=access.is_org_admin(request.user) and request.GET.get("inactive") == "1",
    )
    # "Can help with": ranked by what people have answered about it and what they say they know, with why.
    helpers = who_can_help(request.user, skill, among=qs.filter(is_active=True)) if skill else None
    page = Paginator(qs if helpers is None else helpers, 48).get_page(request.GET.get("page"))
    return render(request, "people/directory.html", {
        "page": page, "helpers": helpers is not None, "departments": selectors.departments(),
        "locations": selectors.locations(), "q": request.GET.get("q", ""), "department": department,
        "location": request.GET.get("location", ""), "skill": skill,
    })


@login_required
def org_chart(request, handle: str):
    person = access.access_person(request.user, handle)
    chain = list(reversed(selectors.manager_chain(person)))
    return render(request, "people/org_chart.html", {
        "person": person, "chain": chain, "reports": selectors.reports_of(person), "peers": selectors.peers_of(person),
        "position": selectors.org_position(person),
    })


@login_required
def avatar(request, handle: str):
    return uploads.file_response(access.access_avatar(request.user, handle))


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, request.FILES or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect(request.user)
    return render(request, "people/profile_edit.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def invitations(request):
    access.access_org_admin(request.user)
    form = InvitationForm(request.POST or None)
    link = None
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(inviter=request.user, email=form.cleaned_data["email"])
            link = request.build_absolute_uri(invitation.get_absolute_url())
            messages.success(request, f"We emailed an invitation to {invitation.email}. You can also copy the link below and send it yourself.")
            form = InvitationForm()
        except ValidationError as exc:
            form.add_error("email", exc)
    sent = selectors.invitations_sent_by(request.user)
    return render(request, "people/invitations.html", {"form": form, "link": link, "sent": sent, "days": onboarding.invitation_days()},
                  status=400 if form.errors else 200)


def _back(request, default: str):
    where = request.POST.get("next", "")
    return redirect(where if where in ("/invitations/", "/admin/onboarding/") else default)


@login_required
@require_POST
def invitation_resend(request, invitation_id: int):
    invitation = access.access_invitation_for_admin(request.user, invitation_id)
    try:
        services.invitation_resend(admin=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"We emailed {invitation.email} a new invitation. The earlier link no longer works.")
    return _back(request, "invitations")


@login_required
@require_POST
def invitation_revoke(request, invitation_id: int):
    invitation = access.access_invitation_for_admin(request.user, invitation_id)
    try:
        services.invitation_revoke(admin=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"The invitation for {invitation.email} is withdrawn: its link no longer works.")
    return _back(request, "invitations")


@login_required
def people_onboarding(request):
    """Who has been invited or added (CSV, SCIM, an admin) and has not signed in yet, with a resend for each."""
    access.access_org_admin(request.user)
    return render(request, "people/onboarding.html", {
        "title": "Not signed in yet", "people": selectors.not_signed_in_yet(),
        "invitations": selectors.invitations_waiting()})


@login_required
@require_POST
def welcome_resend(request, handle: str):
    person = access.access_person(request.user, handle, action="admin")
    try:
        services.welcome_resend(admin=request.user, person=person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"We emailed {person.name} a new welcome. The earlier link no longer works.")
    return redirect("people_onboarding")


def invitation_accept(request, token: str):
    invitation = access.access_invitation(token)
    if not invitation.is_open:
        return render(request, "people/invitation_closed.html", {"invitation": invitation,
                                                                 "days": onboarding.invitation_days()}, status=410)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.invitation_accept(invitation=invitation, name=form.cleaned_data["name"],
                                                password=form.cleaned_data["password"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, person, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome to Townsquare! Start by completing your profile.")
            return redirect("profile_edit")
    return render(request, "people/invitation_accept.html", {"form": form, "invitation": invitation},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def set_active(request, handle: str):
    person = access.access_person(request.user, handle, action="admin")
    try:
        services.person_set_active(admin=request.user, person=person, active=request.POST.get("active") == "1")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(person)
    messages.success(request, f"{person.name} can sign in again." if person.is_active
                     else f"{person.name} is deactivated: they can no longer sign in; their posts stay.")
    return redirect(person)


class WelcomePasswordView(auth_views.PasswordResetConfirmView):
    """The welcome email's link: a person who has never chosen a password (imported, provisioned) chooses one and
    is signed in. Django's reset confirmation with our token (people.onboarding.welcome_tokens: bound to the
    welcome's latest round, valid INVITATION_DAYS) and our page; a used, old or replaced link says so."""

    token_generator = onboarding.welcome_tokens
    form_class = WelcomePasswordForm
    template_name = "people/welcome_password.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("profile_edit")
    reset_url_token = "choose-password"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Welcome to Townsquare! Your password is saved. Start by completing your profile.")
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "days": onboarding.invitation_days()}

    def dispatch(self, *args, **kwargs):
        response = super().dispatch(*args, **kwargs)
        if not self.validlink and response.status_code == 200:
            response.status_code = 410  # gone: the page says why and how to get in
        return response
