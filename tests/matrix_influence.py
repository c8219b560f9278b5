"""Permission matrix rows for townsquare.influence (see tests/matrix.py).

The writing coach answers whoever is signed in about the text they send, and nobody else: no route takes a
person or an object, so there is no one else's hints to ask for. Anonymous and deactivated people are sent to
sign in (web) or get a JSON 401 (API)."""

from tests.matrix import Row, signed_in
from tests.matrix_api import api

DRAFT = lambda c: {"body": "Going forward we will leverage it.", "kind": "update"}  # noqa: E731

SECTIONS: dict[str, list[Row]] = {
    "influence-writing": [
        Row("influence-writing_hints", "writing_hints", "post", signed_in(200), data=DRAFT),
        Row("influence-writing_hints-bad-kind", "writing_hints", "post", signed_in(400),
            data=lambda c: {"body": "Hello", "kind": "poem"}),
        Row("influence-writing_hints-get", "writing_hints", "get", signed_in(405)),
        Row("api-writing_hints", "api:writing_hints", "post", api(200), to_login=False, data=DRAFT),
        Row("api-writing_hints-get", "api:writing_hints", "get", api(405, anon=405, dave=405), to_login=False),
    ],
}
