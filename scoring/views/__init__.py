"""The jury's pages: jury_home (the juror's list, conflicts) and review (a candidate's page)."""
