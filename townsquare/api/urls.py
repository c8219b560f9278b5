"""Routes of townsquare.api, included from townsquare/urls.py.

The API's operations are django-ninja's (namespace "api", e.g. "api:posts"), each wrapped by guard.guard;
anything else under /api/v1/ is a JSON 404. The token pages are ordinary HTML pages.
"""

from django.urls import URLPattern, include, path

from townsquare.api import guard, views
from townsquare.api.api import api

_patterns, _app_name, _namespace = api.urls
_guarded = [URLPattern(p.pattern, guard.guard(p.callback), p.default_args, p.name) for p in _patterns]

urlpatterns = [
    path("api/v1/", include((_guarded, _app_name), namespace=_namespace)),
    path("api/v1/<path:rest>", guard.not_found, name="api_not_found"),
    path("me/tokens/", views.tokens, name="api_tokens"),
    path("me/tokens/<int:token_id>/revoke/", views.token_revoke, name="api_token_revoke"),
]
