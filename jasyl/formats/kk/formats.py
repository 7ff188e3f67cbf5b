# Kazakh formats (CLDR `kk`): dates name their month, year first as in CLDR's medium date
# "y 'ж'. d MMM": 2026 ж. 3 жел. Numbers: 1 003,5. Django ships no format module for kk.
# The rule for every language is in docs/architecture.md, "Dates".
DATE_FORMAT = "Y ж. j b."
SHORT_DATE_FORMAT = "Y ж. j b."
DATETIME_FORMAT = "Y ж. j b. H:i"
SHORT_DATETIME_FORMAT = "Y ж. j b. H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "Y ж. F"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
