"""Writes of the green fund: trees (through the registries' `save_entry`), felling permits and
their compensation (`issue_permit`, `record_felling`, `record_planting`), and the permits'
states as days pass (`refresh_states`).

Each service is keyword-only, runs in one transaction, sets districts by the spatial join and
records its edits in the registries' history. The permits are the programme office's (and the
operator's, `access=None`); a compensatory planting is recorded by the office at once, and
proposed by the editors of the agencies that owe it (the applicant, the agencies executing the
permit's activity), waiting for the office's approval like any registry edit.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.gis.geos import MultiPoint, Point
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jasyl.domain.agencies.models import Agency
from jasyl.domain.greenfund import compensation
from jasyl.domain.greenfund.compensation import PermitState, Reason
from jasyl.domain.greenfund.models import (
    CompensationRule,
    CompensatoryPlanting,
    FellingPermit,
    Species,
    Tree,
)
from jasyl.domain.people.access import Access
from jasyl.domain.places.models import AdministrativeUnit
from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.history import Diff, diff, python, snapshot
from jasyl.domain.registries.models import Edit
from jasyl.domain.registries.placing import DistrictFinder
from jasyl.domain.registries.rights import Write, executing_agencies, require_office, write_mode
from jasyl.domain.registries.services import (
    BATCH,
    Saved,
    propose_edit,
    record_edit,
    record_edits,
    save_entry,
    validated,
    write_entries,
)
from jasyl.domain.roadmap.models import Activity

# --------------------------------------------------------------------------- trees


def save_tree(
    *, tree: Tree | None, values: Mapping[str, Any], actor: Any, access: Access | None
) -> Saved:
    """Register a tree (`tree` None) or change one: at once for the office, proposed for the
    editors of the agencies executing its activity."""
    return save_entry(model=Tree, entry=tree, values=values, actor=actor, access=access)


# --------------------------------------------------------------------------- permits


def rule_terms() -> list[compensation.Terms]:
    return [rule.terms for rule in CompensationRule.objects.all()]


def compensate(permit: FellingPermit, terms: Sequence[compensation.Terms]) -> None:
    """Set what the permit owes by the rule in force on the day it was issued."""
    rule = compensation.in_force(terms, permit.reason, permit.issued_on)
    permit.rule_id = rule.key if rule is not None else None
    permit.owed = compensation.owed(rule.ratio if rule else None, permit.trees_count)


def restate(permit: FellingPermit, today: datetime.date | None = None) -> None:
    """Set the permit's state by the one rule (`compensation.permit_state`)."""
    permit.state = compensation.permit_state(
        felled=permit.felled_count,
        owed=permit.owed,
        planted=permit.planted_count,
        deadline=permit.deadline,
        today=today or timezone.localdate(),
    )


def permit_district(
    trees: Iterable[Tree], points: MultiPoint | None, finder: DistrictFinder | None = None
) -> AdministrativeUnit | None:
    """The district most of the permit's trees stand in (the first by code on a tie)."""
    districts = [tree.district for tree in trees if tree.district is not None]
    if points is not None:
        find = finder or DistrictFinder()
        districts += [d for d in (find(point) for point in points) if d is not None]
    if not districts:
        return None
    counts = Counter(d.pk for d in districts)
    best = max(counts.values())
    return min((d for d in districts if counts[d.pk] == best), key=lambda d: d.code)


def _check_permit(permit: FellingPermit, listed: int) -> None:
    if permit.reason not in Reason.values:
        raise RegistryError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": permit.reason, "choices": ", ".join(Reason.values)},
            "reason",
        )
    if permit.trees_count < 1:
        raise RegistryError(_("A permit allows felling at least one tree."), "trees_count")
    if permit.trees_count < listed:
        raise RegistryError(
            _("The permit lists %(listed)s trees but allows felling %(count)s.")
            % {"listed": listed, "count": permit.trees_count},
            "trees_count",
        )
    if permit.deadline is not None and permit.deadline < permit.issued_on:
        raise RegistryError(_("The deadline is before the day of issue."), "deadline")


def issue_permit(
    *,
    number: str,
    issued_on: datetime.date,
    reason: str,
    trees: Sequence[Tree] = (),
    points: MultiPoint | None = None,
    trees_count: int | None = None,
    issuer: Agency | None = None,
    issuer_name: str = "",
    applicant: Agency | None = None,
    applicant_name: str = "",
    activity: Activity | None = None,
    deadline: datetime.date | None = None,
    source: str = "",
    is_sample: bool = False,
    actor: Any,
    access: Access | None,
) -> FellingPermit:
    """Record a felling permit (the programme office) and what it owes by the rule in force
    on the day of issue: unknown where no rule is in force for its reason."""
    require_office(access)
    listed = len(trees) + (len(points) if points is not None else 0)
    permit = FellingPermit(
        number=number,
        issued_on=issued_on,
        reason=reason,
        points=points,
        trees_count=trees_count if trees_count is not None else listed,
        issuer=issuer,
        issuer_name=issuer_name,
        applicant=applicant,
        applicant_name=applicant_name,
        activity=activity,
        deadline=deadline,
        source=source,
        is_sample=is_sample,
    )
    _check_permit(permit, listed)
    with transaction.atomic():
        if FellingPermit.objects.filter(number=number).exists():
            raise RegistryError(
                _("A permit numbered %(number)s is already recorded.") % {"number": number},
                "number",
            )
        compensate(permit, rule_terms())
        permit.district = permit_district(trees, points)
        restate(permit)
        permit.save()
        permit.trees.set(trees)
        record_edit(
            row=permit, action=Edit.Action.CREATE, before={}, after=snapshot(permit), actor=actor
        )
    return permit


def write_permits(
    *,
    creates: Sequence[tuple[FellingPermit, Sequence[Tree]]],
    updates: Sequence[tuple[FellingPermit, Mapping[str, Any], Sequence[Tree] | None]] = (),
    fields: Iterable[str] = (),
    actor: Any,
    note: str = "",
) -> None:
    """Create and change many permits at once (an import; the caller checked every value):
    what each owes by the rule in force on its day of issue, its district, its state, its
    trees (None: as they were), in bulk queries, with their history."""
    terms = rule_terms()
    finder = DistrictFinder()
    for permit, trees in creates:
        compensate(permit, terms)
        permit.district = permit_district(trees, permit.points, finder)
        restate(permit)
    FellingPermit.objects.bulk_create([p for p, _trees in creates], batch_size=BATCH)
    now = timezone.now()
    kept = FellingPermit.trees.through.objects
    changed_sets = [(p, trees) for p, _before, trees in updates if trees is not None]
    current: dict[int, list[Tree]] = {p.pk: [] for p, _before, trees in updates if trees is None}
    links = kept.filter(fellingpermit_id__in=list(current)).select_related("tree__district")
    for link in links:
        current[link.fellingpermit_id].append(link.tree)
    for permit, _before, listed in updates:
        compensate(permit, terms)
        chosen = listed if listed is not None else current[permit.pk]
        permit.district = permit_district(chosen, permit.points, finder)
        restate(permit)
        permit.updated_at = now
    columns = {*fields, "rule", "owed", "district", "state", "updated_at"}
    FellingPermit.objects.bulk_update(
        [p for p, _b, _t in updates], sorted(columns), batch_size=BATCH
    )
    kept.filter(fellingpermit_id__in=[p.pk for p, _trees in changed_sets]).delete()
    kept.bulk_create(
        [
            kept.model(fellingpermit_id=permit.pk, tree_id=tree.pk)
            for permit, trees in [*creates, *changed_sets]
            for tree in trees
        ],
        batch_size=BATCH,
    )
    names = [f.name for f in FellingPermit._meta.concrete_fields if f.name in columns]
    record_edits(
        changes=[
            *((p, Edit.Action.CREATE, {}, snapshot(p)) for p, _trees in creates),
            *((p, Edit.Action.UPDATE, before, snapshot(p, names)) for p, before, _t in updates),
        ],
        actor=actor,
        note=note,
    )


def record_felling(
    *,
    permit: FellingPermit,
    felled_on: datetime.date,
    trees: Sequence[Tree] | None = None,
    count: int | None = None,
    actor: Any,
    access: Access | None,
) -> FellingPermit:
    """Record trees felled under a permit (the programme office): the registry's trees named
    (by default all of the permit's still standing) become felled, and `count` trees in all
    (by default all the permit has left) count as felled."""
    require_office(access)
    with transaction.atomic():
        permit = FellingPermit.objects.select_for_update().get(pk=permit.pk)
        listed = {t.pk: t for t in permit.trees.select_related("district", "activity")}
        if trees is None:
            chosen = [t for t in listed.values() if t.status == Tree.Status.STANDING]
        else:
            strangers = [t.code for t in trees if t.pk not in listed]
            if strangers:
                raise RegistryError(
                    _("The permit does not name these trees: %(codes)s.")
                    % {"codes": ", ".join(strangers)},
                    "trees",
                )
            chosen = [listed[t.pk] for t in trees]
        already = [t.code for t in chosen if t.status == Tree.Status.FELLED]
        if already:
            raise RegistryError(
                _("These trees are felled already: %(codes)s.") % {"codes": ", ".join(already)},
                "trees",
            )
        left = permit.trees_count - permit.felled_count
        total = count if count is not None else (left if trees is None else len(chosen))
        if total < max(len(chosen), 1) or total > left:
            raise RegistryError(
                _("%(count)s trees cannot be felled: the permit has %(left)s left to fell.")
                % {"count": total, "left": left},
                "count",
            )
        if felled_on < permit.issued_on:
            raise RegistryError(_("The felling is before the permit was issued."), "felled_on")
        updates = []
        for tree in chosen:
            before = snapshot(tree, ["status", "felled_on", "felled_by", "district"])
            tree.status, tree.felled_on, tree.felled_by = Tree.Status.FELLED, felled_on, permit
            updates.append((tree, before))
        write_entries(
            model=Tree,
            creates=[],
            updates=updates,
            fields=["status", "felled_on", "felled_by"],
            actor=actor,
            note=f"felled under permit {permit.number}",
        )
        before = snapshot(permit)
        permit.felled_count += total
        permit.felled_on = min(felled_on, permit.felled_on or felled_on)
        restate(permit)
        permit.save()
        record_edit(
            row=permit,
            action=Edit.Action.UPDATE,
            before=before,
            after=snapshot(permit),
            actor=actor,
        )
    return permit


# --------------------------------------------------------------------------- plantings


@dataclass(frozen=True)
class Recorded:
    """A planting recorded (None while it waits for the office) and its edit."""

    planting: CompensatoryPlanting | None
    edit: Edit | None

    @property
    def pending(self) -> bool:
        return self.edit is not None and self.edit.status == Edit.Status.PENDING


def owing_agencies(permit: FellingPermit) -> list[str]:
    """The agencies that owe a permit's compensation: its applicant, and the agencies
    executing its activity."""
    codes = [permit.applicant.code] if permit.applicant is not None else []
    if permit.activity_id is not None:
        codes += executing_agencies([permit.activity_id])[permit.activity_id]
    return list(dict.fromkeys(codes))


def planting_values(
    *,
    permit: FellingPermit,
    planted_on: datetime.date,
    count: int | None,
    species: Species | None,
    location: Point | None,
    points: MultiPoint | None,
    code: str,
) -> dict[str, Any]:
    """A planting's fields, checked: its count is its points' when it lists them."""
    if points is not None:
        if count is not None and count != len(points):
            raise RegistryError(
                _("The planting lists %(points)s places but counts %(count)s trees.")
                % {"points": len(points), "count": count},
                "count",
            )
        count = len(points)
    if count is None or count < 1:
        raise RegistryError(_("A planting counts at least one tree."), "count")
    return {
        "code": code or f"{permit.number}/{permit.plantings.count() + 1}",
        "permit": permit,
        "planted_on": planted_on,
        "count": count,
        "species": species,
        "location": location,
        "points": points,
    }


def record_planting(
    *,
    permit: FellingPermit,
    planted_on: datetime.date,
    count: int | None = None,
    species: Species | None = None,
    location: Point | None = None,
    points: MultiPoint | None = None,
    code: str = "",
    actor: Any,
    access: Access | None,
) -> Recorded:
    """Record trees planted in compensation of a permit: each of `points` becomes a tree of the
    registry, and the permit's state moves (the office at once; the owing agencies' editors
    propose, and the office approves)."""
    codes = owing_agencies(permit)
    mode = write_mode(access, [codes])
    if mode is None:
        raise RegistryError(_("You may not record plantings for this permit."))
    values = planting_values(
        permit=permit,
        planted_on=planted_on,
        count=count,
        species=species,
        location=location,
        points=points,
        code=code,
    )
    with transaction.atomic():
        if mode is Write.PROPOSE:
            programme_id = permit.activity.programme_id if permit.activity else None
            proposed = propose_edit(
                model=CompensatoryPlanting,
                entry=None,
                values=values,
                actor=actor,
                programme_id=programme_id,
                note=f"planting for permit {permit.number}",
            )
            return Recorded(None, proposed)
        validated(CompensatoryPlanting(**values))
        (planting,) = write_plantings([values], actor=actor, record=False)
        edit = record_edit(
            row=planting,
            action=Edit.Action.CREATE,
            before={},
            after=snapshot(planting),
            actor=actor,
        )
        return Recorded(planting, edit)


def write_plantings(
    rows: Sequence[Mapping[str, Any]],
    *,
    actor: Any,
    finder: DistrictFinder | None = None,
    record: bool = True,
) -> list[CompensatoryPlanting]:
    """Create plantings (each row: the fields of `planting_values`), the trees of their points,
    and move their permits, in bulk queries (inside the caller's transaction). `record=False`
    leaves the plantings' own edits to the caller (an approved proposal is its edit)."""
    find = finder or DistrictFinder()
    wanted = {values["permit"].pk for values in rows}
    permits = FellingPermit.objects.select_for_update().in_bulk(wanted)
    activities = Activity.objects.in_bulk({p.activity_id for p in permits.values()} - {None})
    for permit in permits.values():
        permit.activity = activities.get(permit.activity_id) if permit.activity_id else None
    plantings = []
    for values in rows:
        permit = permits[values["permit"].pk]
        planting = CompensatoryPlanting(**{**values, "permit": permit}, recorded_by=actor)
        place = planting.location or (planting.points[0] if planting.points else None)
        planting.district = find(place) if place is not None else None
        planting.is_sample = permit.is_sample
        plantings.append(planting)
    CompensatoryPlanting.objects.bulk_create(plantings, batch_size=BATCH)
    trees = [
        Tree(
            code=f"{planting.code}-{n}",
            geometry=cast(Point, point.clone()),
            species=planting.species,
            planted_on=planting.planted_on,
            planted_year=planting.planted_on.year,
            activity=planting.permit.activity,
            planting=planting,
            source=f"compensatory planting {planting.code}, permit {planting.permit.number}",
            is_sample=planting.is_sample,
        )
        for planting in plantings
        for n, point in enumerate(planting.points or [], start=1)
    ]
    if trees:
        write_entries(
            model=Tree, creates=trees, actor=actor, note="compensatory planting", finder=find
        )
    befores = {pk: snapshot(permit) for pk, permit in permits.items()}
    for planting in plantings:
        planting.permit.planted_count += planting.count
    for permit in permits.values():
        restate(permit)
        permit.updated_at = timezone.now()
    FellingPermit.objects.bulk_update(
        list(permits.values()), ["planted_count", "state", "updated_at"], batch_size=BATCH
    )
    record_edits(
        changes=[
            *((p, Edit.Action.UPDATE, befores[pk], snapshot(p)) for pk, p in permits.items()),
            *(
                (planting, Edit.Action.CREATE, {}, snapshot(planting))
                for planting in (plantings if record else [])
            ),
        ],
        actor=actor,
    )
    return plantings


def apply_planting(edit: Edit) -> tuple[CompensatoryPlanting, Diff]:
    """Apply an approved proposal of a planting (registered with the registries' moderation)."""
    if edit.action != Edit.Action.CREATE:
        raise RegistryError(_("A planting is recorded once; correct it in the admin."))
    fields = {f.name: f for f in CompensatoryPlanting._meta.concrete_fields}
    values: dict[str, Any] = {}
    for name, (_old, new) in edit.values.items():
        field = fields[name]
        value = python(field, new)
        if field.is_relation and value is not None:
            value = field.related_model._default_manager.get(pk=value)  # type: ignore[union-attr]
        values[name] = value
    validated(CompensatoryPlanting(**values))
    (planting,) = write_plantings([values], actor=edit.by, record=False)
    return planting, diff(CompensatoryPlanting, {}, snapshot(planting))


# --------------------------------------------------------------------------- states


def recount_permit(*, permit: FellingPermit, actor: Any) -> FellingPermit:
    """Count a permit's plantings again (after the office corrected one) and restate it."""
    with transaction.atomic():
        locked = FellingPermit.objects.select_for_update().get(pk=permit.pk)
        before = snapshot(locked)
        counts = CompensatoryPlanting.objects.filter(permit=locked).values_list("count", flat=True)
        locked.planted_count = sum(counts)
        restate(locked)
        locked.save()
        record_edit(
            row=locked,
            action=Edit.Action.UPDATE,
            before=before,
            after=snapshot(locked),
            actor=actor,
        )
    return locked


def refresh_states(*, today: datetime.date) -> int:
    """Move the permits whose state changed with the date (a deadline passed); returns how
    many moved."""
    moving = []
    live = FellingPermit.objects.filter(state__in=[PermitState.DUE, PermitState.OVERDUE])
    for permit in live.only("pk", "felled_count", "owed", "planted_count", "deadline", "state"):
        before = permit.state
        restate(permit, today)
        if permit.state != before:
            moving.append(permit)
    FellingPermit.objects.bulk_update(moving, ["state"], batch_size=500)
    return len(moving)
