# Norwegian nynorsk: written as in bokmål ("5. desember 2026 kl. 12.00", "3,75").
from config.formats.nb.formats import DATETIME_FORMAT, SHORT_DATETIME_FORMAT, TIME_FORMAT

__all__ = ["DATETIME_FORMAT", "SHORT_DATETIME_FORMAT", "TIME_FORMAT"]
