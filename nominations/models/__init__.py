"""Nominations: the municipality register, awards, cycles, criteria, candidates and nominations.

Split in modules by subject; import models from here.
"""

from .audit import AuditEntry, AuditIsPermanent, AuditKind  # noqa: F401
from .cycles import Award, Criterion, CriterionClause, Cycle, Phase, ScalePoint  # noqa: F401
from .entries import (  # noqa: F401
    Answer,
    Attachment,
    Candidate,
    Eligibility,
    Nomination,
    NominationStatus,
    NominatorKind,
)
from .register import Municipality, MunicipalityKind  # noqa: F401
