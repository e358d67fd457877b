"""Notifications (in the app and by e-mail) and what each user chooses to receive.

A notification is about one thing (``key``: a deadline of a unit's stage, a day's digest) and is
made at most once per user (unique ``user``+``key``): every process that runs the reminder job
may try, only one row is made, and only its e-mail is sent (``kinerja.notifications.services``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    KINDS = [
        ("reminder", _("Pengingat batas waktu")),
        ("escalation", _("Eskalasi ke pimpinan")),
        ("digest", _("Ringkasan harian")),
    ]
    EMAIL_STATES = [
        ("none", _("tidak dikirim lewat surel")),
        ("pending", _("menunggu dikirim")),
        ("sending", _("sedang dikirim")),
        ("sent", _("terkirim")),
        ("failed", _("gagal dikirim")),
    ]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("pengguna"),
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=KINDS)
    key = models.CharField(_("kunci"), max_length=200)
    subject = models.CharField(_("judul"), max_length=300)
    body = models.TextField(_("isi"))
    url = models.CharField(_("tautan"), max_length=300, blank=True, default="")
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    email_state = models.CharField(_("surel"), max_length=8, choices=EMAIL_STATES, default="none")
    email_attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(_("dikirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once")]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["email_state"], name="notification_email"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.key}"


class Preference(models.Model):
    """What one user receives. Without a row, the defaults below."""

    LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_reminders = models.BooleanField(_("pengingat batas waktu lewat surel"), default=True)
    email_escalations = models.BooleanField(_("eskalasi (untuk pimpinan) lewat surel"), default=True)
    email_digest = models.BooleanField(_("ringkasan harian tugas lewat surel"), default=True)
    remind_days = models.PositiveSmallIntegerField(
        _("ingatkan berapa hari sebelum batas waktu"),
        default=3,
        help_text=_("0 sampai 30 hari"),
    )
    language = models.CharField(_("bahasa surel"), max_length=2, choices=LANGUAGES, default="id")

    class Meta:
        verbose_name = _("pengaturan pemberitahuan")
        verbose_name_plural = _("pengaturan pemberitahuan")

    def __str__(self) -> str:
        return f"{self.user}"

    def emails(self, kind: str) -> bool:
        return {
            "reminder": self.email_reminders,
            "escalation": self.email_escalations,
            "digest": self.email_digest,
        }.get(kind, False)
