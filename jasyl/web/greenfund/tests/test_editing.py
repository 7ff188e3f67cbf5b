"""The office's and the agencies' pages: who may open each write page (the office, a member of
the executing agency, an outsider, a read-only person, the public), what each write does through
the services, and the moderation queue's approval and rejection."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jasyl.domain.agencies.models import Agency
from jasyl.domain.greenfund.models import CompensatoryPlanting, FellingPermit, Tree
from jasyl.domain.registries.models import Edit
from jasyl.web.greenfund.tests.conftest import BASE, IN_WEST, permit, reference_data, tree

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LEAD = "ЭжҚОБ"


@pytest.fixture
def setting(team, districts, activity):
    """A tree of item 2.2 (ЭжҚОБ leads it), a felled permit of 2.2 that ЭжҚОБ owes, and a
    pending edit of the tree."""
    reference_data()
    planted = tree("T1", IN_WEST, activity=activity, condition="good")
    hazardous = tree("T2", IN_WEST, activity=activity, condition="hazardous")
    owed = permit(
        "P-1",
        [hazardous],
        issued_on=TODAY - datetime.timedelta(days=10),
        felled_on=TODAY,
        activity=activity,
        applicant=Agency.objects.get(code=LEAD),
    )
    from jasyl.domain.greenfund.services import save_tree
    from jasyl.domain.people.access import access_for

    editor = team["editor"]
    pending = save_tree(
        tree=planted,
        values={"height_m": "9"},
        actor=editor,
        access=access_for(editor, team.programme),
    ).edit
    return {"tree": planted, "permit": owed, "pending": pending}


def pages(setting) -> dict[str, str]:
    t, p, e = setting["tree"], setting["permit"], setting["pending"]
    return {
        "tree_edit": f"trees/{t.pk}/edit/",
        "permit_issue": "permits/new/",
        "felling": f"permits/{p.pk}/felling/",
        "planting": f"permits/{p.pk}/planting/",
        "moderation": "moderation/",
        "decide": f"moderation/{e.pk}/?decision=approve",
        "tree_add": "trees/new/",
        "imports": "import/",
    }


# Who gets what on each page: the office writes; the lead agency's editor (a member) proposes
# trees and plantings of its activity; an outsider (ТЖД, not executing 2.2) and read-only people
# (a viewer of the lead agency, the auditor) are refused.
MATRIX = {
    "reviewer": dict.fromkeys(
        [
            "tree_edit",
            "permit_issue",
            "felling",
            "planting",
            "moderation",
            "decide",
            "tree_add",
            "imports",
        ],
        200,
    ),
    "administrator": dict.fromkeys(["permit_issue", "moderation", "decide"], 200),
    "editor": {
        "tree_edit": 200,
        "tree_add": 200,
        "planting": 200,
        "imports": 200,
        "permit_issue": 403,
        "felling": 403,
        "moderation": 403,
        "decide": 403,
    },
    "co_editor": {"tree_edit": 200, "planting": 200, "permit_issue": 403},
    "outsider": {
        "tree_edit": 403,
        "planting": 403,
        "permit_issue": 403,
        "felling": 403,
        "moderation": 403,
        "decide": 403,
        "tree_add": 200,
    },
    "viewer": {
        "tree_edit": 403,
        "tree_add": 403,
        "planting": 403,
        "permit_issue": 403,
        "felling": 403,
        "moderation": 403,
        "decide": 403,
        "imports": 403,
    },
    "auditor": {
        "tree_edit": 403,
        "tree_add": 403,
        "planting": 403,
        "permit_issue": 403,
        "felling": 403,
        "moderation": 403,
        "decide": 403,
        "imports": 403,
    },
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_each_write_page_opens_only_for_those_who_may_write(client, team, setting, role):
    client.force_login(team[role])
    urls = pages(setting)
    got = {name: client.get(BASE + urls[name]).status_code for name in MATRIX[role]}
    assert got == MATRIX[role]


def test_the_public_is_sent_to_sign_in_from_every_write_page(client, setting):
    for name, url in pages(setting).items():
        response = client.get(BASE + url)
        assert response.status_code == 302, name
        assert "/accounts/login/" in response["Location"]


def test_a_write_page_answers_only_get_and_post(client, team, setting):
    client.force_login(team["reviewer"])
    assert client.delete(BASE + "trees/new/").status_code == 405


def tree_form(**values) -> dict[str, str]:
    return {
        "code": "NEW-1",
        "longitude": "76,915",
        "latitude": "43.245",
        "condition": "good",
        "trunk_diameter_cm": "31,5",
        **values,
    }


def test_the_office_adds_a_tree_placed_in_its_district_at_once(client, team, setting):
    client.force_login(team["reviewer"])
    response = client.post(BASE + "trees/new/", tree_form())
    added = Tree.objects.get(code="NEW-1")
    assert response.status_code == 302 and response["Location"].endswith(f"/trees/{added.pk}/")
    assert (added.district.code, str(added.trunk_diameter_cm)) == ("west", "31.5")
    assert (added.geometry.x, added.geometry.y) == (76.915, 43.245)
    edit = Edit.objects.get(code="NEW-1")
    assert (edit.status, edit.by) == (Edit.Status.APPLIED, team["reviewer"])


def test_a_wrong_place_is_refused_with_the_field_named_and_nothing_saved(client, team, setting):
    client.force_login(team["reviewer"])
    response = client.post(BASE + "trees/new/", tree_form(longitude="east", trunk_diameter_cm="0"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a number, such as 12.5." in page
    assert "Enter a number above 0 and at most 1000." in page
    assert not Tree.objects.filter(code="NEW-1").exists()


def test_a_code_already_used_is_refused_by_the_service(client, team, setting):
    client.force_login(team["reviewer"])
    response = client.post(BASE + "trees/new/", tree_form(code="T1"))
    assert response.status_code == 400
    assert Tree.objects.filter(code="T1").count() == 1


def test_an_agency_editor_proposes_a_tree_that_waits_for_the_office(
    client, team, setting, activity
):
    client.force_login(team["editor"])
    response = client.post(BASE + "trees/new/", tree_form(activity=str(activity.pk)))
    assert response.status_code == 302
    assert not Tree.objects.filter(code="NEW-1").exists()
    edit = Edit.objects.get(code="NEW-1")
    assert edit.status == Edit.Status.PENDING
    client.force_login(team["reviewer"])
    queue = client.get(BASE + "moderation/").content.decode()
    assert "NEW-1" in queue and "Editor" in queue


def test_an_outsider_cannot_propose_a_tree_of_an_activity_its_agency_does_not_execute(
    client, team, setting, activity
):
    client.force_login(team["outsider"])
    response = client.post(BASE + "trees/new/", tree_form(activity=str(activity.pk)))
    assert response.status_code == 400
    assert not Edit.objects.filter(code="NEW-1").exists()


def test_the_office_changes_a_tree_and_its_history_shows_it(client, team, setting):
    client.force_login(team["reviewer"])
    found = setting["tree"]
    data = tree_form(code="T1", longitude="76.91", latitude="43.25", height_m="14")
    data["activity"] = str(found.activity_id)
    assert client.post(BASE + f"trees/{found.pk}/edit/", data).status_code == 302
    found.refresh_from_db()
    assert str(found.height_m) == "14.00"
    page = client.get(BASE + f"trees/{found.pk}/").content.decode()
    assert "Height (m): — → 14" in page


def test_the_office_approves_a_pending_edit_after_confirming_it(client, team, setting):
    pending = setting["pending"]
    client.force_login(team["reviewer"])
    confirm = client.get(BASE + f"moderation/{pending.pk}/?decision=approve").content.decode()
    assert "Approve the edit of T1?" in confirm and "Height (m): — → 9" in confirm
    response = client.post(
        BASE + f"moderation/{pending.pk}/", {"decision": "approve", "comment": "checked"}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.reviewer, pending.comment) == (
        Edit.Status.APPLIED,
        team["reviewer"],
        "checked",
    )
    assert str(Tree.objects.get(code="T1").height_m) == "9.00"
    assert "T1" not in client.get(BASE + "moderation/").content.decode().split("<h1")[1]


def test_an_agency_editor_cannot_approve_its_own_edit_through_the_page(client, team, setting):
    pending = setting["pending"]
    client.force_login(team["editor"])
    response = client.post(BASE + f"moderation/{pending.pk}/", {"decision": "approve"})
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == Edit.Status.PENDING


def test_a_rejection_needs_a_comment_and_leaves_the_tree_as_it_was(client, team, setting):
    pending = setting["pending"]
    client.force_login(team["reviewer"])
    refused = client.post(BASE + f"moderation/{pending.pk}/", {"decision": "reject"})
    assert refused.status_code == 400
    assert "a comment is required" in refused.content.decode()
    pending.refresh_from_db()
    assert pending.status == Edit.Status.PENDING
    client.post(BASE + f"moderation/{pending.pk}/", {"decision": "reject", "comment": "wrong tree"})
    pending.refresh_from_db()
    assert (pending.status, pending.comment) == (Edit.Status.REJECTED, "wrong tree")
    assert Tree.objects.get(code="T1").height_m is None
    second = client.post(BASE + f"moderation/{pending.pk}/", {"decision": "approve"})
    assert second.status_code == 404, "only a pending edit is decided"


def test_the_office_issues_a_permit_that_owes_by_the_rule_in_force(client, team, setting):
    tree("T3", IN_WEST, condition="hazardous")
    client.force_login(team["reviewer"])
    response = client.post(
        BASE + "permits/new/",
        {
            "number": "P-9",
            "issued_on": TODAY.isoformat(),
            "reason": "hazardous",
            "trees": "T3\nT1",
            "deadline": (TODAY + datetime.timedelta(days=90)).isoformat(),
        },
    )
    issued = FellingPermit.objects.get(number="P-9")
    assert response["Location"].endswith(f"/permits/{issued.pk}/")
    assert (issued.trees_count, issued.owed, issued.state) == (2, 20, "open")
    unknown = client.post(
        BASE + "permits/new/",
        {"number": "P-10", "issued_on": TODAY.isoformat(), "reason": "hazardous", "trees": "X9"},
    )
    assert unknown.status_code == 400 and "X9" in unknown.content.decode()
    assert not FellingPermit.objects.filter(number="P-10").exists()


def test_the_office_records_a_felling_and_a_planting_that_fulfils_the_permit(client, team, setting):
    client.force_login(team["reviewer"])
    issued = permit("P-9", [tree("T3", IN_WEST)], issued_on=TODAY)
    response = client.post(
        BASE + f"permits/{issued.pk}/felling/", {"felled_on": TODAY.isoformat(), "trees": ["T3"]}
    )
    assert response.status_code == 302
    issued.refresh_from_db()
    assert (issued.felled_count, issued.state) == (1, "due")
    assert Tree.objects.get(code="T3").status == "felled"
    places = "\n".join(f"76.91{n}, 43.25" for n in range(10))
    response = client.post(
        BASE + f"permits/{issued.pk}/planting/", {"planted_on": TODAY.isoformat(), "points": places}
    )
    assert response.status_code == 302
    issued.refresh_from_db()
    assert (issued.planted_count, issued.state) == (10, "fulfilled")
    assert Tree.objects.filter(planting__permit=issued, district__code="west").count() == 10


def test_a_felling_in_the_future_is_refused(client, team, setting):
    client.force_login(team["reviewer"])
    issued = permit("P-9", [tree("T3", IN_WEST)], issued_on=TODAY)
    later = (TODAY + datetime.timedelta(days=2)).isoformat()
    response = client.post(BASE + f"permits/{issued.pk}/felling/", {"felled_on": later})
    assert response.status_code == 400
    issued.refresh_from_db()
    assert issued.felled_count == 0


def test_the_owing_agency_proposes_a_planting_and_the_office_approves_it(client, team, setting):
    owed = setting["permit"]
    client.force_login(team["editor"])
    response = client.post(
        BASE + f"permits/{owed.pk}/planting/", {"planted_on": TODAY.isoformat(), "count": "4"}
    )
    assert response.status_code == 302
    owed.refresh_from_db()
    assert owed.planted_count == 0 and not CompensatoryPlanting.objects.exists()
    proposal = Edit.objects.get(status=Edit.Status.PENDING, code="P-1/1")
    client.force_login(team["reviewer"])
    client.post(BASE + f"moderation/{proposal.pk}/", {"decision": "approve"})
    owed.refresh_from_db()
    assert (owed.planted_count, owed.state) == (4, "due")


def test_an_outsider_cannot_post_a_planting_either(client, team, setting):
    owed = setting["permit"]
    client.force_login(team["outsider"])
    response = client.post(
        BASE + f"permits/{owed.pk}/planting/", {"planted_on": TODAY.isoformat(), "count": "4"}
    )
    assert response.status_code == 403
    assert not Edit.objects.filter(code="P-1/1").exists()


def test_the_office_imports_trees_from_a_csv_file(client, team, setting):
    client.force_login(team["reviewer"])
    upload = SimpleUploadedFile(
        "trees.csv",
        b"code,longitude,latitude,condition\nI-1,76.931,43.251,good\nI-2,76.911,43.251,poor\n",
        content_type="text/csv",
    )
    response = client.post(BASE + "import/trees/", {"file": upload})
    assert response.status_code == 302 and response["Location"].endswith("/green-fund/trees/")
    assert dict(
        Tree.objects.filter(code__startswith="I-").values_list("code", "district__code")
    ) == {
        "I-1": "east",
        "I-2": "west",
    }


def test_an_import_page_offers_spatial_files_and_a_workbook_of_its_columns(client, team, setting):
    client.force_login(team["reviewer"])
    page = client.get(BASE + "import/trees/").content.decode()
    assert ".geojson,.json,.gpkg,.zip,.shp" in page
    workbook = client.get(BASE + "import/trees/template.xlsx")
    assert workbook.status_code == 200
    sheets = openpyxl.load_workbook(io.BytesIO(workbook.content))
    header = [c.value for c in next(sheets.worksheets[0].iter_rows(max_row=1))]
    assert header[:2] == ["code", "name_kk"] and header[-2:] == ["longitude", "latitude"]
    assert "species" in header and "condition" in header
    lists = [c.value for c in next(sheets.worksheets[1].iter_rows(max_row=1))]
    assert "condition" in lists and "district" in lists
    assert client.get(BASE + "import/nowhere/").status_code == 404


def test_an_agency_editor_imports_trees_as_proposals(client, team, setting):
    client.force_login(team["editor"])
    upload = SimpleUploadedFile(
        "trees.csv",
        b"code,longitude,latitude,activity\nI-1,76.931,43.251,2.2\n",
        content_type="text/csv",
    )
    assert client.post(BASE + "import/trees/", {"file": upload}).status_code == 302
    assert not Tree.objects.filter(code="I-1").exists()
    assert Edit.objects.get(code="I-1").status == Edit.Status.PENDING
    assert client.get(BASE + "import/felling-permits/").status_code == 403
