"""Permission matrix rows for circles (see tests/matrix.py).

`c.circle` is a full, started circle of alice, gina, erin and two more people: its page, check-ins,
goals and notes are for them only — otto and olga (an org admin) get a 404, as for a circle that does not
exist. `c.open_circle` is erin's forming circle, which anyone may join: its page is a preview (its public
card and a join form) to everyone who is not in it. The guides and the finder are for
everyone signed in."""

from tests.matrix import Row, signed_in

CIRCLE = lambda c: {"circle_id": c.circle.pk}  # noqa: E731
MEMBERS_ONLY = {"otto": 404, "olga": 404}


def build(c):
    from townsquare.circles import services
    from townsquare.people.models import Person

    w = c.world
    extra = [Person.objects.create_user(f"circle{i}@example.test", "x", name=f"Circle Member {i}",
                                        handle=f"circle{i}") for i in range(2)]
    c.circle = services.circle_create(person=w.alice, name="Finance circle", focus="Forecasting", goal="Share more")
    for p in (w.gina, w.erin, *extra):
        services.circle_join(person=p, circle=c.circle, goal="Meet people")
    services.note_add(person=w.alice, circle=c.circle, body="Members only")
    c.open_circle = services.circle_create(person=w.erin, name="Open circle", focus="Writing", goal="Write weekly")


SECTIONS: dict[str, list[Row]] = {
    "circles-public": [
        Row("circles-list", "circle_list", "get", signed_in(200)),
        Row("circles-create", "circle_create", "get", signed_in(200)),
        Row("circles-create-post", "circle_create", "post", signed_in(302),
            data=lambda c: {"name": "New", "focus": "Customers", "goal": "Talk to customers", "time_zone": "UTC"}),
        Row("circles-create-post-no-goal", "circle_create", "post", signed_in(400),
            data=lambda c: {"name": "New", "focus": "Customers", "goal": "", "time_zone": "UTC"}),
        Row("circles-create-post-bad-zone", "circle_create", "post", signed_in(400),
            data=lambda c: {"name": "New", "focus": "Customers", "goal": "g", "time_zone": "Mars/Olympus"}),
        Row("circles-find", "circle_find", "get", signed_in(200), query={"q": "forecasting", "tz": "Europe/Paris"}),
        Row("circles-guide", "circle_guide", "get", signed_in(200)),
        Row("circles-guide-week", "circle_guide_week", "get", signed_in(200), kwargs=lambda c: {"week": 5}),
        Row("circles-guide-week-13", "circle_guide_week", "get", signed_in(404), kwargs=lambda c: {"week": 13}),
        Row("circles-join-open", "circle_join", "post", signed_in(302), kwargs=lambda c: {"circle_id": c.open_circle.pk},
            data=lambda c: {"goal": "Learn to write short"}),
        Row("circles-join-no-goal", "circle_join", "post", signed_in(400),
            kwargs=lambda c: {"circle_id": c.open_circle.pk}, data=lambda c: {"goal": ""}),
        Row("circles-join-full", "circle_join", "post", signed_in(400, alice=404, gina=404), kwargs=CIRCLE,
            data=lambda c: {"goal": "Let me in"}),
        Row("circles-join-unknown", "circle_join", "post", signed_in(404), kwargs=lambda c: {"circle_id": 999_999},
            data=lambda c: {"goal": "g"}),
    ],
    "circles-members-only": [
        Row("circles-detail", "circle_detail", "get", signed_in(200, **MEMBERS_ONLY), kwargs=CIRCLE),
        Row("circles-detail-unknown", "circle_detail", "get", signed_in(404), kwargs=lambda c: {"circle_id": 999_999}),
        # a forming circle: its members see it, everyone who could join sees its public card (a preview)
        Row("circles-detail-open-preview", "circle_detail", "get", signed_in(200),
            kwargs=lambda c: {"circle_id": c.open_circle.pk}),
        Row("circles-goal", "circle_goal", "post", signed_in(302, **MEMBERS_ONLY), kwargs=CIRCLE,
            data=lambda c: {"goal": "A sharper goal"}),
        Row("circles-goal-empty", "circle_goal", "post", signed_in(400, **MEMBERS_ONLY), kwargs=CIRCLE,
            data=lambda c: {"goal": ""}),
        Row("circles-check-in", "circle_check_in", "post", signed_in(302, **MEMBERS_ONLY), kwargs=CIRCLE,
            data=lambda c: {"met": "yes", "note": "Made my list"}),
        Row("circles-check-in-empty", "circle_check_in", "post", signed_in(400, **MEMBERS_ONLY), kwargs=CIRCLE,
            data=lambda c: {"met": "yes", "note": ""}),
        Row("circles-note", "circle_note_add", "post", signed_in(302, **MEMBERS_ONLY), kwargs=CIRCLE,
            data=lambda c: {"body": "Hello circle"}),
        Row("circles-note-get", "circle_note_add", "get", signed_in(405), kwargs=CIRCLE),
        Row("circles-complete", "circle_complete", "post", signed_in(302, **MEMBERS_ONLY), kwargs=CIRCLE),
        Row("circles-leave", "circle_leave", "post", signed_in(302, **MEMBERS_ONLY), kwargs=CIRCLE),
    ],
}
