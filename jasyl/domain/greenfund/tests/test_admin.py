"""The office keeps the green fund in the admin: every model has its pages, a tree saved there
goes through the registries' service (district by the spatial join, an edit in the history),
and a compensation rule is chosen by its reasons."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jasyl.domain.greenfund.models import CompensationRule, Tree
from jasyl.domain.registries.models import Edit
from jasyl.domain.registries.services import save_entry
from jasyl.testing.greenfund import IN_EAST, make_tree, point

pytestmark = pytest.mark.django_db

MODELS = [
    "greenfund.species",
    "greenfund.tree",
    "greenfund.compensationrule",
    "greenfund.fellingpermit",
    "greenfund.compensatoryplanting",
    "greenfund.park",
    "greenfund.nursery",
    "greenfund.woodwastesite",
    "greenfund.compensationreminder",
    "registries.edit",
    "registries.attachment",
]


@pytest.mark.parametrize("label", MODELS)
def test_every_model_has_its_list_page(admin_client, label):
    app, model = label.split(".")
    assert admin_client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200


def test_a_tree_changed_in_the_admin_is_placed_again_and_its_edit_recorded(admin_client, districts):
    tree = make_tree("T1")
    url = reverse("admin:greenfund_tree_change", args=[tree.pk])
    page = admin_client.get(url).context
    form = page["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "geometry"}
    data.update(code="T1", geometry=point(IN_EAST).wkt, status="standing", condition="poor")
    for inline in page["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({f"{management.prefix}-{k}": v for k, v in management.initial.items()})

    answer = admin_client.post(url, data)

    assert answer.status_code == 302, answer.context["adminform"].form.errors
    tree.refresh_from_db()
    assert (tree.condition, tree.district.code) == ("poor", "east")
    edit = Edit.objects.get(object_id=tree.pk)
    assert edit.changes["district"] == ["west", "east"] and edit.note == "admin"


def test_a_pending_edit_is_approved_from_the_admin(admin_client, team, districts):
    from jasyl.domain.people.access import access_for

    tree = save_entry(
        model=Tree,
        entry=None,
        values={
            "code": "T1",
            "geometry": point(IN_EAST),
            "activity": team.programme.activities.get(code="2.2"),
        },
        actor=None,
        access=None,
    ).entry
    edit = save_entry(
        model=Tree,
        entry=tree,
        values={"condition": "poor"},
        actor=team["editor"],
        access=access_for(team["editor"], team.programme),
    ).edit

    admin_client.post(
        reverse("admin:registries_edit_changelist"),
        {"action": "approve", "_selected_action": [edit.pk]},
    )

    assert Tree.objects.get(pk=tree.pk).condition == "poor"
    assert Edit.objects.get(pk=edit.pk).status == Edit.Status.APPLIED


def test_the_rule_form_offers_the_reasons_of_a_felling(admin_client):
    rule = CompensationRule.objects.get()
    page = admin_client.get(reverse("admin:greenfund_compensationrule_change", args=[rule.pk]))

    assert page.status_code == 200
    assert 'value="construction"' in page.content.decode()
