"""The nominations app's admin, one module per subject. Importing them registers their pages.

    municipalities  the municipality register (import of SSB's lists)
    cycles          awards, cycles and criteria
    candidates      screening the candidates
    nominations     the nominations: read, export, withdrawal, personal data on request
    audit           the audit record

Shared with the scoring app's admin: filters (CycleFilter), record_links (RecordLinkMixin) and
confirmation (an action's confirmation page with a reason).
"""

from . import audit, candidates, cycles, municipalities, nominations  # noqa: F401
