"""The page where a signed-in user creates (the token shown once), lists and revokes their own
personal access tokens for the API (``/api/token/``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.api import tokens
from kinerja.api.forms import TokenForm
from kinerja.api.models import ApiToken
from kinerja.core.types import KinerjaValidationError
from kinerja.organizations.access import visible_units


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    units = visible_units(request.user).select_related("agency").order_by("agency__code", "code")
    secret = None
    status = 200
    if request.method == "POST":
        form = TokenForm(request.POST, units=units)
        if form.is_valid():
            try:
                made = tokens.create_token(
                    request.user,
                    form.cleaned_data["name"],
                    form.cleaned_data["days"],
                    form.cleaned_data["scope"],
                    form.cleaned_data["unit"],
                )
            except KinerjaValidationError as exc:
                form.add_error(None, exc.message)
                status = 400
            else:
                secret = made.secret
                form = TokenForm(units=units)
        else:
            status = 400
    else:
        form = TokenForm(units=units)
    return render(
        request,
        "api/tokens.html",
        {"form": form, "secret": secret, "tokens": tokens.tokens_of(request.user)},
        status=status,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        token = tokens.revoke(request.user, pk)
    except ApiToken.DoesNotExist:
        raise Http404(_("Token tidak ditemukan")) from None
    messages.success(request, _("Token %(name)s dicabut.") % {"name": token.name})
    return redirect("api:tokens")
