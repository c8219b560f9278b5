"""10,000 Users listed page by page, as an identity provider does on its first sync."""

import pytest

from townsquare.people.models import Person

pytestmark = pytest.mark.django_db


def test_ten_thousand_users_page_by_page(scim, world):
    from django.contrib.auth.hashers import make_password

    unusable = make_password(None)
    Person.objects.bulk_create([Person(email=f"p{i:05d}@example.test", handle=f"p{i:05d}", name=f"Person {i}",
                                       password=unusable) for i in range(10_000)], batch_size=1000)
    total = Person.objects.count()
    assert total == 10_000 + len(world.people)
    seen: list[str] = []
    start = 1
    while True:
        response = scim.get("Users", startIndex=start, count=100)
        assert response.status_code == 200
        body = response.json()
        assert body["totalResults"] == total and body["startIndex"] == start
        if not body["Resources"]:
            break
        assert body["itemsPerPage"] == len(body["Resources"]) <= 100
        seen += [r["id"] for r in body["Resources"]]
        start += len(body["Resources"])
    assert len(seen) == total and len(set(seen)) == total
    assert set(seen) == {str(pk) for pk in Person.objects.values_list("pk", flat=True)}
    assert scim.get("Users", count=5000).json()["itemsPerPage"] == 1000  # maxResults


def test_a_page_costs_the_same_queries_whatever_its_size(scim, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(30):
        scim.post("Users", {"userName": f"q{i}@example.test", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
                            {"department": "Research", "manager": {"value": str(world.erin.pk)}}})
    counts = []
    for count in (3, 30):
        with CaptureQueriesContext(connection) as queries:
            assert len(scim.get("Users", count=count).json()["Resources"]) == count
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as few:
        scim.get("Groups", count=1)
    with CaptureQueriesContext(connection) as many:
        scim.get("Groups", count=100)
    assert len(few) == len(many)
