"""Figures stated in the published Kazakh text: amounts, lengths, areas, counts.

`read_figures` finds each number with what it measures, in the document's own formatting: a
space groups thousands (`84 628`), a comma (or, in a few cells, a point) is the decimal mark
(`29,14`), `мың` / `млн` / `миллион` / `млрд` multiply, `млн теңге` is money, and a case ending
may hang on a number (`800-ге`, `40%-ға`). What a number measures is one of:

- `money`: million tenge (the plan's amount unit) when the number is followed by `млн` or
  `млрд` and `теңге` / `тг`, or by a bare `млн` in a sentence that speaks of tenge;
- a unit code of the roadmap data (`km`, `ha`, `m2`, `m3`, `kt_per_year`, `percent`,
  `person`) when a unit word follows (`км`, `га`, `ш.м.`, `текше метр`, `мың тонна`, `%`,
  `адам`);
- `noun:<word>`: the first word after the number (after `бірлік`, `дана` and `көлемінде`), or
  its first two words when the first is shorter than four letters (`су айдыны`).

A year written as `2023 жылы` is not a figure: it ties the money figures after it, in the same
sentence, to that year. A figure after `жылына` or `жыл сайын` is a yearly figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from jasyl.core.i18n import Text
from jasyl.domain.roadmap.domain import Activity, Plan

MONEY = "money"
NOUN = "noun:"

_NUMBER = re.compile(r"(?<![\w.,])(?<!\d-)(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,](\d+))?(?![\d])")
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE = re.compile(r"(?<=[.;!?])\s+")
_YEAR = re.compile(r"\s*(?:жыл|ж\.)")
_CASE_ENDING = re.compile(r"-[^\W\d_]+")
_YEARLY = re.compile(r"(?:жылына|жыл сайын)(?:\s+[^\W\d_]+){0,2}\s*$", re.IGNORECASE)
_TENGE = re.compile(r"\b(?:теңге\w*|тг)\b", re.IGNORECASE)

MULTIPLIERS = {
    "мың": Decimal(1000),
    "млн": Decimal(10) ** 6,
    "миллион": Decimal(10) ** 6,
    "млрд": Decimal(10) ** 9,
    "млдр": Decimal(10) ** 9,  # the document's own misspelling of млрд (item 5.3)
    "миллиард": Decimal(10) ** 9,
}
# Unit words as the document prints them, the unit code of the roadmap data they stand for, and
# the factor from the printed quantity to that unit (tonnes are counted in thousands).
UNITS: tuple[tuple[re.Pattern[str], str, Decimal], ...] = (
    (re.compile(r"км(?![^\W\d_])"), "km", Decimal(1)),
    (re.compile(r"га(?![^\W\d_])"), "ha", Decimal(1)),
    (re.compile(r"ш\.\s?м\.?|шаршы\s+метр"), "m2", Decimal(1)),
    (re.compile(r"текше\s+метр"), "m3", Decimal(1)),
    (re.compile(r"тонна"), "kt_per_year", Decimal("0.001")),
    (re.compile(r"адам"), "person", Decimal(1)),
)
COUNT_WORDS = {"бірлік", "дана", "көлемінде"}


@dataclass(frozen=True)
class Figure:
    value: Decimal
    kind: str
    text: str
    sentence: int
    year: int | None = None
    yearly: bool = False
    also: str | None = None  # the second word after the number, as a noun of its own


def _number(match: re.Match[str]) -> Decimal:
    whole = re.sub(r"\s", "", match.group(1))
    return Decimal(f"{whole}.{match.group(2)}" if match.group(2) else whole)


def _is_year(match: re.Match[str], rest: str, before: str) -> bool:
    if match.group(2) or " " in match.group(1) or not 1900 <= int(match.group(1)) <= 2100:
        return False
    return bool(_YEAR.match(rest)) or rest.startswith("-") or before.endswith("-")


def _noun(words: list[str]) -> str | None:
    if not words:
        return None
    if len(words[0]) < 4 and len(words) > 1:
        return f"{words[0]} {words[1]}"
    return words[0]


def _also(words: list[str]) -> str | None:
    """An adjective may stand first (`56 жергілікті учаске`): the next word, as a noun too."""
    return NOUN + words[1] if len(words) > 1 and len(words[0]) >= 4 else None


def _words(text: str) -> list[str]:
    """The words that follow, up to the first punctuation mark that ends a phrase."""
    phrase = re.split(r"[,;:()\[\]«»\"]|\.\s|\s[-–]\s", text, maxsplit=1)[0]
    return [w.lower() for w in _WORD.findall(phrase)]


def _figure(
    value: Decimal, rest: str, sentence: str, amount_scale: int
) -> tuple[str, Decimal, int, str | None] | None:
    """What the text after a number measures: (kind, value, characters read, second noun)."""
    read = 0
    ending = _CASE_ENDING.match(rest)
    if rest.startswith("%"):
        return "percent", value, 1, None
    if ending:
        read = ending.end()
    multiplier = Decimal(1)
    head = re.match(r"\s*([^\W\d_]+)\.?(?:-[^\W\d_]+)?", rest[read:])
    if head and head.group(1).lower() in MULTIPLIERS:
        word = head.group(1).lower()
        multiplier = MULTIPLIERS[word]
        read += head.end()
        if word != "мың":
            after = rest[read:]
            currency = re.match(r"\s*(?:теңге\w*|тг)\b", after, re.IGNORECASE)
            if currency:
                return MONEY, value * multiplier / amount_scale, read + currency.end(), None
            if not re.match(r"\s*[^\W\d_]", after) and _TENGE.search(sentence):
                return MONEY, value * multiplier / amount_scale, read, None
    after = rest[read:].lstrip()
    skipped = len(rest) - read - len(after)
    for pattern, unit, factor in UNITS:
        unit_match = pattern.match(after.lower())
        if unit_match:
            return unit, value * multiplier * factor, read + skipped + unit_match.end(), None
    words = _words(after)
    while words and words[0] in COUNT_WORDS:
        words.pop(0)
    noun = _noun(words)
    if noun is None:
        return None
    end = after.lower().find(noun.split()[-1]) + len(noun.split()[-1])
    return NOUN + noun, value * multiplier, read + skipped + max(end, 0), _also(words)


def read_figures(text: str, amount_scale: int = 1_000_000) -> list[Figure]:
    """Every figure of a text, in order; see the module's docstring for what is read."""
    text = " ".join(text.replace("\u00a0", " ").split())
    found: list[Figure] = []
    for index, sentence in enumerate(_SENTENCE.split(text)):
        year: int | None = None
        for match in _NUMBER.finditer(sentence):
            rest, before = sentence[match.end() :], sentence[: match.start()]
            if _is_year(match, rest, before):
                if _YEAR.match(rest):
                    year = int(match.group(1))
                continue
            read = _figure(_number(match), rest, sentence, amount_scale)
            if read is None:
                continue
            kind, value, length, also = read
            found.append(
                Figure(
                    value=value,
                    kind=kind,
                    text=sentence[match.start() : match.end() + length].strip(),
                    sentence=index,
                    year=year if kind == MONEY else None,
                    yearly=bool(_YEARLY.search(before)),
                    also=also,
                )
            )
    return found


def same_kind(a: str, b: str) -> bool:
    """Two kinds match when they are the same unit, or nouns with the same stem.

    Kazakh adds its endings to the stem: `ағаш`, `ағашты`, `ағаштың` are one noun. Two words
    match when they agree in their first five letters (or all of the shorter word, if it has
    three or four).
    """
    if not (a.startswith(NOUN) and b.startswith(NOUN)):
        return a == b
    first, second = a[len(NOUN) :].split(), b[len(NOUN) :].split()
    if len(first) != len(second):
        return False
    for x, y in zip(first, second, strict=True):
        k = min(len(x), len(y), 5)
        if x != y and (k < 3 or x[:k] != y[:k]):
            return False
    return True


# Comparing a description with its own row: the table's figures of the same kind.


@dataclass(frozen=True)
class Candidate:
    value: Decimal
    where: Text


@dataclass(frozen=True)
class Mismatch:
    """Figures of a description that no figure of the row's table agrees with."""

    figures: tuple[Figure, ...]
    stated: Decimal
    kind: str
    table: Decimal | None
    where: Text
    year: int | None = None
    period: str | None = None


def _unit(value: Decimal) -> Decimal:
    exponent = value.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return Decimal(1).scaleb(-places)


def agrees(a: Decimal, b: Decimal) -> bool:
    """Equal, or equal once the more precise figure is rounded as the other is printed."""
    return abs(a - b) <= max(_unit(a), _unit(b)) / 2


def _span(first: str, last: str) -> str:
    """`2022` and `2026-2030` -> `2022–2030`."""
    if first == last:
        return first
    return f"{first.split('-')[0]}–{last.split('-')[-1]}"


def _where_output(first: str, last: str) -> Text:
    if first == last:
        return Text(
            f"{first} ж. жоспарланған нәтиже",
            f"запланированный результат на {first}",
            f"the planned output for {first}",
        )
    span = _span(first, last)
    return Text(
        f"{span} жж. жоспарланған нәтижелердің сомасы",
        f"сумма запланированных результатов за {span}",
        f"the planned outputs for {span} added up",
    )


def _where_kpi(first: int, last: int) -> Text:
    if first == last:
        return Text(f"{first} жылғы KPI", f"KPI на {first} год", f"the {first} KPI")
    span = _span(str(first), str(last))
    return Text(
        f"{span} жж. KPI сомасы", f"сумма KPI на {span} годы", f"the KPIs for {span} added up"
    )


def _where_funding(first: str, last: str) -> Text:
    if first == last:
        return Text(
            f"{first} ж. қаржыландыру", f"финансирование на {first}", f"the funding for {first}"
        )
    span = _span(first, last)
    return Text(
        f"{span} жж. қаржыландыру сомасы",
        f"сумма финансирования за {span}",
        f"the funding for {span} added up",
    )


TOTAL = Text("жалпы сомасы", "общая сумма", "the total")


def _runs(
    cells: list[tuple[str, Decimal | None]], start: int | None = None
) -> list[tuple[str, str, Decimal]]:
    """Sums over consecutive cells that begin and end with a stated figure (one cell included)."""
    runs: list[tuple[str, str, Decimal]] = []
    starts = range(len(cells)) if start is None else [start]
    for i in starts:
        if cells[i][1] is None:
            continue
        total = Decimal(0)
        for j in range(i, len(cells)):
            value = cells[j][1]
            if value is None:
                continue
            total += value
            runs.append((cells[i][0], cells[j][0], total))
    return runs


def _table(
    texts: list[tuple[str, str]], kind: str, yearly: bool, single: set[str], amount_scale: int
) -> list[tuple[str, list[Figure]]]:
    cells = []
    for key, text in texts:
        found = [
            f
            for f in read_figures(text, amount_scale)
            if same_kind(f.kind, kind) or (f.also is not None and same_kind(f.also, kind))
        ]
        if yearly:
            found = [f for f in found if f.yearly or key in single]
        cells.append((key, found))
    return cells


def table_candidates(plan: Plan, activity: Activity, kind: str, yearly: bool) -> list[Candidate]:
    """The figures of the row's outputs and KPIs of one kind, one by one and added up by period."""
    single = {p.code for p in plan.periods if p.start == p.end}
    outputs = [
        (p.code, activity.outputs[p.code].text.kk)
        for p in plan.periods
        if p.code in activity.outputs
    ]
    kpis = [(str(y), s.text.kk) for y, s in sorted(activity.kpi.items())]
    found: list[Candidate] = []
    # A KPI is yearly only when its text says so; an output of a one-year period is yearly.
    for texts, where, one_year in (
        (outputs, _where_output, single),
        (kpis, _where_kpi_text, set()),
    ):
        cells = _table(texts, kind, yearly, one_year, plan.amount_scale)
        found += [Candidate(f.value, where(key, key)) for key, figures in cells for f in figures]
        # A cell may state a figure and its detail ("295 sites (1 250 containers)"): the periods
        # are added up by their first figures and by their last.
        for pick in (0, -1):
            picked = [(key, figures[pick].value if figures else None) for key, figures in cells]
            found += [Candidate(total, where(a, b)) for a, b, total in _runs(picked) if a != b]
    return found


def _where_kpi_text(first: str, last: str) -> Text:
    return _where_kpi(int(first), int(last))


def _nearest(value: Decimal, candidates: list[Candidate]) -> Candidate:
    """The candidate closest to the value; of equals, the one found last (the latest, longest)."""
    ranked = enumerate(candidates)
    return min(ranked, key=lambda item: (abs(item[1].value - value), -item[0]))[1]


def _compare_quantities(plan: Plan, activity: Activity, figures: list[Figure]) -> list[Mismatch]:
    unmatched: dict[str, list[tuple[Figure, list[Candidate]]]] = {}
    comparable: dict[str, list[Figure]] = {}
    for figure in figures:
        candidates = table_candidates(plan, activity, figure.kind, figure.yearly)
        if not candidates:
            continue  # the row's table states nothing of this kind: nothing to compare with
        comparable.setdefault(figure.kind, []).append(figure)
        if not any(agrees(figure.value, c.value) for c in candidates):
            unmatched.setdefault(figure.kind, []).append((figure, candidates))
    found: list[Mismatch] = []
    for kind, rows in unmatched.items():
        # Figures that together make up one of the table's figures are its breakdown.
        wholes = [sum((f.value for f, _ in rows), Decimal(0))]
        wholes.append(sum((f.value for f in comparable[kind]), Decimal(0)))
        several = len(rows) > 1 or len(comparable[kind]) > 1
        if several and any(agrees(w, c.value) for w in wholes for c in rows[0][1]):
            continue
        for figure, candidates in rows:
            nearest = _nearest(figure.value, candidates)
            found.append(Mismatch((figure,), figure.value, kind, nearest.value, nearest.where))
    return found


def _compare_money(plan: Plan, activity: Activity, figures: list[Figure]) -> list[Mismatch]:
    funding = activity.figures.funding
    if not funding and activity.figures.total is None:
        return []
    codes = [p.code for p in plan.periods]
    cells = [(code, funding.get(code)) for code in codes]
    found: list[Mismatch] = []
    by_year: dict[int, list[Figure]] = {}
    for figure in figures:
        if figure.year is not None:
            by_year.setdefault(figure.year, []).append(figure)
    for year, group in by_year.items():
        period = next((p.code for p in plan.periods if p.start <= year <= p.end), None)
        if period is None:
            continue
        stated = sum((f.value for f in group), Decimal(0))
        # "In 2023 the study begins; it costs 200": the cost may run on into later periods.
        runs = _runs(cells, codes.index(period))
        if not any(agrees(stated, total) for _, _, total in runs):
            where = _where_funding(period, period)
            found.append(
                Mismatch(tuple(group), stated, MONEY, funding.get(period), where, year, period)
            )
    for figure in figures:
        if figure.year is not None:
            continue
        parts = [f.value for f in figures if f.year is not None and f.sentence == figure.sentence]
        if parts and agrees(figure.value, sum(parts, Decimal(0))):
            continue  # a sum whose parts, year by year, follow it
        totals = [t for _, _, t in _runs(cells)]
        if activity.figures.total is not None:
            totals.append(activity.figures.total)
        if not any(agrees(figure.value, total) for total in totals):
            found.append(Mismatch((figure,), figure.value, MONEY, activity.figures.total, TOTAL))
    return found


def compare_description(plan: Plan, activity: Activity) -> list[Mismatch]:
    """The description's figures that disagree with every figure of its row of the same kind.

    A figure is compared when the row's outputs or KPIs state figures of its kind (or, for
    money, when the row states funding); it agrees with a single figure, with the figures of
    consecutive periods added up, or with the total. Figures of one kind that together make up
    a figure of the table are its breakdown, and money tied to a year may run on into the
    following periods. Anything else is a mismatch, reported with the nearest figure of the
    table.
    """
    figures = read_figures(activity.description.kk, plan.amount_scale)
    money = [f for f in figures if f.kind == MONEY]
    others = [f for f in figures if f.kind != MONEY]
    return _compare_money(plan, activity, money) + _compare_quantities(plan, activity, others)
