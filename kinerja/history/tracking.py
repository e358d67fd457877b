"""Record changes of the domain models (organisations, plans, agreements, measurement, budget, reviu,
LKj narratives) from their save and delete signals, so a change through a service and one through
the Django admin leave the same trace. Bulk writes (``bulk_create``, ``update``) send no signal and
are not itemised; they are the importer's, which runs without a user.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from kinerja.history.context import current, user_of
from kinerja.history.models import CREATE, DELETE, UPDATE, Change

TRACKED_APPS = (
    "organizations",
    "planning",
    "agreements",
    "measurement",
    "budget",
    "evaluation",
    "narratives",
)
_OLD = "_history_old_values"


def tracked_models() -> list[type[models.Model]]:
    return [
        m
        for label in TRACKED_APPS
        for m in apps.get_app_config(label).get_models()
        if not getattr(m, "history_skip", False)
    ]


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    skip = set(getattr(model, "history_exclude", ()))
    out = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name in skip:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        out.append(f)
    return out


def as_text(value: Any) -> str | None:
    """A stored value as text: plain decimals (``99.5``), ISO dates, ids of related rows."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _same(field: models.Field[Any, Any], old: Any, new: Any) -> bool:
    try:
        return bool(field.to_python(old) == field.to_python(new))
    except Exception:  # noqa: BLE001 - a value the field cannot read: compare as text
        return as_text(old) == as_text(new)


def _label(instance: models.Model) -> str:
    try:
        return str(instance)[:300]
    except Exception:  # noqa: BLE001 - a related row already gone (cascade delete)
        return f"{instance._meta.verbose_name} #{instance.pk}"


def _agency_id(instance: models.Model) -> int | None:
    if instance._meta.label == "organizations.Agency":
        return instance.pk  # type: ignore[no-any-return]
    return getattr(instance, "agency_id", None)


def _write(instance: models.Model, rows: list[tuple[str, str, str | None, str | None]]) -> None:
    agency_id = _agency_id(instance)
    if agency_id is not None:
        record(instance, rows, [agency_id])


def record(
    instance: models.Model,
    rows: Iterable[tuple[str, str, str | None, str | None]],
    agency_ids: Iterable[int],
    note: str = "",
) -> None:
    """Write history rows ``(action, field, old, new)`` for ``instance`` in each of ``agency_ids``,
    by the current actor (``kinerja.history.context``); nothing outside an actor's context."""
    actor = current()
    rows = list(rows)
    if actor is None or not rows:
        return
    user = user_of(actor)
    ct = ContentType.objects.get_for_model(instance)  # an instance: also a lazy request.user
    label = _label(instance)
    Change.objects.bulk_create(
        [
            Change(
                agency_id=agency_id,
                user=user,
                username=user.get_username() if user is not None else "",
                content_type=ct,
                object_id=str(instance.pk),
                object_repr=label,
                action=action,
                field=field,
                old_value=old,
                new_value=new,
                note=note or actor.note,
            )
            for agency_id in agency_ids
            for action, field, old, new in rows
        ]
    )


def _snapshot(instance: models.Model, values: dict[str, Any] | None = None) -> str:
    data = {
        f.name: as_text(values[f.attname] if values is not None else getattr(instance, f.attname))
        for f in _fields(type(instance))
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def on_pre_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or current() is None or instance._state.adding or instance.pk is None:
        return
    attnames = [f.attname for f in _fields(sender)]
    old = sender._base_manager.using(kwargs.get("using")).filter(pk=instance.pk).values(*attnames).first()
    setattr(instance, _OLD, old)


def on_post_save(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or current() is None:
        return
    old: dict[str, Any] | None = instance.__dict__.pop(_OLD, None)
    if created or old is None:
        _write(instance, [(CREATE, "", None, _snapshot(instance))])
        return
    update_fields = kwargs.get("update_fields")
    rows = []
    for f in _fields(sender):
        if update_fields is not None and f.name not in update_fields and f.attname not in update_fields:
            continue
        before, after = old[f.attname], getattr(instance, f.attname)
        if not _same(f, before, after):
            rows.append((UPDATE, f.name, as_text(before), as_text(after)))
    _write(instance, rows)


def on_post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if current() is None:
        return
    _write(instance, [(DELETE, "", _snapshot(instance), None)])


def connect() -> None:
    for model in tracked_models():
        uid = f"kinerja-history-{model._meta.label}"
        pre_save.connect(on_pre_save, sender=model, dispatch_uid=uid)
        post_save.connect(on_post_save, sender=model, dispatch_uid=uid)
        post_delete.connect(on_post_delete, sender=model, dispatch_uid=uid)
