"""Who is acting: set for each web request (``HistoryMiddleware``) and by the services
(``acting_as(user, note=...)``). Changes are recorded only while someone is acting, so bulk
operations without a user (file import from the command line, test set-up) are not itemised."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    user: Any  # a user, a lazy request.user, an AnonymousUser or None
    note: str = ""
    suspended: bool = False


_actor: ContextVar[Actor | None] = ContextVar("kinerja_history_actor", default=None)


def current() -> Actor | None:
    """The actor whose changes are being recorded, or ``None`` when nothing is recorded."""
    actor = _actor.get()
    if actor is None or actor.suspended:
        return None
    return actor


@contextmanager
def acting_as(user: Any, note: str = "") -> Iterator[None]:
    """Record the changes made inside the block as ``user``'s, with ``note`` (a reason or a
    comment) on each row. Without a note of its own, a block inside another of the same user
    keeps the outer note (an upload names its file on every change its steps make)."""
    outer = _actor.get()
    if not note and outer is not None and not outer.suspended and outer.user is user:
        note = outer.note
    token = _actor.set(Actor(user=user, note=note))
    try:
        yield
    finally:
        _actor.reset(token)


@contextmanager
def suspended() -> Iterator[None]:
    """Record nothing inside the block (bulk operations that keep their own trace)."""
    token = _actor.set(Actor(user=None, suspended=True))
    try:
        yield
    finally:
        _actor.reset(token)


def user_of(actor: Actor) -> Any:
    """The authenticated user behind ``actor``, or ``None``."""
    user = actor.user
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user
