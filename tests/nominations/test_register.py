"""The municipality register: SSB's lists for 2020–2023 and from 2024, imported from the files
that ship with the project, through the command and through the admin."""

from datetime import date

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import translation

from nominations.models import Municipality, MunicipalityKind
from nominations.register_files import DATA_DIR, SHIPPED_FILES, RegisterImportError, import_files

pytestmark = pytest.mark.django_db

HEADER = "number,name,kind,county_number,valid_from,valid_until,predecessors\n"
FYLKER_2024 = DATA_DIR / "fylker-2024.csv"
KOMMUNER_2024 = DATA_DIR / "kommuner-2024.csv"
CHANGELIST_URL = "/admin/nominations/municipality/"
IMPORT_URL = CHANGELIST_URL + "import/"
CONFIRM_URL = CHANGELIST_URL + "process_import/"


def counts(year):
    valid = Municipality.objects.valid_in(year)
    return valid.kommuner().count(), valid.fylkeskommuner().count()


def numbers(queryset):
    return sorted(queryset.values_list("number", flat=True))


def csv_file(tmp_path, rows, name="register.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="class")
def shipped_register(django_db_setup, django_db_blocker):
    """The shipped lists, imported once for the tests of a class (an import takes seconds) and
    rolled back after them; each test's own changes are rolled back as usual."""
    with django_db_blocker.unblock(), transaction.atomic():
        import_files(SHIPPED_FILES)
        yield
        transaction.set_rollback(True)


@pytest.mark.usefixtures("shipped_register")
class TestShippedRegister:
    def test_each_year_has_the_municipalities_of_its_period(self):
        assert counts(2024) == (357, 15)
        assert counts(2025) == (357, 15)
        assert counts(2020) == (356, 11)
        assert counts(2023) == (356, 11)
        assert counts(2019) == (0, 0)

    def test_a_municipality_unchanged_in_2024_is_one_row_valid_since_2020(self):
        sømna = Municipality.objects.get(number="1812")
        assert (sømna.valid_from, sømna.valid_until) == (date(2020, 1, 1), None)
        assert sømna.county.name == "Nordland - Nordlánnda"
        assert Municipality.objects.filter(number="18").count() == 1

    def test_numbers_keep_their_leading_zeros(self):
        oslo = Municipality.objects.kommuner().get(number="0301")
        assert str(oslo) == "Oslo (0301)"
        assert oslo.county.number == "03"
        assert not Municipality.objects.filter(number="301").exists()

    def test_ålesund_ended_in_2023_and_was_split_in_two(self):
        old = Municipality.objects.get(number="1507")
        assert old.valid_until == date(2023, 12, 31)
        assert old in Municipality.objects.valid_in(2023)
        assert old not in Municipality.objects.valid_in(2024)
        assert [(m.number, m.name) for m in old.successors.order_by("number")] == [
            ("1508", "Ålesund"),
            ("1580", "Haram"),
        ]

    def test_a_renumbered_municipality_leads_back_to_its_old_number(self):
        drammen = Municipality.objects.get(number="3301")
        assert drammen.valid_from == date(2024, 1, 1)
        assert drammen.county.name == "Buskerud"
        [old] = drammen.predecessors.all()
        assert (old.number, old.name, old.county.name) == ("3005", "Drammen", "Viken")
        assert old.valid_until == date(2023, 12, 31)

    def test_a_renamed_municipality_is_a_new_row_under_the_same_number(self):
        rana = Municipality.objects.filter(number="1833")
        assert [(m.name, m.valid_until) for m in rana] == [
            ("Rana", date(2023, 12, 31)),
            ("Rana - Raane", None),
        ]
        assert list(rana[1].predecessors.all()) == [rana[0]]

    def test_counties_split_in_2024_lead_back_to_the_old_county(self):
        viken = Municipality.objects.fylkeskommuner().get(number="30")
        assert numbers(viken.successors.all()) == ["31", "32", "33"]
        assert viken.municipalities.count() == 51

    def test_a_clerk_finds_a_municipality_by_name_or_number(self):
        registry = Municipality.objects.valid_in(2024)
        assert [str(m) for m in registry.search("sømna")] == ["Sømna (1812)"]
        assert [str(m) for m in registry.search(" SØMNA ")] == ["Sømna (1812)"]
        assert [str(m) for m in registry.search("1812")] == ["Sømna (1812)"]
        nordland = numbers(registry.search("18"))
        assert nordland[:3] == ["18", "1804", "1806"]
        assert len(nordland) == 1 + 41 and all(n.startswith("18") for n in nordland)

    def test_search_folds_norwegian_letters_on_every_database(self):
        assert [str(m) for m in Municipality.objects.search("ålesund")] == [
            "Ålesund (1507)",
            "Ålesund (1508)",
        ]
        assert numbers(Municipality.objects.valid_in(2024).search("ØRLAND")) == ["5057"]
        assert numbers(Municipality.objects.search("våler (østfold)")) == ["3114"]

    def test_display_name_says_when_it_is_a_county_municipality(self):
        with translation.override("en"):
            telemark = Municipality.objects.get(number="40")
            assert telemark.display_name == "Telemark county municipality"
            assert Municipality.objects.get(number="1812").display_name == "Sømna"

    def test_importing_again_changes_nothing_and_keeps_the_contact_address(self, capsys):
        Municipality.objects.filter(number="1812").update(contact_email="post@somna.kommune.no")
        before = sorted(
            Municipality.objects.values_list("pk", "number", "valid_from", "valid_until")
        )

        with translation.override("en"):
            call_command("import_municipalities")

        out = capsys.readouterr().out
        assert "kommuner-2020.csv: 0 new, 0 updated, 356 unchanged." in out
        assert "kommuner-2024.csv: 0 new, 0 updated, 357 unchanged." in out
        after = sorted(
            Municipality.objects.values_list("pk", "number", "valid_from", "valid_until")
        )
        assert after == before
        assert Municipality.objects.get(number="1812").contact_email == "post@somna.kommune.no"

    def test_the_admin_register_lists_in_a_constant_number_of_queries(
        self, admin_client, django_assert_max_num_queries
    ):
        for query in ("", "?valid_in=2024", "?kind=kommune&valid_in=2020", "?q=18"):
            # 7: one reads the device that verified the login's second factor (django-otp).
            with django_assert_max_num_queries(7):
                response = admin_client.get(CHANGELIST_URL + query)
            assert response.status_code == 200
        assert "Nordland - Nordlánnda (18)" in response.content.decode()

    def test_the_admin_filters_by_year(self, admin_client):
        response = admin_client.get(CHANGELIST_URL, {"valid_in": "2023", "kind": "kommune"})
        assert response.context["cl"].result_count == 356
        response = admin_client.get(CHANGELIST_URL, {"valid_in": "2024", "q": "ålesund"})
        assert [str(m) for m in response.context["cl"].result_list] == ["Ålesund (1508)"]


def test_the_periods_can_be_imported_in_either_order():
    later, earlier = SHIPPED_FILES[2:], SHIPPED_FILES[:2]
    waiting = import_files(later)[-1].waiting_predecessors
    assert ("3301", "3005") in [(row.number, number) for row, number in waiting]

    summaries = import_files(earlier)

    assert summaries[-1].waiting_predecessors == []
    assert counts(2024) == (357, 15) and counts(2023) == (356, 11)
    sømna = Municipality.objects.get(number="1812")
    assert (sømna.valid_from, sømna.valid_until) == (date(2020, 1, 1), None)
    assert numbers(Municipality.objects.get(number="3301").predecessors.all()) == ["3005"]


@pytest.mark.parametrize(
    ("row", "complaint"),
    [
        ("301,Oslo,kommune,03,2024-01-01,,", "4-digit number; «301»"),
        ("0301,Oslo,kommune,99,2024-01-01,,", "no county municipality number 99 on 2024-01-01"),
        ("1812,Sømna,kommune,03,2024-01-01,,", "first two digits"),
        ("1812,Sømna,kommune,18,1.1.2024,,", "write it as YYYY-MM-DD"),
        ("1812,Sømna,by,18,2024-01-01,,", "not a valid choice"),
    ],
)
def test_a_file_with_a_wrong_row_is_refused_whole(tmp_path, row, complaint):
    call_command("import_municipalities", FYLKER_2024)
    good = "1804,Bodø,kommune,18,2024-01-01,,"
    path = csv_file(tmp_path, [good, row])

    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("import_municipalities", path)

    assert "register.csv was not imported, nothing was changed" in str(refused.value)
    assert "row 2" in str(refused.value) and complaint in str(refused.value)
    assert not Municipality.objects.kommuner().exists()


def test_a_number_cannot_be_used_twice_at_the_same_time(tmp_path):
    path = csv_file(
        tmp_path,
        ["18,Nordland,fylkeskommune,,2024-01-01,,", "18,Nordland 2,fylkeskommune,,2024-06-01,,"],
    )
    with translation.override("en"), pytest.raises(RegisterImportError) as refused:
        import_files([path])
    assert "Number 18 belongs to Nordland from 2024-01-01" in str(refused.value)
    assert not Municipality.objects.exists()


def test_a_failing_file_undoes_the_files_before_it(tmp_path):
    path = csv_file(tmp_path, ["301,Oslo,kommune,03,2024-01-01,,"])
    with pytest.raises(RegisterImportError):
        import_files([FYLKER_2024, path])
    assert not Municipality.objects.exists()


def in_english(client):
    # The language menu's choice: the pages are Norwegian unless the visitor picks another.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(client, path, name=None):
    upload = SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/csv")
    return in_english(client).post(
        IMPORT_URL, {"resource": "0", "format": "0", "import_file": upload}
    )


def test_the_secretariat_imports_a_file_in_the_admin_after_a_preview(admin_client):
    preview = upload(admin_client, FYLKER_2024)

    assert preview.status_code == 200
    assert preview.context["result"].totals["new"] == 15
    assert not Municipality.objects.exists()  # the preview stores nothing
    confirm = preview.context["confirm_form"]
    response = admin_client.post(CONFIRM_URL, confirm.initial, follow=True)

    assert response.status_code == 200
    assert counts(2024) == (0, 15)
    assert Municipality.objects.get(number="03").name == "Oslo"

    preview = upload(admin_client, KOMMUNER_2024)
    admin_client.post(CONFIRM_URL, preview.context["confirm_form"].initial)
    assert counts(2024) == (357, 15)
    assert Municipality.objects.get(number="0301").county.number == "03"


def test_the_admin_refuses_a_bad_file_with_the_reason_and_stores_nothing(admin_client, tmp_path):
    call_command("import_municipalities", FYLKER_2024)
    path = csv_file(
        tmp_path, ["0301,Oslo,kommune,03,2024-01-01,,", "301,Oslo,kommune,03,2024-01-01,,"]
    )

    response = upload(admin_client, path)

    page = response.content.decode()
    assert "confirm_form" not in response.context
    assert "A municipality has a 4-digit number; «301» is not one." in page
    assert not Municipality.objects.kommuner().exists()


def test_a_file_that_fails_at_the_confirm_step_stores_nothing(admin_client, tmp_path):
    call_command("import_municipalities", FYLKER_2024)
    path = csv_file(
        tmp_path, ["1804,Bodø,kommune,18,2024-01-01,,", "0301,Oslo,kommune,03,2024-01-01,,"]
    )
    preview = upload(admin_client, path)
    Municipality.objects.filter(number="03").delete()  # the register changed since the preview

    response = in_english(admin_client).post(
        CONFIRM_URL, preview.context["confirm_form"].initial, follow=True
    )

    assert (
        "Nothing was imported: the file no longer passes the checks." in response.content.decode()
    )
    assert not Municipality.objects.kommuner().exists()


def test_the_admin_refuses_a_file_without_the_register_columns(admin_client, tmp_path):
    path = tmp_path / "kommuner.csv"
    path.write_text("number,name\n0301,Oslo\n", encoding="utf-8")

    response = upload(admin_client, path)

    assert "confirm_form" not in response.context
    assert "The file lacks the column(s) kind, valid_from." in response.content.decode()
    assert not Municipality.objects.exists()


def test_kinds_are_named_in_english_msgids():
    with translation.override("en"):
        assert MunicipalityKind.KOMMUNE.label == "municipality"
        assert MunicipalityKind.FYLKESKOMMUNE.label == "county municipality"
