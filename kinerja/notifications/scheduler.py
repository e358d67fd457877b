"""The job scheduler that runs the reminders beside the web app (APScheduler 3).

``kinerja serve`` and ``kinerja demo`` start it in a background thread of the web process
(``start_background``) unless ``KINERJA_SCHEDULER=off``; ``kinerja worker`` runs it alone in the
foreground (``run_forever``) for a deployment that keeps the web processes free of jobs. Several
processes may run it at once, on SQLite or PostgreSQL: a notification is made once per user and
key, and its e-mail sent once (``kinerja.notifications.services``), so a second runner only finds
nothing left to do.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections

log = logging.getLogger(__name__)

JOB_ID = "kinerja-reminders"


def run_job() -> Any:
    """One pass of the reminder job in a thread of its own (fresh database connections)."""
    from kinerja.notifications.reminders import run

    close_old_connections()
    try:
        summary = run()
        log.info("pengingat: %s", summary)
        return summary
    except Exception:
        log.exception("tugas pengingat gagal")
        return None
    finally:
        close_old_connections()


def _add_job(scheduler: Any, first_run: datetime | None) -> None:
    scheduler.add_job(
        run_job,
        "interval",
        minutes=settings.KINERJA_REMINDER_MINUTES,
        id=JOB_ID,
        next_run_time=first_run,
        coalesce=True,  # runs missed while the machine slept count as one
        max_instances=1,
        replace_existing=True,
    )


def start_background(delay_seconds: int = 30) -> Any | None:
    """Start the job in a background thread of this process (None when switched off)."""
    if not settings.KINERJA_SCHEDULER:
        return None
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(timezone=settings.TIME_ZONE, daemon=True)
    _add_job(scheduler, datetime.now(scheduler.timezone) + timedelta(seconds=delay_seconds))
    scheduler.start()
    return scheduler


def run_forever() -> None:
    """``kinerja worker``: the job in the foreground, first run at once, until interrupted."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
    _add_job(scheduler, datetime.now(scheduler.timezone))
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
