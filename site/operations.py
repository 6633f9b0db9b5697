"""Operator signals for the task queue: how many tasks wait, and for how long.

Read by `manage.py check_operations` (for monitoring: exit status 1 with a reason) and by the
enquiry handlers' dashboard panel. A task waits from when it was queued or, for a deferred
retry, from the time it was due; a stopped or stuck worker shows as a growing oldest age.
"""

from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.db.models import Case, Count, F, Min, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max


class QueueState(NamedTuple):
    name: str
    waiting: int
    oldest_seconds: int  # 0 when nothing waits
    failed_last_day: int


def queue_states(now=None):
    """One QueueState per configured queue (the database queue's table; empty otherwise)."""
    now = now or timezone.now()
    due = (
        DBTaskResult.objects.ready()
        .annotate(
            # run_after is a far-future sentinel for "as soon as possible".
            waiting_since=Case(
                When(run_after=get_date_max(), then=F("enqueued_at")),
                default=Greatest("enqueued_at", "run_after"),
            )
        )
        .values("queue_name")
        .annotate(waiting=Count("pk"), oldest=Min("waiting_since"))
    )
    by_queue = {row["queue_name"]: row for row in due}
    failed = dict(
        DBTaskResult.objects.filter(status="FAILED", finished_at__gte=now - timedelta(days=1))
        .values("queue_name")
        .annotate(count=Count("pk"))
        .values_list("queue_name", "count")
    )
    states = []
    for name in settings.TASK_QUEUES:
        row = by_queue.get(name, {})
        oldest = row.get("oldest")
        states.append(
            QueueState(
                name=name,
                waiting=row.get("waiting", 0),
                oldest_seconds=int((now - oldest).total_seconds()) if oldest else 0,
                failed_last_day=failed.get(name, 0),
            )
        )
    return states
