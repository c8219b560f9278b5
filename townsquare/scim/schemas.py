"""What the SCIM service publishes about itself (RFC 7643 §5–7): ServiceProviderConfig, ResourceTypes and
Schemas.

The Schemas list the attributes Townsquare keeps — not every attribute of RFC 7643's User — so a client (and
scim2-tester) knows what survives a round trip. Attributes of the core User schema that we do not keep
(phoneNumbers, addresses, preferredLanguage, locale, timezone, nickName, …) are accepted and ignored, as
Entra ID and Okta send several of them by default (IGNORED_USER_ATTRIBUTES); a name in no schema at all is a
400 invalidPath in a PATCH.
"""

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
SPC = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"

MAX_RESULTS = 1000  # the most a page of a list may hold (count above it is lowered to it)
DEFAULT_COUNT = 100

# Attributes of RFC 7643's User schema we accept and do not keep (lower-case).
IGNORED_USER_ATTRIBUTES = {
    "nickname", "profileurl", "usertype", "preferredlanguage", "locale", "timezone", "password",
    "phonenumbers", "ims", "photos", "addresses", "groups", "entitlements", "roles", "x509certificates",
}
IGNORED_ENTERPRISE_ATTRIBUTES = {"costcenter", "organization", "division"}


def attr(name, type_="string", *, required=False, multi=False, mutability="readWrite", returned="default",
         uniqueness="none", case_exact=False, sub=None, canonical=None, refs=None, description=""):
    out = {"name": name, "type": type_, "multiValued": multi, "description": description or name,
           "required": required, "mutability": mutability, "returned": returned, "uniqueness": uniqueness}
    if type_ in ("string", "reference"):
        out["caseExact"] = case_exact
    if sub is not None:
        out["subAttributes"] = sub
    if canonical:
        out["canonicalValues"] = canonical
    if refs:
        out["referenceTypes"] = refs
    return out


USER_ATTRIBUTES = [
    attr("userName", required=True, uniqueness="server",
         description="The person's sign-in name. Townsquare signs people in by email: send the email address "
                     "(or send emails)."),
    attr("name", "complex", sub=[
        attr("formatted", description="The full name."),
        attr("familyName"), attr("givenName"), attr("middleName"),
        attr("honorificPrefix"), attr("honorificSuffix"),
    ], description="The parts of the person's name."),
    attr("displayName", description="The name colleagues see (at most 120 characters)."),
    attr("title", description="Job title (at most 120 characters)."),
    attr("active", "boolean", description="False deactivates: sign-in, sessions, tokens and live streams end; "
                                          "the person's content stays."),
    attr("emails", "complex", multi=True, sub=[
        attr("value", description="An email address; the primary one is the sign-in address."),
        attr("type", canonical=["work", "home", "other"]),
        attr("primary", "boolean"),
    ], description="Email addresses."),
]
ENTERPRISE_ATTRIBUTES = [
    attr("employeeNumber"),
    attr("department", description="The department (created when new; at most 120 characters)."),
    attr("manager", "complex", sub=[
        attr("value", description="The SCIM id of the manager."),
        attr("$ref", "reference", refs=["User"], description="The manager's URI."),
    ], description="The person's manager."),
]
GROUP_ATTRIBUTES = [
    attr("displayName", required=True, uniqueness="server",
         description="The department's name (at most 120 characters)."),
    attr("members", "complex", multi=True, sub=[
        attr("value", mutability="immutable", description="The SCIM id of a User."),
        attr("$ref", "reference", mutability="immutable", refs=["User"], description="The User's URI."),
    ], description="The people in this department (a person is in one department at most)."),
]


def base_url(request) -> str:
    return request.build_absolute_uri("/scim/v2/")


def _meta(request, kind: str, path: str) -> dict:
    return {"resourceType": kind, "location": base_url(request) + path}


def service_provider_config(request) -> dict:
    return {
        "schemas": [SPC],
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": True},
        "authenticationSchemes": [{
            "type": "oauthbearertoken", "name": "Bearer token", "primary": True,
            "description": "A token made by an organisation admin on Townsquare's SCIM page, sent as "
                           "Authorization: Bearer <token>.",
        }],
        "meta": _meta(request, "ServiceProviderConfig", "ServiceProviderConfig"),
    }


def resource_types(request) -> list[dict]:
    return [
        {"schemas": [RESOURCE_TYPE], "id": "User", "name": "User", "endpoint": "/Users",
         "description": "A person", "schema": CORE_USER,
         "schemaExtensions": [{"schema": ENTERPRISE_USER, "required": False}],
         "meta": _meta(request, "ResourceType", "ResourceTypes/User")},
        {"schemas": [RESOURCE_TYPE], "id": "Group", "name": "Group", "endpoint": "/Groups",
         "description": "A department", "schema": CORE_GROUP,
         "meta": _meta(request, "ResourceType", "ResourceTypes/Group")},
    ]


def schemas(request) -> list[dict]:
    return [
        {"schemas": [SCHEMA], "id": CORE_USER, "name": "User", "description": "A person",
         "attributes": USER_ATTRIBUTES, "meta": _meta(request, "Schema", f"Schemas/{CORE_USER}")},
        {"schemas": [SCHEMA], "id": ENTERPRISE_USER, "name": "EnterpriseUser", "description": "Enterprise User",
         "attributes": ENTERPRISE_ATTRIBUTES, "meta": _meta(request, "Schema", f"Schemas/{ENTERPRISE_USER}")},
        {"schemas": [SCHEMA], "id": CORE_GROUP, "name": "Group", "description": "A department",
         "attributes": GROUP_ATTRIBUTES, "meta": _meta(request, "Schema", f"Schemas/{CORE_GROUP}")},
    ]


def list_response(resources: list[dict], *, total: int | None = None, start: int = 1) -> dict:
    return {"schemas": [LIST_RESPONSE], "totalResults": len(resources) if total is None else total,
            "startIndex": start, "itemsPerPage": len(resources), "Resources": resources}
