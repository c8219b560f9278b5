"""Thin views for the coach. Every page is about the signed-in person only: no URL takes an id."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from townsquare.coach import selectors, services
from townsquare.coach.forms import CoachSettingsForm, WeekForm
from townsquare.people.forms import ThrottledAuthenticationForm


@login_required
def home(request):
    snapshot = services.day_snapshot(request.user)
    return render(request, "coach/home.html", {"o": selectors.overview(request.user, snapshot=snapshot),
                                               "title": "Coach"})


@login_required
def rhythm(request):
    return render(request, "coach/rhythm.html", {"r": selectors.rhythm(request.user), "tip": selectors.tip("listen"),
                                                 "long": selectors.rules.SESSION_LONG, "title": "Your rhythm"})


@login_required
def week(request):
    """This week's review, or a past one (?week=<its Monday>): only ever the signed-in person's own."""
    today = selectors.local_today(request.user)
    form = WeekForm(request.GET, joined=selectors.joined_on(request.user), today=today)
    focus = form.cleaned_data.get("week") if form.is_valid() else None
    return render(request, "coach/week.html", {
        "w": selectors.weekly_review(request.user, focus=focus), "title": "Your week", "form": form,
        "past": selectors.past_weeks(request.user, today), "tests": selectors.influence_in_progress(request.user),
    }, status=400 if form.errors else 200)


class LoginView(auth_views.LoginView):
    """The sign-in page. Without an explicit ?next=, people who chose the coach as their start page
    (CoachPreference.start_on_coach) land on /coach/; everyone else on the home feed."""

    redirect_authenticated_user = True
    authentication_form = ThrottledAuthenticationForm  # limits per account and per address (people/throttle.py)

    def get_default_redirect_url(self):
        user = self.request.user
        if user.is_authenticated and selectors.preference(user).start_on_coach:
            return reverse("coach")
        return super().get_default_redirect_url()


@login_required
def settings(request):
    current = CoachSettingsForm.initial_from(selectors.habit_settings(request.user), selectors.preference(request.user))
    form = CoachSettingsForm(request.POST if request.method == "POST" else None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_save(person=request.user, habits=form.habits(), channel=form.cleaned_data["channel"],
                                   quiet_start=form.cleaned_data["quiet_start"], quiet_end=form.cleaned_data["quiet_end"],
                                   start_on_coach=form.cleaned_data["start_on_coach"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Your coach settings are saved.")
            return redirect("coach")
    return render(request, "coach/settings.html", {"form": form, "title": "Coach settings"},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def app_installed(request):
    """Posted once by the page script when it runs as the installed app (display-mode: standalone);
    ticks "Install the mobile app" on the getting-started checklist."""
    services.app_installed_record(person=request.user)
    return HttpResponse(status=204)
