"""An agency editor's edit waits for the programme office (OpenTreeMap's pending edits): applied
when approved, and the row left as it was when rejected; the office's own edits apply at once.
Only a pending edit moves, and only to applied or rejected."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from jasyl.domain.greenfund.models import Tree
from jasyl.domain.people.access import access_for
from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.models import Edit
from jasyl.domain.registries.selectors import history_of, pending_edits
from jasyl.domain.registries.services import (
    approve_edit,
    delete_entry,
    reject_edit,
    save_entry,
)
from jasyl.testing.greenfund import IN_EAST, IN_WEST, point

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(team, districts):
    """A tree planted under activity 2.2, which the editor's agency (ЭжҚОБ) executes."""
    return save_entry(
        model=Tree,
        entry=None,
        values={
            "code": "T1",
            "geometry": point(IN_WEST),
            "height_m": Decimal("8"),
            "activity": team.programme.activities.get(code="2.2"),
        },
        actor=None,
        access=None,
    ).entry


def access(team, role):
    return access_for(team[role], team.programme)


def test_an_agency_editors_change_waits_for_the_office_and_leaves_the_row_as_it_was(team, tree):
    saved = save_entry(
        model=Tree,
        entry=tree,
        values={"height_m": Decimal("9.5")},
        actor=team["editor"],
        access=access(team, "editor"),
    )

    assert saved.pending
    assert Tree.objects.get(pk=tree.pk).height_m == Decimal("8")
    assert list(pending_edits(programme=team.programme)) == [saved.edit]
    assert saved.edit.changes == {"height_m": ["8", "9.5"]}


def test_the_office_approving_the_change_applies_it_and_records_who_reviewed(team, tree):
    edit = save_entry(
        model=Tree,
        entry=tree,
        values={"height_m": Decimal("9.5"), "geometry": point(IN_EAST)},
        actor=team["editor"],
        access=access(team, "editor"),
    ).edit

    approved = approve_edit(edit=edit, actor=team["reviewer"], access=access(team, "reviewer"))

    tree.refresh_from_db()
    assert tree.height_m == Decimal("9.5")
    assert tree.district.code == "east"
    assert approved.status == Edit.Status.APPLIED
    assert approved.reviewer == team["reviewer"] and approved.by == team["editor"]
    assert approved.changes["district"] == ["west", "east"]


def test_a_rejected_change_leaves_the_row_unchanged_and_says_why(team, tree):
    edit = save_entry(
        model=Tree,
        entry=tree,
        values={"height_m": Decimal("40")},
        actor=team["editor"],
        access=access(team, "editor"),
    ).edit

    rejected = reject_edit(
        edit=edit,
        actor=team["reviewer"],
        access=access(team, "reviewer"),
        comment="The height was measured on another tree.",
    )

    assert Tree.objects.get(pk=tree.pk).height_m == Decimal("8")
    assert rejected.status == Edit.Status.REJECTED
    assert rejected.comment == "The height was measured on another tree."


def test_a_rejection_needs_a_reason(team, tree):
    edit = save_entry(
        model=Tree,
        entry=tree,
        values={"height_m": Decimal("40")},
        actor=team["editor"],
        access=access(team, "editor"),
    ).edit

    with pytest.raises(RegistryError, match="a comment is required"):
        reject_edit(edit=edit, actor=team["reviewer"], access=access(team, "reviewer"), comment=" ")


def test_only_a_pending_edit_moves(team, tree):
    edit = save_entry(
        model=Tree,
        entry=tree,
        values={"height_m": Decimal("9")},
        actor=team["editor"],
        access=access(team, "editor"),
    ).edit
    approve_edit(edit=edit, actor=team["reviewer"], access=access(team, "reviewer"))

    with pytest.raises(RegistryError, match="Only a pending edit"):
        approve_edit(edit=edit, actor=team["reviewer"], access=access(team, "reviewer"))
    with pytest.raises(RegistryError, match="Only a pending edit"):
        reject_edit(edit=edit, actor=team["reviewer"], access=access(team, "reviewer"), comment="x")


def test_an_agency_editor_cannot_approve_an_edit(team, tree):
    edit = save_entry(
        model=Tree,
        entry=tree,
        values={"height_m": Decimal("9")},
        actor=team["editor"],
        access=access(team, "editor"),
    ).edit

    with pytest.raises(PermissionDenied):
        approve_edit(edit=edit, actor=team["editor"], access=access(team, "editor"))


def test_an_edit_of_a_row_changed_since_is_not_applied(team, tree):
    edit = save_entry(
        model=Tree,
        entry=tree,
        values={"height_m": Decimal("9")},
        actor=team["editor"],
        access=access(team, "editor"),
    ).edit
    save_entry(
        model=Tree,
        entry=tree,
        values={"height_m": Decimal("10")},
        actor=team["reviewer"],
        access=access(team, "reviewer"),
    )

    with pytest.raises(RegistryError, match="changed since this edit was proposed"):
        approve_edit(edit=edit, actor=team["reviewer"], access=access(team, "reviewer"))
    assert Tree.objects.get(pk=tree.pk).height_m == Decimal("10")
    assert Edit.objects.get(pk=edit.pk).status == Edit.Status.PENDING


def test_the_offices_own_edit_applies_at_once(team, tree):
    saved = save_entry(
        model=Tree,
        entry=tree,
        values={"height_m": Decimal("9")},
        actor=team["reviewer"],
        access=access(team, "reviewer"),
    )

    assert not saved.pending
    assert Tree.objects.get(pk=tree.pk).height_m == Decimal("9")


def test_an_editor_of_an_agency_outside_the_activity_may_not_edit(team, tree):
    with pytest.raises(PermissionDenied):
        save_entry(
            model=Tree,
            entry=tree,
            values={"height_m": Decimal("9")},
            actor=team["outsider"],
            access=access(team, "outsider"),
        )


def test_an_agency_editor_proposes_a_new_tree_created_once_approved(team, districts):
    values = {
        "code": "T9",
        "geometry": point(IN_EAST),
        "activity": team.programme.activities.get(code="2.2"),
    }
    edit = save_entry(
        model=Tree, entry=None, values=values, actor=team["editor"], access=access(team, "editor")
    ).edit
    assert not Tree.objects.filter(code="T9").exists()

    approve_edit(edit=edit, actor=team["reviewer"], access=access(team, "reviewer"))

    tree = Tree.objects.get(code="T9")
    assert tree.district == districts["east"]
    assert Edit.objects.get(pk=edit.pk).object_id == tree.pk


def test_a_proposed_deletion_deletes_only_once_approved(team, tree):
    edit = delete_entry(entry=tree, actor=team["editor"], access=access(team, "editor")).edit
    assert Tree.objects.filter(pk=tree.pk).exists()

    approve_edit(edit=edit, actor=team["reviewer"], access=access(team, "reviewer"))

    assert not Tree.objects.filter(pk=tree.pk).exists()


def test_history_records_each_change_old_to_new_in_order(team, tree):
    save_entry(
        model=Tree,
        entry=tree,
        values={"height_m": Decimal("9")},
        actor=team["reviewer"],
        access=access(team, "reviewer"),
    )
    save_entry(
        model=Tree,
        entry=tree,
        values={"height_m": Decimal("9.25"), "condition": "poor"},
        actor=team["reviewer"],
        access=access(team, "reviewer"),
    )

    edits = list(history_of(tree))

    assert [e.action for e in edits] == ["create", "update", "update"]
    assert edits[1].changes == {"height_m": ["8", "9"]}
    assert edits[2].changes == {"height_m": ["9", "9.25"], "condition": [None, "poor"]}
    assert edits[2].by == team["reviewer"]


def test_saving_a_row_unchanged_records_nothing(team, tree):
    saved = save_entry(
        model=Tree, entry=tree, values={"height_m": Decimal("8.00")}, actor=None, access=None
    )

    assert saved.edit is None
    assert history_of(tree).count() == 1
