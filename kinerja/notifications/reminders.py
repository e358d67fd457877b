"""The reminder job: what each user is told, and when (run by ``kinerja.notifications.scheduler``).

For every active user with a role, the tasks of ``kinerja.tasks.tasks_for(user, today)`` (the one
home of "what must this user do now", due dates from ``kinerja.calendar.rules``):

* **reminder** — a task due within the user's ``remind_days`` (default 3) and not yet overdue: one
  notification per task and due date;
* **escalation** — a task past its due date: one notification per unit, stage and due date to the
  heads (pimpinan) of the task's unit, or of the nearest unit above it that has one; for
  ``ESCALATE_FOR_DAYS`` days after the deadline (later, the inbox keeps showing it overdue);
* **digest** — from ``KINERJA_DIGEST_HOUR`` (default 7) local time, once a day, the user's open
  tasks, soonest due first, overdue marked.

Everything is made at most once (``services.notify``), then the e-mails are sent
(``services.send_pending``). Running the job again, or in two processes, adds nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kinerja.notifications.services import Message, notify, preferences_of, send_pending

ESCALATE_FOR_DAYS = 30


@dataclass
class RunSummary:
    reminders: int = 0
    escalations: int = 0
    digests: int = 0
    emails: int = 0

    def __str__(self) -> str:
        return (
            f"{self.reminders} pengingat, {self.escalations} eskalasi, {self.digests} ringkasan harian, "
            f"{self.emails} surel terkirim"
        )


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def _heads_of(units: set[int]) -> dict[int, list[Any]]:
    """The heads (pimpinan) of each unit, or of the nearest unit above it that has one."""
    from kinerja.organizations.models import Membership, Unit
    from kinerja.organizations.permissions import PIMPINAN

    parents: dict[int, int | None] = {}
    level = set(units)
    while level:
        rows = list(Unit.objects.filter(pk__in=level).values_list("pk", "parent_id"))
        parents.update(dict(rows))
        level = {p for _pk, p in rows if p is not None and p not in parents}
    heads: dict[int, list[Any]] = defaultdict(list)
    for m in Membership.objects.filter(
        role=PIMPINAN, unit_id__in=list(parents), user__is_active=True
    ).select_related("user"):
        heads[m.unit_id].append(m.user)
    out: dict[int, list[Any]] = {}
    for unit in units:
        at: int | None = unit
        while at is not None and not heads.get(at):
            at = parents.get(at)
        out[unit] = heads.get(at, []) if at is not None else []
    return out


def run(now: datetime | None = None) -> RunSummary:
    """One pass over every user; ``now`` (default: the current time) decides what is due."""
    from kinerja.organizations.models import Membership
    from kinerja.tasks.inbox import tasks_for

    now = timezone.localtime(now or timezone.now())
    today = now.date()
    summary = RunSummary()
    User = get_user_model()
    users = list(
        User.objects.filter(is_active=True, pk__in=Membership.objects.values("user_id")).order_by("pk")
    )
    prefs = preferences_of(users)
    overdue: list[tuple[Any, Any]] = []  # (task, its user)
    for user in users:
        pref = prefs[user.pk]
        with translation.override(pref.language):
            tasks = tasks_for(user, today)  # titles in the user's language
            for t in tasks:
                if t.due is None:
                    continue
                days = (t.due - today).days
                if 0 <= days <= pref.remind_days:
                    summary.reminders += _remind(user, pref, t, t.due, days)
                elif days < 0 and -days <= ESCALATE_FOR_DAYS:
                    overdue.append((t, user))
            if tasks and now.hour >= settings.KINERJA_DIGEST_HOUR:
                summary.digests += _digest(user, pref, tasks, today)
    summary.escalations = _escalate(overdue, today)
    summary.emails = send_pending()
    return summary


def _remind(user: Any, pref: Any, t: Any, due: date, days: int) -> bool:
    when = _("hari ini") if days == 0 else _("dalam %(n)s hari (%(day)s)") % {"n": days, "day": _day(due)}
    made = notify(
        user,
        Message(
            kind="reminder",
            key=f"reminder:{t.key}:{due.isoformat()}",
            subject=_("Pengingat: %(task)s, batas waktu %(when)s") % {"task": t.title, "when": when},
            body=_("%(task)s (%(unit)s) harus selesai paling lambat %(day)s.")
            % {"task": t.title, "unit": t.unit.name, "day": _day(due)},
            url=t.url,
        ),
        pref,
    )
    return made is not None


def _digest(user: Any, pref: Any, tasks: list[Any], today: date) -> bool:
    """Today's list of the user's tasks (in the order of the inbox: overdue and soonest first)."""
    late = [t for t in tasks if t.overdue(today)]
    lines = []
    for t in tasks:
        line = ("[" + _("LEWAT") + "] " if t in late else "") + f"{t.title} — {t.unit.name}"
        if t.due is not None:
            line += " — " + _("batas %(day)s") % {"day": _day(t.due)}
        lines.append(line)
    made = notify(
        user,
        Message(
            kind="digest",
            key=f"digest:{today.isoformat()}",
            subject=_("Tugas Anda di Kinerja, %(day)s: %(n)s tugas, %(late)s lewat batas waktu")
            % {"day": _day(today), "n": len(tasks), "late": len(late)},
            body="\n".join(lines),
            url="/tugas/",
        ),
        pref,
    )
    return made is not None


def _escalate(overdue: list[tuple[Any, Any]], today: date) -> int:
    """One notification per (unit, stage, due date) to the unit's heads, naming who has not acted."""
    groups: dict[tuple[int, str, date], list[tuple[Any, Any]]] = defaultdict(list)
    for t, user in overdue:
        groups[(t.unit.pk, t.kind, t.due)].append((t, user))
    heads = _heads_of({unit for unit, _k, _d in groups})
    count = 0
    all_heads = {h.pk: h for hs in heads.values() for h in hs}
    prefs = preferences_of(list(all_heads.values()))
    for (unit_pk, kind, due), items in sorted(groups.items(), key=lambda g: (g[0][2], g[0][0], g[0][1])):
        t0 = items[0][0]
        who = sorted({u.get_full_name() or u.get_username() for _t, u in items})
        for head in heads.get(unit_pk, []):
            if head.pk in {u.pk for _t, u in items}:
                continue  # the head's own task: the reminder told them already
            pref = prefs[head.pk]
            with translation.override(pref.language):
                made = notify(
                    head,
                    Message(
                        kind="escalation",
                        key=f"escalation:{unit_pk}:{kind}:{due.isoformat()}",
                        subject=_("Lewat batas waktu: %(task)s (%(unit)s)")
                        % {"task": t0.title, "unit": t0.unit.name},
                        body=_(
                            "%(task)s di %(unit)s belum selesai; batas waktunya %(day)s (%(late)s hari lalu). "
                            "Belum bertindak: %(who)s."
                        )
                        % {
                            "task": t0.title,
                            "unit": t0.unit.name,
                            "day": _day(due),
                            "late": (today - due).days,
                            "who": ", ".join(who),
                        },
                        url=t0.url,
                    ),
                    pref,
                )
                count += made is not None
    return count
