"""Error mail to ADMIN_EMAILS (Django's ADMINS) that carries no patient data.

Django's own AdminEmailHandler mails the request's GET and POST data, cookies, settings and
the exception's text, any of which can hold what a patient typed. This handler sends the log
message (ours name references, never answers; Django's name the path) and where the error
happened: exception type and the traceback's file, line, function and source line. The full
traceback stays in the stderr log. The mail is sent by a task on the email queue, so a hung
mail server never holds a request; if the queue cannot take it, stderr still has the error.
"""

import logging
import traceback

from django.conf import settings
from django.core.mail import mail_admins
from django.utils.log import AdminEmailHandler
from django_tasks import task


@task(queue_name=settings.EMAIL_TASK_QUEUE)
def send_error_mail(subject, body):
    # Silently: a failure here would be logged as an error, and mailed, and fail, forever.
    mail_admins(subject, body, fail_silently=True)


def error_report(record):
    """The body of the error mail: the message and the traceback's locations, no values."""
    lines = [record.getMessage(), ""]
    if record.exc_info and record.exc_info[0] is not None:
        exc_type, _, tb = record.exc_info
        lines.append(f"Exception type: {exc_type.__module__}.{exc_type.__qualname__}")
        lines.append("Traceback (values left out; the full one is in the stderr log):")
        for frame in traceback.extract_tb(tb):
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
            if frame.line:
                lines.append(f"    {frame.line}")
    return "\n".join(lines)


class PatientSafeAdminEmailHandler(AdminEmailHandler):
    def emit(self, record):
        if not settings.ADMINS:
            return
        subject = self.format_subject(f"{record.levelname}: {record.getMessage()}")
        try:
            send_error_mail.enqueue(subject, error_report(record))
        except Exception as error:  # the queue's database may be what failed
            logging.getLogger(__name__).warning(
                "Error mail not queued (%s); the error is in this log.", type(error).__name__
            )
