"""Thin views for purpose and manifesto. The editor, history, versions and diffs are the signed-in
person's own (access.access_manifesto_version); only the published manifesto has a page others see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from townsquare.people.selectors import access_person
from townsquare.purpose import access, selectors, services


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _purpose_context(request, **extra) -> dict:
    person = request.user
    versions = selectors.manifesto_history(person)
    return {
        "title": "Your purpose",
        "purpose": selectors.purpose_for(person),
        "suggestions": selectors.suggestions(person),
        "share": selectors.purpose_share(person),
        "tagged_posts": selectors.recent_purpose_posts(person),
        "published": selectors.current_published(versions),
        "version_count": len(versions),
        "purpose_limit": services.PURPOSE_MAX_CHARS,
        **extra,
    }


@login_required
def purpose(request):
    if request.method == "POST":
        try:
            services.purpose_choose(person=request.user, source=request.POST.get("source", ""),
                                    own_text=request.POST.get("own_text", ""))
        except ValidationError as exc:
            return render(request, "purpose/purpose.html",
                          _purpose_context(request, error=_error_text(exc), data=request.POST), status=400)
        messages.success(request, "Your purpose is set. Tick “serves my purpose” when a post serves it.")
        return redirect("purpose")
    return render(request, "purpose/purpose.html", _purpose_context(request, data={}))


def _editor(request, *, error: str | None = None, body: str | None = None, status: int = 200):
    versions = selectors.manifesto_history(request.user)
    latest = versions[0] if versions else None
    return render(request, "purpose/manifesto_edit.html", {
        "title": "Your manifesto",
        "versions": versions,
        "published": selectors.current_published(versions),
        "body": body if body is not None else (latest.body if latest else ""),
        "error": error,
        "limit": services.MANIFESTO_MAX_CHARS,
        "purpose": selectors.purpose_for(request.user),
    }, status=status)


@login_required
def manifesto_edit(request):
    if request.method == "POST":
        publish = request.POST.get("action") == "publish"
        try:
            version = services.manifesto_save(person=request.user, body=request.POST.get("body", ""), publish=publish)
        except ValidationError as exc:
            return _editor(request, error=_error_text(exc), body=request.POST.get("body", ""), status=400)
        if publish:
            messages.success(request, f"Version {version.number} is published on your profile.")
        else:
            messages.success(request, f"Saved as version {version.number}. Only you can see it until you publish it.")
        return redirect("manifesto_edit")
    return _editor(request)


@login_required
def manifesto_version(request, version_id: int):
    version = access.access_manifesto_version(request.user, version_id)
    versions = selectors.manifesto_history(request.user)
    previous = next((v for v in versions if v.number < version.number), None)
    return render(request, "purpose/manifesto_version.html", {
        "title": f"Manifesto, version {version.number}", "version": version, "previous": previous,
        "is_current": selectors.current_published(versions) == version,
    })


@login_required
@require_POST
def manifesto_publish(request, version_id: int):
    version = access.access_manifesto_version(request.user, version_id)
    services.manifesto_publish(person=request.user, version=version)
    messages.success(request, f"Version {version.number} is now the manifesto on your profile.")
    return redirect("manifesto_edit")


@login_required
@require_POST
def manifesto_unpublish(request):
    if services.manifesto_unpublish(person=request.user):
        messages.success(request, "Your manifesto is off your profile. Your versions are kept, visible only to you.")
    return redirect("manifesto_edit")


@login_required
def manifesto_diff(request):
    old = access.access_manifesto_version(request.user, request.GET.get("from"))
    new = access.access_manifesto_version(request.user, request.GET.get("to"))
    return render(request, "purpose/manifesto_diff.html", {
        "title": f"Manifesto: version {old.number} → {new.number}", "old": old, "new": new,
        "diff": selectors.manifesto_diff(old.body, new.body),
        "versions": selectors.manifesto_history(request.user),
    })


@login_required
def manifesto_public(request, handle: str):
    owner = access_person(request.user, handle)
    version = access.access_published_manifesto(request.user, owner)
    return render(request, "purpose/manifesto_public.html", {
        "title": f"{owner.name}’s manifesto", "owner": owner, "version": version,
        "purpose": access.purpose_of(request.user, owner), "is_me": owner.pk == request.user.pk,
    })
