# Norwegian bokmål. Språkrådet writes times with a full stop: "kl. 12.00"; Django's own "12:00"
# is allowed but not what Norwegian public services write. Dates stay Django's "5. desember 2026"
# and numbers its decimal comma, "3,75".
TIME_FORMAT = "H.i"
DATETIME_FORMAT = r"j. F Y \k\l. H.i"
SHORT_DATETIME_FORMAT = r"d.m.Y \k\l. H.i"
