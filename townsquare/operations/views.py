"""Thin views for operations: the org admins' page of retention settings and backups (404 for everyone else)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from townsquare.operations import access, selectors, services


@login_required
def operations_admin(request):
    access.access_operations_admin(request.user)
    errors, typed, status = [], None, 200
    if request.method == "POST":
        typed = {row["field"]: request.POST.get(row["field"], "") for row in selectors.retention_rows()}
        try:
            services.retention_update(admin=request.user, data=typed, request=request)
        except ValidationError as exc:
            errors, status = list(exc.messages), 400
        else:
            messages.success(request, "Retention settings saved. The daily clean-up uses them from its next run.")
            return redirect("operations_admin")
    return render(request, "operations/admin.html", {
        "title": "Retention and backups", "rows": selectors.retention_rows(typed), "errors": errors,
        **selectors.operations_page()}, status=status)
