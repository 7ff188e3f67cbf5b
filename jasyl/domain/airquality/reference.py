"""The air-quality reference data: ПДК and hazard classes, Kazhydromet's gradings, the US AQI
breakpoint tables, the WHO 2021 guidelines and the gas conversion factors.

They live in YAML files in `data/` (one per source family, each with a `version`), and every
value carries its source and a verification status that the interface shows beside it. This
module reads and validates them; every error names the file and the key. It needs no Django.

The files shipped here are the first versions. The programme office uploads later versions of
a file in the admin (`ReferenceVersion`, `versions.py`); `load_reference` reads such a text in
place of the shipped file, with the same checks.

Concentrations of the ПДК are returned in mg/m3 and the WHO values in ug/m3, whatever unit the
file states them in (rounded to 12 significant digits, so that 0.16 mg/m3 is 160 ug/m3 exactly),
so that the computations compare like with like; the ingest's screening bounds
(`measurements.yaml`) are returned in the unit their parameter is stored in.

The screening ceiling of each parameter must leave room for the highest grade of the indices:
it is at least `CEILING_MARGIN` (2) times the threshold of extremely high pollution (ЭВЗ, 50 x
the ПДК м.р.), so that a value the index grades as ЭВЗ is stored, not refused as implausible.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

import yaml

from jasyl.core import yamlfiles
from jasyl.domain.airquality.averaging import to_significant

DATA = Path(__file__).resolve().parent / "data"
FILES = (
    "mpc.yaml",
    "kazhydromet.yaml",
    "us-aqi.yaml",
    "who-2021.yaml",
    "gases.yaml",
    "measurements.yaml",
)

# How many mg/m3 one unit of each mass concentration is.
MASS_UNITS_IN_MG = {"mg/m3": 1.0, "ug/m3": 1e-3, "ng/m3": 1e-6}
# A parameter's ceiling is at least this many times its ЭВЗ threshold (see the module's doc).
CEILING_MARGIN = 2


class ReferenceDataError(Exception):
    """A reference data file is missing, malformed or inconsistent."""


class Status(StrEnum):
    """How far a reference value has been checked."""

    VERIFIED = "verified"
    """A cited source states it."""
    SECONDARY = "secondary"
    """Press, foreign or third-party lists."""
    UNVERIFIED = "unverified"
    KZ_NOT_FOUND = "kz_not_found"
    """Kazakhstan's own value was searched for and not found (its act could not be read, or
    does not give it): the value is another country's act's, which the source names."""


class Level(StrEnum):
    """Kazhydromet's levels of air pollution, from the lowest."""

    LOW = "low"
    ELEVATED = "elevated"
    HIGH = "high"
    VERY_HIGH = "very_high"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


@dataclass(frozen=True)
class Sourced:
    """A reference value with where it comes from and how far it has been checked."""

    value: Any
    source: str
    status: Status
    note: str = ""


@dataclass(frozen=True)
class Substance:
    code: str
    name: str
    max_single: Sourced | None
    """ПДК м.р., mg/m3."""
    daily_mean: Sourced | None
    """ПДК с.с., mg/m3."""
    hazard_class: Sourced
    """An int 1-4, or None when the list gives the substance no class."""


@dataclass(frozen=True)
class Band:
    level: Level
    printed: str
    upper: float | None


@dataclass(frozen=True)
class Grading:
    bands: tuple[Band, ...]
    source: str
    status: Status
    note: str = ""


@dataclass(frozen=True)
class Kazhydromet:
    si: Grading
    np: Grading
    iza5: Grading
    iza_substances: Sourced
    exponents: Mapping[int, Sourced]
    pm_hazard_class: Sourced
    high_multiple: Sourced
    extreme_multiple: Sourced


@dataclass(frozen=True)
class AqiBand:
    c_lo: Decimal
    c_hi: Decimal
    i_lo: int
    i_hi: int


@dataclass(frozen=True)
class AqiPollutant:
    code: str
    averaging: str
    unit: str
    decimals: int
    bands: tuple[AqiBand, ...]
    source: str
    status: Status


@dataclass(frozen=True)
class AqiTable:
    code: str
    effective_from: Sourced | None
    """A `datetime.date`; None for the table in force before all the others."""
    pollutants: Mapping[str, AqiPollutant]


@dataclass(frozen=True)
class AqiCategory:
    code: str
    upper: int


@dataclass(frozen=True)
class UsAqi:
    tables: tuple[AqiTable, ...]
    """Latest first."""
    categories: tuple[AqiCategory, ...]
    categories_source: str
    categories_status: Status

    def table_on(self, day: datetime.date) -> AqiTable:
        """The table in force on `day`."""
        for table in self.tables:
            if table.effective_from is None or table.effective_from.value <= day:
                return table
        raise ReferenceDataError(f"us-aqi.yaml: no table is in force on {day.isoformat()}")


@dataclass(frozen=True)
class Who:
    guidelines: Mapping[tuple[str, str], Sourced]
    """(pollutant, averaging) -> ug/m3."""
    interim_targets: Mapping[tuple[str, str], tuple[Sourced, ...]]


@dataclass(frozen=True)
class Gases:
    temperature_c: Sourced
    molar_volume_l: Sourced
    factors: Mapping[str, Sourced]
    """ug/m3 per ppb at the reference temperature."""


@dataclass(frozen=True)
class Parameter:
    """A parameter Jasyl stores measurements of, with its unit and screening bounds."""

    code: str
    unit: str
    """The one unit it is stored in (ug/m3, or mg/m3 for CO)."""
    suspicious_above: Sourced
    """In `unit`: above it a value is stored but flagged."""
    ceiling: Sourced
    """In `unit`: above it a value is not plausible and is rejected."""


@dataclass(frozen=True)
class Reference:
    versions: Mapping[str, int]
    substances: Mapping[str, Substance]
    kazhydromet: Kazhydromet
    us_aqi: UsAqi
    who: Who
    gases: Gases
    parameters: Mapping[str, Parameter]

    def sourced_values(self) -> list[tuple[str, Sourced]]:
        """Every single reference value, named by its place, for checks and listings."""
        found: list[tuple[str, Sourced]] = []
        for code, substance in self.substances.items():
            for name in ("max_single", "daily_mean", "hazard_class"):
                value = getattr(substance, name)
                if value is not None:
                    found.append((f"mpc.{code}.{name}", value))
        k = self.kazhydromet
        found += [
            ("kazhydromet.iza5.substances", k.iza_substances),
            ("kazhydromet.iza5.pm_hazard_class", k.pm_hazard_class),
            ("kazhydromet.episodes.high", k.high_multiple),
            ("kazhydromet.episodes.extremely_high", k.extreme_multiple),
        ]
        found += [(f"kazhydromet.iza5.exponents.{c}", v) for c, v in k.exponents.items()]
        for table in self.us_aqi.tables:
            if table.effective_from is not None:
                found.append((f"us-aqi.{table.code}.effective_from", table.effective_from))
        for (pollutant, averaging), value in self.who.guidelines.items():
            found.append((f"who.{pollutant}.{averaging}", value))
        for (pollutant, averaging), targets in self.who.interim_targets.items():
            found += [
                (f"who.interim.{pollutant}.{averaging}.{i}", v) for i, v in enumerate(targets)
            ]
        found += [
            ("gases.temperature_c", self.gases.temperature_c),
            ("gases.molar_volume_l", self.gases.molar_volume_l),
        ]
        found += [(f"gases.{code}", value) for code, value in self.gases.factors.items()]
        for code, parameter in self.parameters.items():
            found += [
                (f"measurements.{code}.suspicious_above", parameter.suspicious_above),
                (f"measurements.{code}.ceiling", parameter.ceiling),
            ]
        return found


# ------------------------------------------------------------------------------ reading


class ReferenceFile:
    """One YAML file being read: its name for the messages, its sources and its content."""

    def __init__(self, folder: Path, name: str, text: str | None = None) -> None:
        """The file `name` in `folder`, or, given `text`, that text in its place (a version
        the programme office uploaded)."""
        self.name = name
        path = folder / name
        if text is None and not path.is_file():
            raise ReferenceDataError(f"{name}: no such file")
        try:
            self.content = yamlfiles.safe_load(
                text if text is not None else path.read_text("utf-8")
            )
        except yaml.YAMLError as error:
            raise ReferenceDataError(f"{name}: not valid YAML: {error}") from error
        self.mapping(self.content, "")
        version = self.need(self.content, "version", "")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.fail("version", "must be a whole number from 1")
        self.version = version
        sources = self.mapping(self.need(self.content, "sources", ""), "sources")
        self.sources = {str(k): str(v).strip() for k, v in sources.items() if v}
        if not self.sources:
            self.fail("sources", "names no source")

    def fail(self, key: str, message: str) -> NoReturn:
        raise ReferenceDataError(f"{self.name}: {key or 'the file'}: {message}")

    def mapping(self, value: Any, key: str) -> dict[Any, Any]:
        if not isinstance(value, dict):
            self.fail(key, "must be a mapping")
        return value

    def need(self, mapping: Any, name: str, where: str) -> Any:
        key = f"{where}.{name}" if where else str(name)
        value = self.mapping(mapping, where).get(name)
        if value is None or value == "":
            self.fail(key, "is missing")
        return value

    def source(self, mapping: Any, where: str) -> str:
        name = str(self.need(mapping, "source", where))
        if name not in self.sources:
            self.fail(f"{where}.source", f"{name!r} is not one of the sources: {self._known()}")
        return self.sources[name]

    def _known(self) -> str:
        return ", ".join(self.sources)

    def status(self, mapping: Any, where: str) -> Status:
        name = str(self.need(mapping, "status", where))
        try:
            return Status(name)
        except ValueError:
            choices = ", ".join(Status)
            self.fail(f"{where}.status", f"{name!r} is not one of: {choices}")

    def number(self, value: Any, key: str, *, positive: bool = True) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, f"{value!r} is not a number")
        number = float(value)
        if not math.isfinite(number) or number < 0 or (positive and number == 0):
            self.fail(
                key, f"{value!r} must be a {'positive' if positive else 'non-negative'} number"
            )
        return number

    def sourced(self, mapping: Any, where: str, *, nullable: bool = False) -> Sourced:
        """A `{value, source, status, note}` mapping; the value is left to the caller to check."""
        entry = self.mapping(mapping, where)
        if "value" not in entry or (entry["value"] is None and not nullable):
            self.fail(f"{where}.value", "is missing")
        return Sourced(
            value=entry["value"],
            source=self.source(entry, where),
            status=self.status(entry, where),
            note=str(entry.get("note") or "").strip(),
        )

    def sourced_number(self, mapping: Any, where: str) -> Sourced:
        found = self.sourced(mapping, where)
        return Sourced(self.number(found.value, f"{where}.value"), *_rest(found))

    def concentration(self, mapping: Any, where: str, *, to: str) -> Sourced:
        """A mass concentration, converted to the unit `to`."""
        found = self.sourced_number(mapping, where)
        unit = str(self.need(mapping, "unit", where))
        if unit not in MASS_UNITS_IN_MG:
            self.fail(f"{where}.unit", f"{unit!r} is not one of: {', '.join(MASS_UNITS_IN_MG)}")
        value = to_significant(found.value * MASS_UNITS_IN_MG[unit] / MASS_UNITS_IN_MG[to])
        return Sourced(value, *_rest(found))


def _code(file: ReferenceFile, code: Any, where: str) -> str:
    # YAML 1.1 reads a bare no, yes, on or off as a boolean: NO would silently become "False".
    if not isinstance(code, str):
        file.fail(
            f"{where}.{code}", "write the code in quotes (YAML reads no, on, off as booleans)"
        )
    return code


def _rest(found: Sourced) -> tuple[str, Status, str]:
    return found.source, found.status, found.note


def _substances(file: ReferenceFile) -> dict[str, Substance]:
    substances = {}
    for code, entry in file.mapping(
        file.need(file.content, "substances", ""), "substances"
    ).items():
        where = f"substances.{_code(file, code, 'substances')}"
        file.mapping(entry, where)
        norms = {
            name: file.concentration(entry[name], f"{where}.{name}", to="mg/m3")
            if name in entry
            else None
            for name in ("max_single", "daily_mean")
        }
        hazard = file.sourced(
            file.need(entry, "hazard_class", where), f"{where}.hazard_class", nullable=True
        )
        if hazard.value is not None and hazard.value not in (1, 2, 3, 4):
            file.fail(f"{where}.hazard_class.value", f"{hazard.value!r} is not a class 1-4")
        if norms["max_single"] is None and norms["daily_mean"] is None:
            file.fail(where, "has neither max_single nor daily_mean")
        substances[str(code)] = Substance(
            code=str(code),
            name=str(file.need(entry, "name", where)),
            max_single=norms["max_single"],
            daily_mean=norms["daily_mean"],
            hazard_class=hazard,
        )
    return substances


def _grading(file: ReferenceFile, entry: Any, where: str) -> Grading:
    bands = file.need(entry, "bands", where)
    if not isinstance(bands, list):
        file.fail(f"{where}.bands", "must be a list")
    read = []
    for i, band in enumerate(bands):
        at = f"{where}.bands[{i}]"
        try:
            level = Level(str(file.need(band, "level", at)))
        except ValueError:
            file.fail(f"{at}.level", f"is not one of: {', '.join(Level)}")
        upper = file.mapping(band, at).get("upper")
        read.append(
            Band(
                level=level,
                printed=str(file.need(band, "printed", at)),
                upper=None if upper is None else file.number(upper, f"{at}.upper", positive=False),
            )
        )
    if [band.level for band in read] != list(Level):
        file.fail(f"{where}.bands", f"must list the levels {', '.join(Level)} in that order")
    uppers = [band.upper for band in read]
    if uppers[-1] is not None or None in uppers[:-1]:
        file.fail(f"{where}.bands", "only the last band is open (upper: null)")
    closed = [upper for upper in uppers if upper is not None]
    if any(a >= b for a, b in itertools.pairwise(closed)):
        file.fail(f"{where}.bands", "the upper bounds must increase")
    return Grading(
        tuple(read),
        file.source(entry, where),
        file.status(entry, where),
        str(file.mapping(entry, where).get("note") or "").strip(),
    )


def _kazhydromet(file: ReferenceFile) -> Kazhydromet:
    gradings = file.need(file.content, "gradings", "")
    iza = file.need(file.content, "iza5", "")
    episodes = file.need(file.content, "episodes", "")
    exponents = file.mapping(file.need(iza, "exponents", "iza5"), "iza5.exponents")
    if sorted(exponents) != [1, 2, 3, 4]:
        file.fail("iza5.exponents", "must give hazard classes 1, 2, 3 and 4")
    pm_class = file.sourced(file.need(iza, "pm_hazard_class", "iza5"), "iza5.pm_hazard_class")
    if pm_class.value not in (1, 2, 3, 4):
        file.fail("iza5.pm_hazard_class.value", f"{pm_class.value!r} is not a class 1-4")
    count = file.sourced_number(file.need(iza, "substances", "iza5"), "iza5.substances")
    if count.value != int(count.value):
        file.fail("iza5.substances.value", "must be a whole number")
    high = file.sourced_number(file.need(episodes, "high", "episodes"), "episodes.high")
    extreme = file.sourced_number(
        file.need(episodes, "extremely_high", "episodes"), "episodes.extremely_high"
    )
    if extreme.value <= high.value:
        file.fail("episodes.extremely_high.value", "must be above episodes.high")
    return Kazhydromet(
        si=_grading(file, file.need(gradings, "si", "gradings"), "gradings.si"),
        np=_grading(file, file.need(gradings, "np", "gradings"), "gradings.np"),
        iza5=_grading(file, file.need(gradings, "iza5", "gradings"), "gradings.iza5"),
        iza_substances=Sourced(int(count.value), *_rest(count)),
        exponents={
            c: file.sourced_number(exponents[c], f"iza5.exponents.{c}") for c in (1, 2, 3, 4)
        },
        pm_hazard_class=pm_class,
        high_multiple=high,
        extreme_multiple=extreme,
    )


def _decimal(file: ReferenceFile, value: Any, key: str) -> Decimal:
    file.number(value, key, positive=False)
    return Decimal(str(value))


def _aqi_pollutant(file: ReferenceFile, code: str, entry: Any, where: str) -> AqiPollutant:
    decimals = file.mapping(entry, where).get("decimals")
    if not isinstance(decimals, int) or isinstance(decimals, bool) or decimals < 0:
        file.fail(f"{where}.decimals", "must be a whole number from 0")
    step = Decimal(1).scaleb(-decimals)
    rows = file.need(entry, "bands", where)
    if not isinstance(rows, list) or not rows:
        file.fail(f"{where}.bands", "must be a non-empty list")
    bands: list[AqiBand] = []
    for i, row in enumerate(rows):
        at = f"{where}.bands[{i}]"
        if not isinstance(row, list) or len(row) != 4:
            file.fail(at, "must be [concentration low, concentration high, index low, index high]")
        c_lo, c_hi = (_decimal(file, v, at) for v in row[:2])
        i_lo, i_hi = row[2:]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (i_lo, i_hi)):
            file.fail(at, "the index bounds must be whole numbers")
        if c_lo > c_hi or i_lo > i_hi:
            file.fail(at, "a low bound is above its high bound")
        if bands and (c_lo != bands[-1].c_hi + step or i_lo != bands[-1].i_hi + 1):
            file.fail(at, f"does not follow on from the band before it (step {step})")
        bands.append(AqiBand(c_lo, c_hi, i_lo, i_hi))
    return AqiPollutant(
        code=code,
        averaging=str(file.need(entry, "averaging", where)),
        unit=str(file.need(entry, "unit", where)),
        decimals=decimals,
        bands=tuple(bands),
        source=file.source(entry, where),
        status=file.status(entry, where),
    )


def _us_aqi(file: ReferenceFile) -> UsAqi:
    categories = file.need(file.content, "categories", "")
    read_categories = []
    for i, band in enumerate(file.need(categories, "bands", "categories")):
        at = f"categories.bands[{i}]"
        upper = file.number(file.need(band, "upper", at), f"{at}.upper")
        read_categories.append(AqiCategory(str(file.need(band, "code", at)), int(upper)))
    tables = file.need(file.content, "tables", "")
    if not isinstance(tables, list):
        file.fail("tables", "must be a list")
    read: list[AqiTable] = []
    for i, entry in enumerate(tables):
        where = f"tables[{i}]"
        code = str(file.need(entry, "code", where))
        effective = None
        if "effective_from" in entry:
            effective = file.sourced(entry["effective_from"], f"{where}.effective_from")
            if not isinstance(effective.value, datetime.date):
                file.fail(f"{where}.effective_from.value", "must be a date (YYYY-MM-DD)")
        pollutants = file.mapping(file.need(entry, "pollutants", where), f"{where}.pollutants")
        read.append(
            AqiTable(
                code=code,
                effective_from=effective,
                pollutants={
                    str(p): _aqi_pollutant(file, str(p), v, f"{where}.pollutants.{p}")
                    for p, v in pollutants.items()
                },
            )
        )
    undated = [t for t in read if t.effective_from is None]
    if len(undated) > 1:
        file.fail("tables", "only one table may have no effective_from")
    dated = sorted(
        (t for t in read if t.effective_from is not None),
        key=lambda t: t.effective_from.value,  # type: ignore[union-attr]
        reverse=True,
    )
    return UsAqi(
        tables=(*dated, *undated),
        categories=tuple(read_categories),
        categories_source=file.source(categories, "categories"),
        categories_status=file.status(categories, "categories"),
    )


def _who(file: ReferenceFile) -> Who:
    guidelines = {}
    for pollutant, by_time in file.mapping(
        file.need(file.content, "guidelines", ""), "guidelines"
    ).items():
        for averaging, entry in file.mapping(by_time, f"guidelines.{pollutant}").items():
            where = f"guidelines.{pollutant}.{averaging}"
            guidelines[(str(pollutant), str(averaging))] = file.concentration(
                entry, where, to="ug/m3"
            )
    interim = {}
    targets = file.mapping(file.need(file.content, "interim_targets", ""), "interim_targets")
    for pollutant, by_time in targets.items():
        for averaging, entries in file.mapping(by_time, f"interim_targets.{pollutant}").items():
            where = f"interim_targets.{pollutant}.{averaging}"
            if not isinstance(entries, list):
                file.fail(where, "must be a list")
            interim[(str(pollutant), str(averaging))] = tuple(
                file.concentration(e, f"{where}[{i}]", to="ug/m3") for i, e in enumerate(entries)
            )
    return Who(guidelines, interim)


def _gases(file: ReferenceFile) -> Gases:
    reference = file.need(file.content, "reference", "")
    factors = file.mapping(file.need(file.content, "factors", ""), "factors")
    temperature = file.sourced(
        file.need(reference, "temperature_c", "reference"), "reference.temperature_c"
    )
    file.number(temperature.value, "reference.temperature_c.value", positive=False)
    return Gases(
        temperature_c=Sourced(float(temperature.value), *_rest(temperature)),
        molar_volume_l=file.sourced_number(
            file.need(reference, "molar_volume_l", "reference"), "reference.molar_volume_l"
        ),
        factors={
            _code(file, k, "factors"): file.sourced_number(v, f"factors.{k}")
            for k, v in factors.items()
        },
    )


def _parameters(
    file: ReferenceFile, substances: Mapping[str, Substance], extreme_multiple: float
) -> dict[str, Parameter]:
    parameters = {}
    entries = file.mapping(file.need(file.content, "parameters", ""), "parameters")
    for code, entry in entries.items():
        where = f"parameters.{_code(file, code, 'parameters')}"
        if code not in substances:
            file.fail(where, "is not a substance of mpc.yaml")
        unit = str(file.need(entry, "unit", where))
        if unit not in MASS_UNITS_IN_MG:
            file.fail(f"{where}.unit", f"{unit!r} is not one of: {', '.join(MASS_UNITS_IN_MG)}")
        suspicious = file.concentration(
            file.need(entry, "suspicious_above", where), f"{where}.suspicious_above", to=unit
        )
        ceiling = file.concentration(
            file.need(entry, "ceiling", where), f"{where}.ceiling", to=unit
        )
        if ceiling.value <= suspicious.value:
            file.fail(f"{where}.ceiling.value", "must be above suspicious_above")
        mpc = substances[code].max_single
        if mpc is not None:
            extreme = to_significant(
                extreme_multiple * mpc.value * MASS_UNITS_IN_MG["mg/m3"] / MASS_UNITS_IN_MG[unit]
            )
            if ceiling.value < CEILING_MARGIN * extreme:
                file.fail(
                    f"{where}.ceiling.value",
                    f"{ceiling.value:g} {unit} is below {CEILING_MARGIN} x the threshold of "
                    f"extremely high pollution ({extreme_multiple:g} x the ПДК м.р. = "
                    f"{extreme:g} {unit}): values the index grades would be refused",
                )
        parameters[str(code)] = Parameter(str(code), unit, suspicious, ceiling)
    return parameters


def load_reference(folder: Path = DATA, texts: Mapping[str, str] | None = None) -> Reference:
    """Read and check every reference file in `folder`, or the text given in `texts` in place of
    a file; `ReferenceDataError` names the file and the key of the first problem."""
    given = texts or {}
    files = {name: ReferenceFile(folder, name, given.get(name)) for name in FILES}
    substances = _substances(files["mpc.yaml"])
    gases = _gases(files["gases.yaml"])
    for code in gases.factors:
        if code not in substances:
            files["gases.yaml"].fail(f"factors.{code}", "is not a substance of mpc.yaml")
    kazhydromet = _kazhydromet(files["kazhydromet.yaml"])
    return Reference(
        versions={name: file.version for name, file in files.items()},
        substances=substances,
        kazhydromet=kazhydromet,
        us_aqi=_us_aqi(files["us-aqi.yaml"]),
        who=_who(files["who-2021.yaml"]),
        gases=gases,
        parameters=_parameters(
            files["measurements.yaml"], substances, float(kazhydromet.extreme_multiple.value)
        ),
    )


@functools.cache
def bundled() -> Reference:
    """The reference data shipped with Jasyl, read once per process."""
    return load_reference()
