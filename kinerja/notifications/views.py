"""The user's notifications (``/notifikasi/``) and what they choose to receive
(``/notifikasi/pengaturan/``). Each user sees and changes only their own."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.notifications.forms import PreferenceForm
from kinerja.notifications.models import Notification
from kinerja.notifications.services import preference_of

PAGE = 100


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if request.method == "POST":
        if request.POST.get("action") == "read_all":
            Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
        elif request.POST.get("read", "").isdigit():
            Notification.objects.filter(user=user, pk=int(request.POST["read"])).update(
                read_at=timezone.now()
            )
        return redirect("notifications:list")
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    rows = list(Notification.objects.filter(user=user).order_by("-created_at", "-pk")[:PAGE])
    return render(
        request,
        "notifications/list.html",
        {"rows": rows, "unread": sum(1 for n in rows if n.read_at is None)},
    )


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    preference = preference_of(user)
    if request.method == "POST":
        form = PreferenceForm(request.POST, instance=preference)
        if form.is_valid():
            form.save()
            messages.success(request, _("Pengaturan pemberitahuan disimpan."))
            return redirect("notifications:preferences")
    elif request.method in ("GET", "HEAD"):
        form = PreferenceForm(instance=preference)
    else:
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool(user.email)},
        status=400 if form.errors else 200,
    )
