"""Routes of townsquare.scim, included from townsquare/urls.py.

SCIM routes take an optional trailing slash and tolerate a doubled slash after /scim/v2 (a tenant URL pasted
with a trailing slash)."""

from django.urls import path, re_path

from townsquare.scim import views

V2 = r"^scim/v2/+"

urlpatterns = [
    path("admin/scim/", views.tokens, name="scim_tokens"),
    path("admin/scim/<int:token_id>/revoke/", views.token_revoke, name="scim_token_revoke"),
    re_path(V2 + r"ServiceProviderConfig/?$", views.service_provider_config, name="scim_service_provider_config"),
    re_path(V2 + r"ResourceTypes/?$", views.resource_types, name="scim_resource_types"),
    re_path(V2 + r"ResourceTypes/(?P<name>[^/]+)/?$", views.resource_types, name="scim_resource_type"),
    re_path(V2 + r"Schemas/?$", views.schema_list, name="scim_schemas"),
    re_path(V2 + r"Schemas/(?P<urn>[^/]+)/?$", views.schema_list, name="scim_schema"),
    re_path(V2 + r"Users/?$", views.users, name="scim_users"),
    re_path(V2 + r"Users/(?P<scim_id>[^/]+)/?$", views.user, name="scim_user"),
    re_path(V2 + r"Groups/?$", views.groups, name="scim_groups"),
    re_path(V2 + r"Groups/(?P<scim_id>[^/]+)/?$", views.group, name="scim_group"),
    re_path(V2 + r"\.search/?$", views.search, name="scim_search"),
    re_path(r"^scim/v2(?:/(?P<rest>.*))?$", views.not_found, name="scim_not_found"),
]
