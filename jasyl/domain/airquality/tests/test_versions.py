"""New versions of the reference data, uploaded by the programme office in the admin: checked
like the shipped files, in force at once, never changed afterwards."""

import pytest
from django.contrib.auth import get_user_model

from jasyl.domain.airquality.models import ReferenceVersion
from jasyl.domain.airquality.reference import DATA, ReferenceDataError
from jasyl.domain.airquality.versions import current_reference, upload_version
from jasyl.domain.exhaust.reference import DATA as EXHAUST_DATA
from jasyl.domain.exhaust.selectors import current_limits

ADD = "/en/admin/airquality/referenceversion/add/"
MPC = (DATA / "mpc.yaml").read_text(encoding="utf-8")
LIMITS = (EXHAUST_DATA / "limits.yaml").read_text(encoding="utf-8")
# PM2.5's ПДК с.с. of 0.035 mg/m3 in the shipped file.
PM25 = "daily_mean: {value: 0.035, unit: mg/m3, source: dsm-70, status: verified}"


def version_2(text: str) -> str:
    assert "\nversion: 1\n" in text
    return text.replace("\nversion: 1\n", "\nversion: 2\n", 1)


@pytest.fixture
def office(db):
    return get_user_model().objects.create_superuser("office", "office@example.kz", "x")


def test_the_shipped_files_are_in_force_until_a_version_is_uploaded(db):
    assert current_reference().versions["mpc.yaml"] == 1
    assert current_reference().substances["pm25"].daily_mean.value == pytest.approx(0.035)


def test_an_uploaded_version_is_in_force_at_once(admin_client, db):
    text = version_2(MPC).replace(PM25, PM25.replace("0.035", "0.025"))
    response = admin_client.post(
        ADD, {"file": "mpc.yaml", "content": text, "reason": "The order's tables were read"}
    )
    assert response.status_code == 302
    reference = current_reference()
    assert reference.versions["mpc.yaml"] == 2
    assert reference.substances["pm25"].daily_mean.value == pytest.approx(0.025)
    saved = ReferenceVersion.objects.get()
    assert (saved.file, saved.version, saved.uploaded_by.username) == ("mpc.yaml", 2, "admin")


def test_a_broken_version_names_the_file_and_the_key_and_changes_nothing(admin_client, db):
    text = version_2(MPC).replace(PM25, PM25.replace("status: verified", "status: rumoured"))
    response = admin_client.post(ADD, {"file": "mpc.yaml", "content": text, "reason": "r"})
    assert response.status_code == 200
    assert "mpc.yaml: substances.pm25.daily_mean.status: &#x27;rumoured&#x27; is not one of" in (
        response.content.decode()
    )
    assert not ReferenceVersion.objects.exists()
    assert current_reference().versions["mpc.yaml"] == 1


def test_a_version_must_be_newer_than_the_one_in_force(office):
    with pytest.raises(ReferenceDataError, match=r"mpc\.yaml: version: 1 is not newer"):
        upload_version(actor=office, file="mpc.yaml", text=MPC, reason="again")
    with pytest.raises(ReferenceDataError, match="reason"):
        upload_version(actor=office, file="mpc.yaml", text=version_2(MPC), reason=" ")
    with pytest.raises(ReferenceDataError, match="not one of the reference files"):
        upload_version(actor=office, file="other.yaml", text=MPC, reason="r")
    assert not ReferenceVersion.objects.exists()


def test_the_exhaust_limits_are_versioned_alike(office):
    assert current_limits().version == 1
    upload_version(actor=office, file="limits.yaml", text=version_2(LIMITS), reason="Checked")
    assert current_limits().version == 2


def test_a_saved_version_cannot_be_changed_or_deleted(admin_client, office):
    saved = upload_version(actor=office, file="mpc.yaml", text=version_2(MPC), reason="r")
    page = admin_client.get(f"/en/admin/airquality/referenceversion/{saved.pk}/change/")
    assert page.status_code == 200 and 'name="content"' not in page.content.decode()
    delete = admin_client.get(f"/en/admin/airquality/referenceversion/{saved.pk}/delete/")
    assert delete.status_code == 403
