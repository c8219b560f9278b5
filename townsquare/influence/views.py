"""Thin views of townsquare.influence (C6).

The writing coach's hints are for the person who asks, about the text they send: computed on the request and
returned, never stored or logged (the body is a sensitive parameter, so an error report leaves it out, and the
answer may not be cached). No route takes a person or an object, so nobody can ask for someone else's hints."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from townsquare.influence import writing


@login_required
@require_POST
@sensitive_post_parameters("body")
@never_cache
def writing_hints(request):
    """POST body, kind → the composer's hints as an HTML fragment (static/js/influence.js puts it in the composer); a 400
    with the reason for bad input."""
    try:
        body, kind = writing.check_draft(request.POST.get("body"), request.POST.get("kind"))
    except ValidationError as exc:
        return render(request, "influence/_hints.html", {"errors": exc.messages}, status=400)
    return render(request, "influence/_hints.html", {"review": writing.review(body, kind)})
