"""The cycle's Excel workbook as a download, for the chair and the secretariat."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from .. import workbook as workbooks


@never_cache  # the file holds the jury's scores and, for the secretariat, personal data
@login_required
def workbook(request, cycle_id):
    """Anonymous visitors are sent to the login; whoever may not export gets 404. The workbook
    is written to a temporary file and streamed from it (FileResponse closes it)."""
    right = workbooks.export_right(request.user, cycle_id)
    stream = workbooks.workbook_file(
        right.cycle,
        request.user,
        include_contacts=right.include_contacts,
        language=get_language(),
    )
    return FileResponse(
        stream,
        as_attachment=True,
        filename=workbooks.filename(right.cycle),
        content_type=workbooks.CONTENT_TYPE,
    )
