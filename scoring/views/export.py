"""The cycle's Excel workbook as a download, for the chair and the secretariat."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from .. import workbook as workbooks


@never_cache  # the file holds the jury's scores and, for the secretariat, personal data
@login_required
def workbook(request, cycle_id):
    """Anonymous visitors are sent to the login; whoever may not export gets 404."""
    right = workbooks.export_right(request.user, cycle_id)
    content = workbooks.build_workbook(
        right.cycle,
        request.user,
        include_contacts=right.include_contacts,
        language=get_language(),
    )
    response = HttpResponse(content, content_type=workbooks.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{workbooks.filename(right.cycle)}"'
    return response
