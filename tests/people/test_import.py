"""CSV import of people and their managers: all rows are checked first; one bad row imports nothing."""

import pytest
from django.core.management import CommandError, call_command

from townsquare.people.models import Department, Person
from townsquare.people.services import import_people

HEADER = "email,name,title,department,location,manager_email,time_zone,skills,interests\n"

GOOD = HEADER + (
    "ann@example.test,Ann Analyst,Analyst,Finance,Lyon,bob@example.test,Europe/Paris,\"sql, excel\",chess\n"
    "bob@example.test,Bob Boss,Head of Finance,Finance,Lyon,carla@example.test,Europe/Paris,,\n"
    "carla@example.test,Carla Chief,CFO,Executive Office,Paris,,,,\n"
    "Dan@Example.test,Dan Dev,Developer,,Remote,ann@example.test,America/New_York,python,\n"
)


def snapshot():
    return list(Person.objects.order_by("pk").values())


def test_creates_people_and_managers_declared_later_in_the_file(db):
    report = import_people(GOOD)
    assert report.ok, report.errors
    assert (report.created, report.updated) == (4, 0)
    ann = Person.objects.get(email="ann@example.test")
    assert (ann.name, ann.title, ann.department.name, ann.location, ann.time_zone, ann.skills, ann.interests) == (
        "Ann Analyst", "Analyst", "Finance", "Lyon", "Europe/Paris", "sql, excel", "chess")
    assert ann.manager.email == "bob@example.test"
    assert Person.objects.get(email="bob@example.test").manager.email == "carla@example.test"
    carla = Person.objects.get(email="carla@example.test")
    assert carla.manager is None and carla.time_zone == "UTC"
    dan = Person.objects.get(email="dan@example.test")  # emails are stored lower-case
    assert dan.manager == ann and dan.department is None
    assert set(Department.objects.values_list("name", flat=True)) == {"Finance", "Executive Office"}
    assert not ann.has_usable_password()  # they set one through a password reset
    assert len({p.handle for p in Person.objects.all()}) == 4


def test_updates_existing_people(world):
    data = HEADER + (
        "alice@example.test,Alice Renamed,Senior Analyst,Finance,Berlin,erin@example.test,Europe/Berlin,python,\n"
        "new@example.test,New Person,,,,alice@example.test,,,\n"
    )
    report = import_people(data)
    assert report.ok, report.errors
    assert (report.created, report.updated) == (1, 1)
    alice = Person.objects.get(pk=world.alice.pk)
    assert (alice.name, alice.title, alice.location, alice.time_zone, alice.manager) == (
        "Alice Renamed", "Senior Analyst", "Berlin", "Europe/Berlin", world.erin)
    assert alice.handle == "alice"
    assert alice.check_password("correct-horse-battery")  # the import never touches passwords
    assert Person.objects.get(email="new@example.test").manager == alice


def test_importing_the_same_file_twice_updates(db):
    import_people(GOOD)
    report = import_people(GOOD)
    assert report.ok and (report.created, report.updated) == (0, 4)
    assert Person.objects.count() == 4


def test_utf8_bom_and_column_order_and_case(db, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,EMAIL\nÉlodie Ébène,elodie@example.test\n", encoding="utf-8-sig")
    call_command("import_people", str(path))
    elodie = Person.objects.get(email="elodie@example.test")
    assert elodie.name == "Élodie Ébène"


BAD_ROWS = [
    ("bad email", "not-an-email,Nina,,,,,,,\n", ["line 3", "“not-an-email” is not an email address"]),
    ("empty email", ",Nina,,,,,,,\n", ["line 3", "email is empty"]),
    ("missing name", "nina@example.test,,,,,,,,\n", ["line 3", "name is empty"]),
    ("name too long", f"nina@example.test,{'n' * 121},,,,,,,\n", ["line 3", "The name has 121 characters; the limit is 120"]),
    ("unknown manager", "nina@example.test,Nina,,,,ghost@example.test,,,\n",
     ["line 3", "manager ghost@example.test is neither in the file nor in Townsquare"]),
    ("own manager", "nina@example.test,Nina,,,,nina@example.test,,,\n", ["line 3", "cannot be their own manager"]),
    ("duplicate email", "ann@example.test,Ann Again,,,,,,,\n", ["line 3", "ann@example.test also appears on line 2"]),
    ("duplicate email other case", "ANN@example.test,Ann Again,,,,,,,\n", ["line 3", "also appears on line 2"]),
    ("bad time zone", "nina@example.test,Nina,,,,,Mars/Base,,\n", ["line 3", "“Mars/Base” is not a known time zone"]),
    ("extra values", "nina@example.test,Nina,,,,,,,,surprise\n", ["line 3", "more values than columns"]),
]


@pytest.mark.parametrize("row,expected", [r[1:] for r in BAD_ROWS], ids=[r[0] for r in BAD_ROWS])
def test_a_bad_row_is_reported_by_line_and_nothing_is_imported(world, row, expected):
    before = snapshot()
    data = HEADER + "ann@example.test,Ann Analyst,,,,,,,\n" + row + "alice@example.test,Alice Changed,,,,,,,\n"
    report = import_people(data)
    assert not report.ok
    assert (report.created, report.updated) == (0, 0)
    joined = "\n".join(report.errors)
    for words in expected:
        assert words in joined
    assert snapshot() == before
    assert not Department.objects.exclude(pk__in=[world.finance.pk, world.exec_office.pk]).exists()


def test_every_bad_row_is_listed_with_its_line(db):
    data = HEADER + (
        "ok@example.test,Okay,,,,,,,\n"           # line 2
        "bad,Bad Email,,,,,,,\n"                  # line 3
        "noname@example.test,,,,,,,,\n"           # line 4
        "ok2@example.test,Okay Two,,,,,Nowhere/City,,\n"  # line 5
        "ok3@example.test,Okay Three,,,,ghost@example.test,,,\n"  # line 6
    )
    report = import_people(data)
    lines = sorted(int(e.split(":")[0].removeprefix("line ")) for e in report.errors)
    assert lines == [3, 4, 5, 6]
    assert Person.objects.count() == 0


def test_a_manager_loop_imports_nothing(world):
    before = snapshot()
    data = HEADER + (
        "x@example.test,Xavier,,,,y@example.test,,,\n"
        "y@example.test,Yasmin,,,,x@example.test,,,\n"
    )
    report = import_people(data)
    assert not report.ok and "loop" in " ".join(report.errors)
    assert (report.created, report.updated) == (0, 0)
    assert snapshot() == before


def test_a_loop_through_existing_people_imports_nothing(world):
    before = snapshot()
    # erin is gina's manager; making gina erin's manager closes a loop
    report = import_people(HEADER + "erin@example.test,Erin Executive,,,,gina@example.test,,,\n")
    assert not report.ok and "loop" in " ".join(report.errors)
    assert snapshot() == before


@pytest.mark.parametrize("data,words", [
    ("", "The file is empty."),
    ("name,title\nNina,Boss\n", "Missing column(s): email."),
    ("email,title\nnina@example.test,Boss\n", "Missing column(s): name."),
    ("email,name,salary\nnina@example.test,Nina,100\n", "Unknown column(s): salary."),
])
def test_missing_or_unknown_columns(world, data, words):
    before = snapshot()
    report = import_people(data)
    assert not report.ok
    assert any(words in e for e in report.errors), report.errors
    assert snapshot() == before


# --- the management command ------------------------------------------------------------------

def test_command_imports_a_file(db, tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_people", str(path))
    assert "4 created, 0 updated" in capsys.readouterr().out
    assert Person.objects.get(email="ann@example.test").manager.email == "bob@example.test"


def test_command_reports_errors_and_imports_nothing(world, tmp_path, capsys):
    before = snapshot()
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "ann@example.test,Ann,,,,,,,\nbad-email,Bob,,,,,,,\n,,,,,,,,,extra\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_people", str(path))
    err = capsys.readouterr().err
    assert "line 3" in err and "line 4" in err
    assert snapshot() == before


def test_command_with_a_missing_or_binary_file(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_people", str(tmp_path / "missing.csv"))
    binary = tmp_path / "people.xlsx"
    binary.write_bytes(b"PK\x03\x04\xff\xfe\xfa\x00garbage")
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_people", str(binary))
    assert Person.objects.count() == 0


@pytest.mark.parametrize(("bad", "words"), [
    ("ann@example.test,Ann\x00Analyst,,,,,,,\n", "name contains a NUL character"),
    ("ann@example.test,Ann,,Fin\x00ance,,,,,\n", "department contains a NUL character"),
    ("ann@example.test,\u202eAnn,,,,,,,\n", "name contains a text-direction control character"),
    ("ann@example.test,Ann,\"Head\nof things\",,,,,,\n", "title contains a line break"),
    ("ann@example.test,Ann,Analyst\x07,,,,,,\n", "title contains an invisible control character"),
])
def test_the_text_rule_of_every_form_holds_for_imported_rows(db, bad, words):
    report = import_people(HEADER + bad)
    assert not report.ok and any(words in e for e in report.errors), report.errors
    assert not Person.objects.exists() and not Department.objects.exists()
