"""Error reports that never carry what a reader sent.

A view that receives a public form marks its request `sensitive_post_parameters = "__ALL__"` (what
Django's decorator of that name does). Django's own filter then hides the POST values, but an error
report still lists the names of uploaded files and, in its HTML form (and in error trackers that
read it), every local variable of every frame: the answers, the form, the files. For a marked request
these hide them too.
"""

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter


def is_marked_sensitive(request):
    return request is not None and getattr(request, "sensitive_post_parameters", None) == "__ALL__"


class PublicFormReporterFilter(SafeExceptionReporterFilter):
    def get_traceback_frame_variables(self, request, tb_frame):
        if self.is_active(request) and is_marked_sensitive(request):
            return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
        return super().get_traceback_frame_variables(request, tb_frame)


class PublicFormExceptionReporter(ExceptionReporter):
    def get_traceback_data(self):
        data = super().get_traceback_data()
        if is_marked_sensitive(self.request) and self.filter.is_active(self.request):
            substitute = self.filter.cleansed_substitute
            data["request_FILES_items"] = [(name, substitute) for name in self.request.FILES]
        return data
