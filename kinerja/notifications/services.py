"""Making and sending notifications: the one place that decides whether a user is told, in the
app and by e-mail, and that sends each e-mail at most once.

* ``notify`` makes the notification of ``key`` for a user unless it exists (the unique
  ``user``+``key`` constraint decides, so two processes running the job make one row); it is
  e-mailed when the user has an address and wants that kind by e-mail (``Preference``).
* ``send_pending`` sends what waits: each row is claimed by a conditional update
  (``pending`` → ``sending``) before its e-mail goes, so two workers never send the same one; a
  failed send is tried again on the next runs (``MAX_ATTEMPTS``), a claim older than
  ``STALE_CLAIM`` (a process that died while sending) is taken over.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from kinerja.notifications.models import Notification, Preference

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
STALE_CLAIM = timedelta(minutes=15)


def preference_of(user: Any) -> Preference:
    """The user's choices (the defaults when never saved; not written)."""
    try:
        return Preference.objects.get(user=user)
    except Preference.DoesNotExist:
        return Preference(user=user)


def preferences_of(users: list[Any]) -> dict[int, Preference]:
    saved = {p.user_id: p for p in Preference.objects.filter(user__in=[u.pk for u in users])}
    return {u.pk: saved.get(u.pk) or Preference(user=u) for u in users}


@dataclass(frozen=True)
class Message:
    kind: str  # Notification.KINDS
    key: str
    subject: str
    body: str
    url: str = ""


def notify(user: Any, message: Message, preference: Preference | None = None) -> Notification | None:
    """Make the notification unless the user already has one of that key; None when it existed."""
    preference = preference or preference_of(user)
    by_email = bool(user.email) and user.is_active and preference.emails(message.kind)
    try:
        with transaction.atomic():
            return Notification.objects.create(
                user=user,
                kind=message.kind,
                key=message.key[:200],
                subject=message.subject[:300],
                body=message.body,
                url=message.url[:300],
                email_state="pending" if by_email else "none",
            )
    except IntegrityError:
        return None


def absolute(url: str) -> str:
    return url if not url or "://" in url else settings.KINERJA_PUBLIC_URL + url


def _claim(now: Any) -> list[Notification]:
    waiting = Q(email_state="pending") | Q(email_state="sending", claimed_at__lt=now - STALE_CLAIM)
    claimed = []
    for pk in Notification.objects.filter(waiting).order_by("pk").values_list("pk", flat=True)[:500]:
        # the conditional update is the lock: only one process changes the row
        if Notification.objects.filter(waiting, pk=pk).update(email_state="sending", claimed_at=now):
            claimed.append(pk)
    return list(Notification.objects.filter(pk__in=claimed).select_related("user").order_by("pk"))


def send_pending() -> int:
    """Send the e-mails that wait; returns how many were sent."""
    now = timezone.now()
    sent = 0
    for n in _claim(now):
        with translation.override(preference_of(n.user).language):
            footer = translation.gettext(
                "Pesan ini dikirim oleh Kinerja. Atur pemberitahuan yang Anda terima di %(url)s"
            ) % {"url": absolute("/notifikasi/pengaturan/")}
        text = n.body + ("\n\n" + absolute(n.url) if n.url else "") + "\n\n-- \n" + footer
        try:
            send_mail(n.subject, text, settings.DEFAULT_FROM_EMAIL, [n.user.email])
        except Exception as error:  # noqa: BLE001 — SMTP errors of every kind: try again later
            attempts = n.email_attempts + 1
            state = "failed" if attempts >= MAX_ATTEMPTS else "pending"
            Notification.objects.filter(pk=n.pk).update(email_state=state, email_attempts=attempts)
            log.warning("surel pemberitahuan %s ke %s gagal (%s): %s", n.pk, n.user, attempts, error)
            continue
        Notification.objects.filter(pk=n.pk).update(
            email_state="sent", emailed_at=timezone.now(), email_attempts=n.email_attempts + 1
        )
        sent += 1
    return sent


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
