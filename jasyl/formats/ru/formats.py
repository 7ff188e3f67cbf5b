# Russian dates name their month in the genitive, as written in prose: 3 декабря 2026. Django's
# own `d.m.Y` is read the other way round by a reader used to month-first dates. The abbreviated
# month names Django has for Russian lack their full stops (and "май" is not abbreviated), so the
# full name is used in tables too. Numbers stay Django's: 1 003,5.
# The rule for every language is in docs/architecture.md, "Dates".
DATE_FORMAT = "j E Y г."
SHORT_DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y г. H:i"
SHORT_DATETIME_FORMAT = "j E Y H:i"
TIME_FORMAT = "H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
]
