def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_world_builds(world):
    assert world.dave.is_active is False
    assert world.public.memberships.count() == 3
