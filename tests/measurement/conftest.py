from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from kinerja.measurement.models import Realization
from kinerja.organizations.models import Unit
from tests.orgtree import build_tree, make_realization, make_user


@dataclass
class Org:
    units: dict[str, Unit]
    users: dict[str, Any]
    r: Realization  # a draft realisation of DIR1
    sub: Realization  # a draft realisation of SUB1 (below DIR1)


# name -> (role, unit); roles at DIR1 unless said otherwise.
USERS = {
    "operator": ("operator", "DIR1"),
    "operator2": ("operator", "DIR1"),
    "verifikator": ("verifikator", "DIR1"),
    "verifikator2": ("verifikator", "DIR1"),
    "pimpinan": ("pimpinan", "DIR1"),
    "perencana": ("perencana", "DIR1"),
    "admin": ("admin", "MIN"),
    "apip": ("apip", "ITJ"),
    "sibling_operator": ("operator", "DIR2"),
    "sibling_verifikator": ("verifikator", "DIR2"),
    "sibling_pimpinan": ("pimpinan", "DIR2"),
    "sub_operator": ("operator", "SUB1"),
}


@pytest.fixture
def org(db) -> Org:  # type: ignore[no-untyped-def]
    units = build_tree()
    users = {name: make_user(name, role, units[code]) for name, (role, code) in USERS.items()}
    users["root"] = make_user("root", is_superuser=True, is_staff=True)
    return Org(units, users, make_realization(units["DIR1"]), make_realization(units["SUB1"], code="IKK 9"))
