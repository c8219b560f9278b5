"""The person's own personal access tokens: make one (shown once), see when each was last used, revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from townsquare.api import access, selectors, services
from townsquare.api.guard import rate_limits
from townsquare.api.models import AccessToken


def _page(request, *, status=200, **extra):
    context = {
        **selectors.tokens_page(request.user),
        "data": {"scope": AccessToken.Scope.READ},
        "max_tokens": services.MAX_TOKENS_PER_PERSON,
        "rate_per_token": rate_limits()[0],
        **extra,
    }
    return render(request, "api/tokens.html", context, status=status)


@login_required
def tokens(request):
    if request.method != "POST":
        return _page(request)
    try:
        token, raw = services.token_create(person=request.user, name=request.POST.get("name", ""),
                                           scope=request.POST.get("scope", ""))
    except ValidationError as exc:
        return _page(request, status=400, error=" ".join(exc.messages), data=request.POST)
    # Rendered, not redirected: the token is never put in a session or a message, only on this one page.
    response = _page(request, status=201, new_token=token, raw_token=raw)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def token_revoke(request, token_id: int):
    token = access.access_token(request.user, token_id, action="revoke")
    if request.method == "POST":
        services.token_revoke(person=request.user, token_id=token.pk)
        messages.success(request, f"“{token.name}” is revoked. Anything still using it now gets “not valid”.")
        return redirect("api_tokens")
    return render(request, "api/token_revoke.html", {"token": token})
