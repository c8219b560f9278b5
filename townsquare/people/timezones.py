"""The time zones a person can pick: canonical Area/City zones, grouped by region, labelled with their offset now.

zoneinfo.available_timezones() also holds ~180 legacy aliases and non-geographic names (W-SU, US/Eastern,
localtime, Etc/GMT+3, Asia/Calcutta …). The list people choose from is the tz database's zone.tab (one line
per country and zone, the list tzselect and most OS pickers offer, every name an Area/City), kept to the names
this Python can load, plus UTC. The stored value stays the IANA name; any name zoneinfo knows remains valid
(people.models.validate_time_zone), so a value stored before is kept when the person's form is shown again.
"""

from __future__ import annotations

import functools
import zoneinfo
from datetime import datetime
from importlib import resources
from pathlib import Path

REGIONS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")


def _zone_tab_text() -> str:
    try:  # the tzdata package, when installed, is what zoneinfo reads first on machines without system data
        return resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        pass
    for base in zoneinfo.TZPATH:
        path = Path(base) / "zone.tab"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return ""


@functools.cache
def canonical_zones() -> tuple[str, ...]:
    """Sorted canonical Area/City names (zone.tab ∩ what zoneinfo can load)."""
    available = zoneinfo.available_timezones()
    names = set()
    for line in _zone_tab_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) >= 3:
            names.add(columns[2].strip())
    if not names:  # no zone.tab anywhere: fall back to the Area/City names, which leaves out the bare legacy ones
        names = {n for n in available if n.split("/", 1)[0] in REGIONS}
    return tuple(sorted(n for n in names if n in available and n.split("/", 1)[0] in REGIONS))


def offset_text(name: str, now: datetime | None = None) -> str:
    """"UTC+05:30", "UTC−03:00", "UTC+00:00" for the zone's offset at `now` (daylight saving included)."""
    moment = (now or datetime.now(zoneinfo.ZoneInfo("UTC"))).astimezone(zoneinfo.ZoneInfo(name))
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def _city(name: str) -> str:
    return name.split("/", 1)[1].replace("_", " ").replace("/", " / ")


def choices(now: datetime | None = None, *, also: str = "") -> list:
    """Django choices: ("UTC", "UTC (UTC+00:00)") first, then one (region, [(name, "City (UTC±hh:mm)"), …]) group
    per region, sorted. `also`: a valid stored name that is not in the list (a legacy alias kept from before),
    offered at the top so the form can be saved unchanged."""
    now = now or datetime.now(zoneinfo.ZoneInfo("UTC"))
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in canonical_zones():
        groups.setdefault(name.split("/", 1)[0], []).append((name, f"{_city(name)} ({offset_text(name, now)})"))
    top: list = [("UTC", "UTC (UTC+00:00)")]
    if also and also != "UTC" and also not in canonical_zones() and also in zoneinfo.available_timezones():
        top.append((also, f"{also} ({offset_text(also, now)})"))
    return top + [(region, groups[region]) for region in REGIONS if region in groups]



def option_groups(*, also: str = "") -> list[dict]:
    """choices() for a hand-written <select> ({% include "people/_time_zone_options.html" %}): a list of
    {"region": "" or the region, "options": [(name, label), …]}."""
    out: list[dict] = []
    for value, label in choices(also=also):
        if isinstance(label, list):
            out.append({"region": value, "options": label})
        else:
            out.append({"region": "", "options": [(value, label)]})
    return out
