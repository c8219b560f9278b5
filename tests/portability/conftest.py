import io
import json
import zipfile

import pytest


@pytest.fixture(autouse=True)
def _exports_in_tmp(settings, tmp_path):
    """Each test's export zips go to its own DATA_DIR."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()


@pytest.fixture
def drain():
    from townsquare.core import outbox

    return outbox.drain_all


def unzip(response) -> dict[str, bytes]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def data(files: dict[str, bytes], name: str):
    return json.loads(files[name])
