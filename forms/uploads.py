"""Uploads held in memory only, within the limits, so nothing a defender sends touches disk in clear."""

from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers


class InMemoryOnlyUploadHandler(FileUploadHandler):
    """Like Django's MemoryFileUploadHandler, but always active: it never hands a large file over to
    the temporary-file handler. A file over UPLOAD_MAX_FILE_SIZE, or beyond UPLOAD_MAX_FILES, is not
    kept; its name is recorded in `request.upload_refusals` so the form can say why."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request.upload_refusals = []
        self.file_count = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file_count += 1
        self.buffer = BytesIO()
        self.refused = self.file_count > settings.UPLOAD_MAX_FILES
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data, start):
        if self.refused:
            return None
        if self.buffer.tell() + len(raw_data) > settings.UPLOAD_MAX_FILE_SIZE:
            self.refused = True
            self.buffer = BytesIO()
            return None
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        if self.refused:
            self.request.upload_refusals.append(self.file_name)
            return None
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
