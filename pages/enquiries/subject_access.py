"""What the clinic holds for one email address, as the patient may ask for it or have it erased.

The one home for a data-subject request: the `enquiry_data` command (automation) and the
admin's "Subject access and erasure" view both use these functions. Requests are matched on
the stored email address, ignoring case; with each come its internal notes. Nothing else in the
database holds a patient's details: emails are not stored, task arguments are only row ids, and
audit entries hold references and field names.
"""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from .desk import ENQUIRY_ERASED, ENQUIRY_EXPORTED, EnquiryNote, log_access
from .exports import neutralise_formula
from .models import EXPORTED_FIELDS, ConsultationSubmission

NOTE_FIELDS = ["created_at", "text"]


def requests_for(email):
    return (
        ConsultationSubmission.objects.filter(email__iexact=email.strip())
        .select_related("not_proceeding_reason")
        .prefetch_related("notes")
        .order_by("submit_time")
    )


def as_record(submission):
    """A request as the patient receives it: its exported fields, then its notes."""
    record = {}
    for name in EXPORTED_FIELDS:
        value = getattr(submission, name)
        if name == "status":
            value = submission.get_status_display()
        elif name == "not_proceeding_reason":
            value = str(value) if value else ""
        record[name] = value
    record["notes"] = [
        {name: getattr(note, name) for name in NOTE_FIELDS} for note in submission.notes.all()
    ]
    return record


def held_for(email):
    return [as_record(submission) for submission in requests_for(email)]


def as_json(records):
    return json.dumps(records, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def as_csv(records):
    """One row per request; its notes in one cell, oldest first, each with its time."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*EXPORTED_FIELDS, "notes"])
    writer.writeheader()
    for record in records:
        row = {name: record[name] for name in EXPORTED_FIELDS}
        row["form_data"] = json.dumps(record["form_data"], cls=DjangoJSONEncoder)
        row["notes"] = "\n".join(
            f"{note['created_at']:%Y-%m-%d %H:%M}: {note['text']}" for note in record["notes"]
        )
        writer.writerow({name: neutralise_formula(value) for name, value in row.items()})
    return out.getvalue()


def export(email, export_format, user=None):
    """The patient's data as JSON or CSV text; each request exported is audited."""
    submissions = list(requests_for(email))
    log_access(submissions, ENQUIRY_EXPORTED, user, via="subject access", format=export_format)
    records = [as_record(submission) for submission in submissions]
    return as_csv(records) if export_format == "csv" else as_json(records)


@transaction.atomic
def erase(email, user=None):
    """Delete every request for the address and its notes; returns how many requests.

    The audit entry per request keeps its reference (and who erased it), nothing personal.
    """
    submissions = list(requests_for(email))
    log_access(submissions, ENQUIRY_ERASED, user, via="subject access")
    EnquiryNote.objects.filter(submission__in=submissions).delete()
    ConsultationSubmission.objects.filter(pk__in=[s.pk for s in submissions]).delete()
    return len(submissions)
