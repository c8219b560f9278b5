from django import forms

from townsquare.coach import rules
from townsquare.coach.models import Channel, Habit

TIME_ERROR = "Enter a time of day as HH:MM on a 24-hour clock, for example 08:30."


def _time_field(label: str, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label, required=required, input_formats=["%H:%M", "%H:%M:%S"],
        error_messages={"invalid": TIME_ERROR, "required": f"{label}: {TIME_ERROR}"},
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )


class CoachSettingsForm(forms.Form):
    """Each habit on or off with its anchor time; the nudge channel; optional quiet hours."""

    channel = forms.ChoiceField(label="Send nudges", choices=Channel.choices, widget=forms.RadioSelect,
                                error_messages={"invalid_choice": "Choose in Townsquare, by email, or both."})
    quiet_start = _time_field("Quiet from", required=False)
    quiet_end = _time_field("Quiet until", required=False)
    start_on_coach = forms.BooleanField(label="Open Townsquare on my coach page after signing in", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for habit, label in Habit.choices:
            self.fields[f"{habit}_enabled"] = forms.BooleanField(label=f"{label} habit on", required=False)
            self.fields[f"{habit}_anchor"] = _time_field(f"{label} at")

    @classmethod
    def initial_from(cls, settings: dict, pref) -> dict:
        initial = {"channel": pref.channel, "quiet_start": pref.quiet_start, "quiet_end": pref.quiet_end,
                   "start_on_coach": pref.start_on_coach}
        for habit, setting in settings.items():
            initial[f"{habit}_enabled"] = setting.enabled
            initial[f"{habit}_anchor"] = setting.anchor
        return initial

    def clean(self):
        data = super().clean()
        start, end = data.get("quiet_start"), data.get("quiet_end")
        if "quiet_start" in data and "quiet_end" in data:
            if (start is None) != (end is None):
                raise forms.ValidationError("Quiet hours need both a start and an end time, or leave both empty.")
            if start is not None and start == end:
                raise forms.ValidationError("Quiet hours cannot start and end at the same time.")
        return data

    def habits(self) -> dict[str, dict]:
        return {h: {"enabled": self.cleaned_data[f"{h}_enabled"], "anchor": self.cleaned_data[f"{h}_anchor"]}
                for h in Habit.values}

    def habit_rows(self):
        """(label, enabled field, anchor field, moment) per habit, for the template."""
        return [(label, self[f"{h}_enabled"], self[f"{h}_anchor"], rules.ANCHOR_MOMENTS[h], rules.RULES[h])
                for h, label in Habit.choices]


PAST_WEEKS = 12  # how many past weekly reviews the week page lists


class WeekForm(forms.Form):
    """?week=YYYY-MM-DD on /coach/week/: the Monday of a past week of one's own, since joining."""

    week = forms.DateField(required=False, input_formats=["%Y-%m-%d"],
                           error_messages={"invalid": "Give the week as a date like 2025-01-13 (its Monday)."})

    def __init__(self, *args, joined, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.joined, self.today = rules.week_start(joined), rules.week_start(today)

    def clean_week(self):
        day = self.cleaned_data.get("week")
        if day is None:
            return None
        if day.weekday() != 0:
            raise forms.ValidationError(f"A week starts on a Monday; {day:%A} {day.day} {day:%B} is not one.")
        if day > self.today:
            raise forms.ValidationError("That week has not started yet.")
        if day < self.joined:
            raise forms.ValidationError("That week is before you joined, so there is nothing to review.")
        return day
