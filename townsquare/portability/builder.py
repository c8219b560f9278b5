"""Building an export's zip: JSON files (one per kind), manifest.json and README.txt describing them, and files/.

`build_person(person, path, progress)` writes a person's export (what is in it: personal.py);
`build_org(admin, path, progress)` the organisation's export for an org admin (organisation.py). Both write to a
temporary name beside `path` and rename it once complete, so a zip that exists is whole. `progress(pct)` is called
as kinds and files are written."""

import hashlib
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

FORMAT = "townsquare-export/1"


def _file_names(data) -> list[str]:
    """Every `files/…` path named anywhere in the data (attachments, avatars)."""
    found: list[str] = []

    def walk(x):
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str) and x.startswith("files/") and len(x) > 6:
            found.append(x)
    walk(data)
    return found


def _readme(title: str, intro: str, kinds: list[dict], privacy: list[str]) -> str:
    lines = [title, "=" * len(title), "", intro, "", "Files in this zip", "-----------------", ""]
    lines.append("manifest.json   this list as data: each file, what it holds, how many rows, and a SHA-256 checksum")
    for k in kinds:
        lines.append(f"{k['file']:<30} {k['description']} ({k['rows']} rows)")
    lines.append(f"{'files/':<30} the files themselves, under the path they have on the server")
    lines += ["", "What is not in it, and why", "--------------------------", ""] + [f"- {p}" for p in privacy]
    lines += ["", "Each JSON file is a list of objects; a column that points at another row is named <column>_id.",
              "Times are ISO 8601 in UTC.", ""]
    return "\n".join(lines)


def write_zip(path: Path, *, title: str, intro: str, kinds: list[tuple[str, str, Callable]], privacy: list[str],
              about: dict, progress: Callable[[int], None]) -> int:
    """Write the zip; returns its size in bytes. Progress: 0–80 % for the kinds, 80–99 % for the files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    listed: list[dict] = []
    files: list[str] = []
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for i, (name, description, dump) in enumerate(kinds):
            data = dump()
            raw = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()
            zf.writestr(f"{name}.json", raw)
            count = len(data) if isinstance(data, list) else 1
            if isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict) and all(
                    isinstance(v, list) for v in data[0].values()):
                count = sum(len(v) for v in data[0].values())
            listed.append({"file": f"{name}.json", "description": description, "rows": count,
                           "sha256": hashlib.sha256(raw).hexdigest()})
            files += _file_names(data)
            progress(int(80 * (i + 1) / len(kinds)))
        unique = sorted(set(files))
        stored, missing = [], []
        for j, name in enumerate(unique):
            inner = name[len("files/"):]
            if ".." in Path(inner).parts or inner.startswith("/"):
                continue
            try:
                with default_storage.open(inner, "rb") as fh:
                    content = fh.read()
            except (FileNotFoundError, OSError):
                missing.append(name)
                continue
            zf.writestr(name, content)
            stored.append({"file": name, "bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()})
            if j % 10 == 0:
                progress(80 + int(19 * (j + 1) / len(unique)))
        manifest = {"format": FORMAT, "made_at": timezone.now().isoformat(), **about,
                    "files": listed, "attachments": stored, "missing_files": missing, "privacy": privacy}
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        zf.writestr("README.txt", _readme(title, intro, listed, privacy))
    os.replace(tmp, path)
    return path.stat().st_size
