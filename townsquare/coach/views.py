"""Thin views for the coach. Every page is about the signed-in person only: no URL takes an id."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from townsquare.coach import selectors, services
from townsquare.coach.forms import CoachSettingsForm


@login_required
def home(request):
    return render(request, "coach/home.html", {"o": selectors.overview(request.user), "title": "Coach"})


@login_required
def settings(request):
    current = CoachSettingsForm.initial_from(selectors.habit_settings(request.user), selectors.preference(request.user))
    form = CoachSettingsForm(request.POST if request.method == "POST" else None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_save(person=request.user, habits=form.habits(), channel=form.cleaned_data["channel"],
                                   quiet_start=form.cleaned_data["quiet_start"], quiet_end=form.cleaned_data["quiet_end"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Your coach settings are saved.")
            return redirect("coach")
    return render(request, "coach/settings.html", {"form": form, "title": "Coach settings"},
                  status=400 if form.errors else 200)
