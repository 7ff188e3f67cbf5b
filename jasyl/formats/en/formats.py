# English dates name their month, day first: 3 Dec 2026, never Django's US `m/d/Y`
# (12/03/2026 reads as 12 March outside the US); times on the 24-hour clock as in kk and ru.
# Dates typed in forms are ISO (2026-12-03): the month-first forms are not accepted.
# The rule for every language is in docs/architecture.md, "Dates".
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M"]
