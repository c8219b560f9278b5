"""SCIM documents without the database: reading a client's JSON into our canonical form, PATCH (RFC 7644
§3.5.2) applied to a document, filters (§3.4.2.2, the `eq` ones identity providers send), and `attributes` /
`excludedAttributes` (§3.9) applied to a rendered resource.

A User document, canonical (the names as RFC 7643 spells them, whatever case the client used):

    {"userName": str, "externalId": str|None, "name": {givenName, familyName, …}, "displayName": str|None,
     "title": str|None, "active": bool, "emails": [{"value", "type", "primary"}],
     ENTERPRISE_USER: {"employeeNumber", "department", "manager": {"value", "$ref"}}}

Attributes of the core User schema we do not keep are accepted and dropped; anything in no schema is ignored in
a POST or PUT body (RFC 7644 §3.3: the server may ignore what it does not know) and a 400 invalidPath as the
path of a PATCH operation.
"""

import copy
import json
import re

from townsquare.scim import errors
from townsquare.scim.schemas import (
    CORE_GROUP,
    CORE_USER,
    ENTERPRISE_USER,
    IGNORED_ENTERPRISE_ATTRIBUTES,
    IGNORED_USER_ATTRIBUTES,
)

NAME_PARTS = ["formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"]
EMAIL_PARTS = ["value", "type", "primary"]
MANAGER_PARTS = ["value", "$ref"]
MEMBER_PARTS = ["value", "$ref"]

# kind → {lower name: (canonical name, sub-attributes or None, multi-valued)}
USER_ATTRS = {
    "username": ("userName", None, False), "externalid": ("externalId", None, False),
    "name": ("name", NAME_PARTS, False), "displayname": ("displayName", None, False),
    "title": ("title", None, False), "active": ("active", None, False),
    "emails": ("emails", EMAIL_PARTS, True),
}
ENTERPRISE_ATTRS = {
    "employeenumber": ("employeeNumber", None, False), "department": ("department", None, False),
    "manager": ("manager", MANAGER_PARTS, False),
}
GROUP_ATTRS = {
    "displayname": ("displayName", None, False), "externalid": ("externalId", None, False),
    "members": ("members", MEMBER_PARTS, True),
}
READ_ONLY = {"id", "meta", "schemas", "groups"}


def _text(value, what: str):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise errors.invalid_value(f"{what} must be a string.")
    return str(value)


def _bool(value, what: str) -> bool:
    """Entra ID sends "True"/"False" as strings; Okta and the RFC booleans."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise errors.invalid_value(f"{what} must be true or false.")


def _complex(value, parts: list[str], what: str) -> dict:
    if not isinstance(value, dict):
        raise errors.invalid_value(f"{what} must be an object.")
    known = {p.lower(): p for p in parts}
    out = {}
    for key, item in value.items():
        part = known.get(str(key).lower())
        if part is None or item is None:
            continue
        out[part] = _bool(item, f"{what}.{part}") if part == "primary" else _text(item, f"{what}.{part}")
    return out


def _list(value, parts: list[str], what: str) -> list[dict]:
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise errors.invalid_value(f"{what} must be a list.")
    return [c for c in (_complex(item, parts, what) for item in value) if c]


def _manager(value) -> dict | None:
    """Entra ID sends the manager's id as a bare string; the RFC an object with value."""
    if value is None or value == "":
        return None
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return {"value": str(value)}
    return _complex(value, MANAGER_PARTS, "manager") or None


def clean_value(kind: str, name: str, value, *, ext: bool = False):
    """One attribute's value in canonical form (or a 400 invalidValue)."""
    if kind == "Group":
        if name == "members":
            return _list(value, MEMBER_PARTS, "members")
        return _text(value, name)
    if ext:
        if name == "manager":
            return _manager(value)
        return _text(value, name)
    if name == "active":
        return _bool(value, "active")
    if name == "name":
        return _complex(value, NAME_PARTS, "name") if value is not None else {}
    if name == "emails":
        return _list(value, EMAIL_PARTS, "emails") if value is not None else []
    return _text(value, name)


def _attrs(kind: str, ext: bool = False) -> dict:
    return GROUP_ATTRS if kind == "Group" else (ENTERPRISE_ATTRS if ext else USER_ATTRS)


def read_body(kind: str, body) -> dict:
    """A POST or PUT body as a canonical document (what it does not name is absent)."""
    if not isinstance(body, dict):
        raise errors.invalid_syntax("The body must be a JSON object.")
    doc: dict = {}
    for key, value in body.items():
        lower = str(key).lower()
        if kind == "User" and lower == ENTERPRISE_USER.lower():
            if value is None:
                continue
            if not isinstance(value, dict):
                raise errors.invalid_value("The enterprise extension must be an object.")
            ext = {}
            for k, v in value.items():
                spec = ENTERPRISE_ATTRS.get(str(k).lower())
                if spec:
                    ext[spec[0]] = clean_value(kind, spec[0], v, ext=True)
            doc[ENTERPRISE_USER] = ext
            continue
        spec = _attrs(kind).get(lower)
        if spec:
            doc[spec[0]] = clean_value(kind, spec[0], value)
    return doc


# --- PATCH ------------------------------------------------------------------------------------------------

_PATH = re.compile(r"^([A-Za-z$][\w$-]*)(?:\[(.+)\])?(?:\.([A-Za-z$][\w$-]*))?$")
_VALUE_FILTER = re.compile(r'^\s*([A-Za-z$][\w$]*)\s+eq\s+(".*"|true|false)\s*$', re.IGNORECASE)


class Target:
    """A parsed PATCH path: attribute, optional `[sub eq "x"]` filter, optional sub-attribute."""

    def __init__(self, *, ext: bool, name: str | None, parts, multi: bool, filter_=None, sub: str | None = None,
                 ignored: bool = False):
        self.ext, self.name, self.parts, self.multi = ext, name, parts, multi
        self.filter, self.sub, self.ignored = filter_, sub, ignored


def parse_path(kind: str, path: str) -> Target:
    raw = path.strip()
    lower = raw.lower()
    ext = False
    if kind == "User" and lower.startswith(ENTERPRISE_USER.lower()):
        rest = raw[len(ENTERPRISE_USER):]
        if not rest:
            return Target(ext=True, name=None, parts=None, multi=False)
        if not rest.startswith(":"):
            raise errors.invalid_path(f"“{path}” is not an attribute we know.")
        raw, ext = rest[1:], True
    else:
        core = (CORE_USER if kind == "User" else CORE_GROUP).lower() + ":"
        if lower.startswith(core):
            raw = raw[len(core):]
    match = _PATH.match(raw)
    if not match:
        raise errors.invalid_path(f"“{path}” is not a path we understand.")
    name, filter_text, sub = match.groups()
    ignored_names = IGNORED_ENTERPRISE_ATTRIBUTES if ext else (IGNORED_USER_ATTRIBUTES if kind == "User" else set())
    spec = _attrs(kind, ext).get(name.lower())
    if spec is None:
        if name.lower() in ignored_names:
            return Target(ext=ext, name=name, parts=None, multi=False, ignored=True)
        raise errors.invalid_path(f"“{path}” is not an attribute we know.")
    canonical, parts, multi = spec
    filt = None
    if filter_text is not None:
        if not multi:
            raise errors.invalid_path(f"“{path}”: only a multi-valued attribute takes a filter.")
        fm = _VALUE_FILTER.match(filter_text)
        if not fm:
            raise errors.invalid_filter(f"“{filter_text}” is not a filter we support; use sub-attribute eq \"value\".")
        fkey = {p.lower(): p for p in parts}.get(fm.group(1).lower())
        if fkey is None:
            raise errors.invalid_path(f"“{path}”: {fm.group(1)} is not a sub-attribute of {canonical}.")
        filt = (fkey, json.loads(fm.group(2).lower()) if fm.group(2).lower() in ("true", "false")
                else json.loads(fm.group(2)))
    if sub is not None:
        if parts is None:
            raise errors.invalid_path(f"“{path}”: {canonical} has no sub-attributes.")
        sub_canonical = {p.lower(): p for p in parts}.get(sub.lower())
        if sub_canonical is None:
            raise errors.invalid_path(f"“{path}”: {sub} is not a sub-attribute of {canonical}.")
        sub = sub_canonical
    return Target(ext=ext, name=canonical, parts=parts, multi=multi, filter_=filt, sub=sub)


def _matches(item: dict, filt) -> bool:
    key, wanted = filt
    have = item.get(key)
    if isinstance(wanted, str) and isinstance(have, str):
        return have.lower() == wanted.lower() if key != "value" else have == wanted
    return have == wanted


def _fix_primary(items: list[dict]) -> None:
    """At most one primary (RFC 7643 §2.4): the last one set wins."""
    primaries = [i for i, item in enumerate(items) if item.get("primary")]
    for i in primaries[:-1]:
        items[i]["primary"] = False


def apply_patch(kind: str, doc: dict, body) -> dict:
    """The document after the PatchOp `body`; `doc` is left as it was. Raises a ScimError on the first bad op."""
    if not isinstance(body, dict):
        raise errors.invalid_syntax("The body must be a JSON object.")
    ops = next((v for k, v in body.items() if str(k).lower() == "operations"), None)
    if not isinstance(ops, list) or not ops:
        raise errors.invalid_syntax("A PATCH needs Operations: a list of add, replace or remove.")
    doc = copy.deepcopy(doc)
    for op in ops:
        if not isinstance(op, dict):
            raise errors.invalid_syntax("Each operation must be an object.")
        fields = {str(k).lower(): v for k, v in op.items()}
        verb = str(fields.get("op", "")).lower()
        if verb not in ("add", "replace", "remove"):
            raise errors.invalid_syntax(f"“{fields.get('op')}” is not an operation; use add, replace or remove.")
        path = fields.get("path")
        if path is not None and not isinstance(path, str):
            raise errors.invalid_path("path must be a string.")
        if path in (None, ""):
            if verb == "remove":
                raise ScimNoTarget()
            value = fields.get("value")
            if not isinstance(value, dict):
                raise errors.invalid_value("An operation without a path needs an object as its value.")
            for key, item in value.items():
                lower = str(key).lower()
                if kind == "User" and lower == ENTERPRISE_USER.lower() and isinstance(item, dict):
                    for k, v in item.items():
                        _apply(kind, doc, verb, f"{ENTERPRISE_USER}:{k}", v, lenient=True)
                elif lower in READ_ONLY or lower == "schemas":
                    continue
                else:
                    _apply(kind, doc, verb, str(key), item, lenient=True)
        else:
            _apply(kind, doc, verb, path, fields.get("value"))
    return doc


class ScimNoTarget(errors.ScimError):
    def __init__(self):
        super().__init__(400, "A remove needs a path naming what to remove.", "noTarget")


def _apply(kind, doc, verb, path, value, *, lenient=False):
    try:
        target = parse_path(kind, path)
    except errors.ScimError:
        if lenient:  # a key of a path-less value we do not know: ignored, like an unknown attribute of a PUT
            return
        raise
    if target.ignored:
        return
    if verb != "remove" and value is None:
        raise errors.invalid_value(f"{verb} of {path} needs a value.")
    holder = doc
    if target.ext:
        holder = doc.setdefault(ENTERPRISE_USER, {})
        if target.name is None:  # the bare extension URN: its value is the extension object
            if verb == "remove":
                doc[ENTERPRISE_USER] = {}
                return
            if not isinstance(value, dict):
                raise errors.invalid_value("The enterprise extension must be an object.")
            for k, v in value.items():
                _apply(kind, doc, verb, f"{ENTERPRISE_USER}:{k}", v, lenient=True)
            return
    name = target.name
    if target.multi:
        items = holder.get(name) or []
        if target.filter is None and target.sub is None:
            if verb == "remove" and value not in (None, [], {}):
                # Entra ID removes members as {"op": "Remove", "path": "members", "value": [{"value": id}]}
                gone = {item.get("value") for item in clean_value(kind, name, value, ext=target.ext)}
                holder[name] = [item for item in items if item.get("value") not in gone]
            elif verb == "remove":
                holder[name] = []
            else:
                new = clean_value(kind, name, value, ext=target.ext)
                if verb == "add":
                    merged = list(items)
                    for item in new:
                        if item not in merged:
                            merged.append(item)
                    holder[name] = merged
                else:
                    holder[name] = new
                if kind == "User":
                    _fix_primary(holder[name])
            return
        if target.filter is None:  # emails.value: every value
            if verb == "remove":
                for item in items:
                    item.pop(target.sub, None)
            else:
                cleaned = clean_value(kind, name, {target.sub: value}, ext=target.ext)
                for item in items:
                    item.update(cleaned)
            holder[name] = [item for item in items if item]
            return
        chosen = [item for item in items if _matches(item, target.filter)]
        if verb == "remove":
            if target.sub is None:
                holder[name] = [item for item in items if not _matches(item, target.filter)]
            else:
                for item in chosen:
                    item.pop(target.sub, None)
                holder[name] = [item for item in items if set(item) - {target.filter[0]}]
            return
        if target.sub is None:
            cleaned = clean_value(kind, name, value if isinstance(value, dict) else {}, ext=target.ext)
            cleaned = cleaned[0] if cleaned else {}
        else:
            cleaned = clean_value(kind, name, {target.sub: value}, ext=target.ext)[0]
        if not chosen:  # Entra ID replaces emails[type eq "work"].value on a person without one: add it
            item = {target.filter[0]: target.filter[1], **cleaned}
            items.append(item)
        for item in chosen:
            item.update(cleaned)
        holder[name] = items
        if kind == "User":
            _fix_primary(items)
        return
    if target.sub is not None:
        current = dict(holder.get(name) or {})
        if verb == "remove":
            current.pop(target.sub, None)
        else:
            current.update(_complex({target.sub: value}, target.parts, name))
        holder[name] = (current or None) if name == "manager" else current
        return
    if verb == "remove":
        holder[name] = {} if target.parts and name != "manager" else None
        return
    cleaned = clean_value(kind, name, value, ext=target.ext)
    if target.parts and verb == "add" and name != "manager" and isinstance(cleaned, dict):
        holder[name] = {**(holder.get(name) or {}), **cleaned}
    else:
        holder[name] = cleaned


# --- filters ----------------------------------------------------------------------------------------------

_FILTER = re.compile(r'^\s*([A-Za-z$][\w$:.\-]*)\s+(\w+)\s+(".*"|true|false|null|-?\d+)\s*$', re.IGNORECASE)


def parse_filter(kind: str, text: str, supported: dict) -> tuple[str, object]:
    """`attr eq "value"` → (our name for attr, value); anything else a 400 invalidFilter.

    `supported` maps the lower-case attribute paths we can filter on to our names."""
    match = _FILTER.match(text or "")
    if not match:
        raise errors.invalid_filter(f"“{text}” is not a filter we support. Use attribute eq \"value\" with one of: "
                                    f"{', '.join(sorted(set(supported)))}.")
    path, op, raw = match.groups()
    lower = path.lower()
    for urn in (CORE_USER, CORE_GROUP):
        if lower.startswith(urn.lower() + ":"):
            lower = lower[len(urn) + 1:]
    if op.lower() != "eq" or lower not in supported:
        raise errors.invalid_filter(f"“{text}” is not a filter we support. Use attribute eq \"value\" with one of: "
                                    f"{', '.join(sorted(set(supported)))}.")
    try:
        value = json.loads(raw if raw.startswith('"') else raw.lower())
    except ValueError:
        raise errors.invalid_filter(f"“{raw}” is not a value we can read.") from None
    return supported[lower], value


# --- attributes / excludedAttributes -----------------------------------------------------------------------

ALWAYS = {"id", "schemas"}


def _split(param: str) -> list[str]:
    return [p.strip() for p in (param or "").split(",") if p.strip()]


def _path_parts(kind: str, text: str) -> tuple[str | None, str, str | None]:
    """(extension URN or None, top attribute as in the rendered JSON, sub-attribute or None), case-folded."""
    lower = text.lower()
    if kind == "User" and lower.startswith(ENTERPRISE_USER.lower() + ":"):
        rest = text[len(ENTERPRISE_USER) + 1:]
        top, _, sub = rest.partition(".")
        return ENTERPRISE_USER, top.lower(), sub.lower() or None
    for urn in (CORE_USER, CORE_GROUP):
        if lower.startswith(urn.lower() + ":"):
            text = text[len(urn) + 1:]
    top, _, sub = text.partition(".")
    return None, top.lower(), sub.lower() or None


def project(kind: str, resource: dict, *, attributes: str = "", excluded: str = "") -> dict:
    """The resource with only `attributes` (plus id and schemas), or without `excludedAttributes`."""
    include, exclude = _split(attributes), _split(excluded)
    if not include and not exclude:
        return resource
    if include:
        out = {k: v for k, v in resource.items() if k in ALWAYS}
        for text in include:
            urn, top, sub = _path_parts(kind, text)
            if urn:
                if text.lower() == urn.lower():
                    if urn in resource:
                        out[urn] = resource[urn]
                    continue
                src, dst = resource.get(urn, {}), out.setdefault(urn, {})
            else:
                if top == ENTERPRISE_USER.lower() and ENTERPRISE_USER in resource:
                    out[ENTERPRISE_USER] = resource[ENTERPRISE_USER]
                    continue
                src, dst = resource, out
            key = next((k for k in src if k.lower() == top), None)
            if key is None:
                continue
            if sub is None or not isinstance(src[key], (dict, list)):
                dst[key] = src[key]
            elif isinstance(src[key], dict):
                picked = {k: v for k, v in src[key].items() if k.lower() == sub}
                dst.setdefault(key, {}).update(picked)
            else:
                dst[key] = [{k: v for k, v in item.items() if k.lower() == sub} for item in src[key]]
        if ENTERPRISE_USER in out and not out[ENTERPRISE_USER]:
            del out[ENTERPRISE_USER]
        return out
    out = copy.deepcopy(resource)
    for text in exclude:
        urn, top, sub = _path_parts(kind, text)
        holder = out.get(urn, {}) if urn else out
        key = next((k for k in holder if k.lower() == top), None)
        if key is None or key in ALWAYS:
            continue
        if sub is None:
            del holder[key]
        elif isinstance(holder[key], dict):
            holder[key] = {k: v for k, v in holder[key].items() if k.lower() != sub}
        elif isinstance(holder[key], list):
            holder[key] = [{k: v for k, v in item.items() if k.lower() != sub} for item in holder[key]]
    return out
