"""Thin views for delivery: the signed-in person's own preferences and devices, the token-signed
unsubscribe page (no sign-in), and the webhooks pages for organisation admins (404 for everyone else)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from townsquare.delivery import access, selectors, services, tasks, vapid
from townsquare.delivery.models import EMAIL_KINDS, Digest, Kind

# --- preferences and devices ---------------------------------------------------------------------------


def _preferences_page(request, *, pref, errors=None, status=200):
    rows = [{"kind": k, "label": label, "email": pref.wants("email", k), "push": pref.wants("push", k),
             "has_email": k in EMAIL_KINDS} for k, label in Kind.choices]
    return render(request, "delivery/preferences.html", {
        "title": "Email and notifications", "pref": pref, "rows": rows, "digests": Digest.choices,
        "devices": selectors.devices_of(request.user), "errors": errors or [],
        "vapid_public_key": vapid.public_key(), "send_at": services.DIGEST_SEND_AT,
    }, status=status)


@login_required
def preferences(request):
    pref = selectors.preference_for(request.user)
    if request.method != "POST":
        return _preferences_page(request, pref=pref)
    email = {k for k in Kind.values if request.POST.get(f"email_{k}")}
    push = {k for k in Kind.values if request.POST.get(f"push_{k}")}
    digest = request.POST.get("digest", "")
    try:
        services.preferences_save(person=request.user, email=email, push=push, digest=digest)
    except ValidationError as exc:
        for k in Kind.values:  # show what they chose, not what is stored
            if k in EMAIL_KINDS:
                setattr(pref, f"email_{k}", k in email)
            setattr(pref, f"push_{k}", k in push)
        return _preferences_page(request, pref=pref, errors=list(exc.messages), status=400)
    messages.success(request, "Saved. We will reach you the way you chose.")
    return redirect("delivery_preferences")


def _json_or_form(request) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise ValidationError("The request is not valid JSON.") from None
        if not isinstance(data, dict):
            raise ValidationError("The request must be a JSON object.")
        keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
        return {"endpoint": data.get("endpoint"), "p256dh": keys.get("p256dh", data.get("p256dh")),
                "auth": keys.get("auth", data.get("auth"))}
    return {k: request.POST.get(k, "") for k in ("endpoint", "p256dh", "auth", "id")}


def _wants_json(request) -> bool:
    return request.content_type == "application/json" or "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def push_subscribe(request):
    """Store this browser's push subscription (JSON from static/js/push.js: the PushSubscription as toJSON())."""
    try:
        data = _json_or_form(request)
        services.push_subscribe(person=request.user, endpoint=str(data.get("endpoint") or ""),
                                p256dh=str(data.get("p256dh") or ""), auth=str(data.get("auth") or ""),
                                user_agent=request.headers.get("User-Agent", ""))
    except ValidationError as exc:
        return JsonResponse({"ok": False, "error": " ".join(exc.messages)}, status=400)
    return JsonResponse({"ok": True, "message": "Notifications are on for this device."}, status=201)


@login_required
@require_POST
def push_unsubscribe(request):
    """Forget a device: this browser's endpoint (JSON from push.js) or one of the listed devices (form)."""
    try:
        data = _json_or_form(request)
    except ValidationError as exc:
        return JsonResponse({"ok": False, "error": " ".join(exc.messages)}, status=400)
    sub_id = data.get("id")
    removed = services.push_unsubscribe(person=request.user, endpoint=str(data.get("endpoint") or ""),
                                        subscription_id=int(sub_id) if str(sub_id or "").isdigit() else None)
    if _wants_json(request):
        return JsonResponse({"ok": True, "removed": removed})
    messages.success(request, "That device will get no more notifications." if removed else
                     "That device was already off.")
    return redirect("delivery_preferences")


@login_required
@require_POST
def push_test(request):
    if not selectors.devices_of(request.user):
        messages.error(request, "No device has notifications on yet. Turn them on with the button first.")
    else:
        tasks.push_test(request.user.pk)
        messages.success(request, "Sent. It should appear on your devices within a minute.")
    return redirect("delivery_preferences")


# --- one-click unsubscribe (no sign-in) ---------------------------------------------------------------

@csrf_exempt  # mail providers POST "List-Unsubscribe=One-Click" with no cookie; the signed token is the proof
def unsubscribe(request, token: str):
    """GET: a confirmation page with one button (link scanners must not unsubscribe anyone).
    POST: done — from that button, or straight from the mail provider (RFC 8058)."""
    found = services.unsubscribe_read(token)
    if found is None:
        return render(request, "delivery/unsubscribe.html", {"title": "Unsubscribe", "invalid": True}, status=404)
    person, scope = found
    what = services.UNSUBSCRIBE_SCOPES[scope]
    if request.method == "POST":
        services.unsubscribe_apply(person=person, scope=scope)
        return render(request, "delivery/unsubscribe.html", {"title": "Unsubscribed", "done": True, "what": what,
                                                             "email": person.email})
    return render(request, "delivery/unsubscribe.html", {"title": "Unsubscribe", "what": what, "email": person.email,
                                                         "token": token})


# --- webhooks (organisation admins) ---------------------------------------------------------------------

def _webhook_form(request, *, hook=None, data=None, errors=None, status=200):
    groups = services.webhook_groups_for(request.user)
    if data is None:
        data = {"name": hook.name, "url": hook.url, "company_wide": hook.company_wide,
                "groups": {g.pk for g in hook.groups.all()}} if hook else {"name": "", "url": "", "company_wide": True,
                                                                           "groups": set()}
    return render(request, "delivery/webhook_form.html", {
        "title": f"Edit {hook.name}" if hook else "New webhook", "hook": hook, "data": data, "groups": groups,
        "errors": errors or []}, status=status)


def _webhook_data(request) -> dict:
    ids = {int(v) for v in request.POST.getlist("groups") if v.isdigit()}
    return {"name": request.POST.get("name", ""), "url": request.POST.get("url", ""),
            "company_wide": bool(request.POST.get("company_wide")), "groups": ids}


def _chosen_groups(request, ids: set[int]):
    groups = list(services.webhook_groups_for(request.user).filter(pk__in=ids))
    if len(groups) != len(ids):
        raise ValidationError("You can only choose groups whose posts you can read yourself.")
    return groups


@login_required
def webhook_list(request):
    access.require_webhook_admin(request.user)
    return render(request, "delivery/webhook_list.html", {"title": "Webhooks", "hooks": selectors.webhooks()})


@login_required
def webhook_create(request):
    access.require_webhook_admin(request.user)
    if request.method != "POST":
        return _webhook_form(request)
    data = _webhook_data(request)
    try:
        hook = services.webhook_create(admin=request.user, name=data["name"], url=data["url"],
                                       groups=_chosen_groups(request, data["groups"]), company_wide=data["company_wide"])
    except ValidationError as exc:
        return _webhook_form(request, data=data, errors=list(exc.messages), status=400)
    messages.success(request, "Webhook added. Send a test to check the other end receives it.")
    return redirect("webhook_detail", webhook_id=hook.pk)


@login_required
def webhook_detail(request, webhook_id: int):
    hook = access.access_webhook(request.user, webhook_id)
    if request.method == "POST":
        data = _webhook_data(request)
        try:
            services.webhook_update(admin=request.user, webhook=hook, name=data["name"], url=data["url"],
                                    groups=_chosen_groups(request, data["groups"]), company_wide=data["company_wide"])
        except ValidationError as exc:
            return _webhook_form(request, hook=hook, data=data, errors=list(exc.messages), status=400)
        messages.success(request, "Saved.")
        return redirect("webhook_detail", webhook_id=hook.pk)
    if request.GET.get("edit"):
        return _webhook_form(request, hook=hook)
    return render(request, "delivery/webhook_detail.html", {
        "title": hook.name, "hook": hook, "log": selectors.webhook_log(hook), "max_attempts": services.WEBHOOK_MAX_ATTEMPTS,
        "backoff": [services.webhook_backoff(n) for n in range(1, services.WEBHOOK_MAX_ATTEMPTS)]})


@login_required
@require_POST
def webhook_test(request, webhook_id: int):
    hook = access.access_webhook(request.user, webhook_id)
    if not hook.enabled:
        messages.error(request, "This webhook is off. Turn it on to send a test.")
        return redirect("webhook_detail", webhook_id=hook.pk)
    services.webhook_ping(admin=request.user, webhook=hook)
    messages.success(request, "Test sent. Its result appears in the log below in a moment; reload to see it.")
    return redirect("webhook_detail", webhook_id=hook.pk)


@login_required
@require_POST
def webhook_toggle(request, webhook_id: int):
    hook = access.access_webhook(request.user, webhook_id)
    enabled = request.POST.get("enabled") == "1"
    services.webhook_set_enabled(admin=request.user, webhook=hook, enabled=enabled)
    messages.success(request, "Webhook on: new posts will be sent." if enabled else
                     "Webhook off: nothing is sent until you turn it on again.")
    return redirect("webhook_detail", webhook_id=hook.pk)


@login_required
@require_POST
def webhook_secret(request, webhook_id: int):
    hook = access.access_webhook(request.user, webhook_id)
    services.webhook_new_secret(admin=request.user, webhook=hook)
    messages.success(request, "New secret made. Give it to the receiving end: the old one no longer signs anything.")
    return redirect("webhook_detail", webhook_id=hook.pk)


@login_required
def webhook_delete(request, webhook_id: int):
    hook = access.access_webhook(request.user, webhook_id)
    if request.method == "POST":
        name = hook.name
        services.webhook_delete(admin=request.user, webhook=hook)
        messages.success(request, f"“{name}” is deleted, with its log. Nothing more will be sent to it.")
        return redirect("webhook_list")
    return render(request, "delivery/webhook_delete.html", {"title": f"Delete {hook.name}?", "hook": hook})

