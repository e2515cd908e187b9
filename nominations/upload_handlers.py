"""Uploads to the nomination form are capped while they stream in (#21).

A file may be 10 MB (uploads.MAX_FILE_SIZE). Django would write a larger one whole to a
temporary file before the form could refuse it; here the writing stops at the limit: the part
written so far is deleted at once, the rest of the file is read past without being kept, and the
form gets a stand-in (TooLargeUpload) that says which file it was, so that the field shows
«Filen … er større enn 10 MB» beside it (uploads.validate_upload).

A request may be at most MAX_REQUEST_SIZE (ten such files and the form around them, as nginx's
client_max_body_size in docs/production.md): a larger one is refused before a byte of it is
read, with the page of 413 Content Too Large. DATA_UPLOAD_MAX_MEMORY_SIZE caps only what is not
a file.

Installed for the wizard's views only (`capped`, in urls.py): the admin's imports keep Django's
handlers. Upload handlers must be set before the request's body is read, and the CSRF check
reads it: `capped` exempts the view from the middleware's check and makes the same check itself
once the handlers are in place, as Django's documentation shows ("Modifying upload handlers on
the fly").
"""

from functools import wraps

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from .uploads import MAX_FILE_SIZE, MAX_FILES_PER_NOMINATION

# Ten files of the largest size in one post, and 10 MB for the form and the multipart around
# them: nginx's client_max_body_size 110m.
MAX_REQUEST_SIZE = (MAX_FILES_PER_NOMINATION + 1) * MAX_FILE_SIZE


class RequestTooLarge(Exception):
    """The request says it is larger than MAX_REQUEST_SIZE: nothing of it is read."""


class TooLargeUpload(UploadedFile):
    """Stands in for a file stopped at the limit: its name, no content. Its size is the limit
    and one byte, as much as was received before it was stopped."""

    stopped_at_limit = True

    def __init__(self, name, content_type, field_name):
        super().__init__(
            file=None, name=name, content_type=content_type, size=MAX_FILE_SIZE + 1, charset=None
        )
        self.field_name = field_name

    def open(self, mode=None):
        raise ValueError("A file stopped at the size limit has no content.")

    def close(self):
        pass


class CappedUploadHandler(TemporaryFileUploadHandler):
    """Django's handler for files on disk, which stops writing a file at MAX_FILE_SIZE."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > MAX_REQUEST_SIZE:
            raise RequestTooLarge(content_length)

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.stopped = False

    def receive_data_chunk(self, raw_data, start):
        if self.stopped:
            return None
        self.received += len(raw_data)
        if self.received > MAX_FILE_SIZE:
            self.stopped = True
            self.file.close()  # a temporary file deletes itself when closed
            return None
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        if self.stopped:
            return TooLargeUpload(self.file_name, self.content_type, self.field_name)
        return super().file_complete(file_size)


def install(request):
    """Small files in memory as Django keeps them; the others on disk, capped."""
    request.upload_handlers = [MemoryFileUploadHandler(request), CappedUploadHandler(request)]


def too_large(request):
    return render(
        request,
        "nominations/too_large.html",
        {
            "max_request": filesizeformat(MAX_REQUEST_SIZE),
            "max_file": filesizeformat(MAX_FILE_SIZE),
        },
        status=413,
    )


def capped(view):
    """The view with capped uploads, and the CSRF check made after they are installed."""
    protected = csrf_protect(view)

    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            install(request)
            try:
                request.POST  # noqa: B018 — read here, where a refusal can be answered
            except RequestTooLarge:
                return too_large(request)
        return protected(request, *args, **kwargs)

    return csrf_exempt(wraps(view)(wrapper))
