# English, as British English and most of Europe write it, for readers of a Norwegian service:
# "5 December 2026", a 24-hour clock in Norwegian time ("12:00"). Django's own "Dec. 5, 2026" and
# "noon" are American. Numbers keep Django's decimal point, "3.75".
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"j F Y \a\t H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "j F"
