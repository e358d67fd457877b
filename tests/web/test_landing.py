"""The landing page shows the units the user may read side by side with their achievement of the
year being reported (kinerja/web/landing.py), read from the stored results."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def card(html: str, code: str) -> str:
    found = re.search(rf'<article class="unit-card" data-unit="{code}">(.*?)</article>', html, re.S)
    assert found, f"no card for {code}"
    return found.group(1)


def test_the_planner_sees_the_units_beneath_side_by_side(users: dict[str, Any]) -> None:
    html = client_for(users["perencana"]).get("/").content.decode()
    assert "<h1>Unit organisasi</h1>" in html
    assert "Capaian unit 2022" in html  # the latest year with realisations in the demo
    cards = re.findall(r'<article class="unit-card" data-unit="([^"]+)"', html)
    # every Eselon I unit of the ministry gets a card, next to each other
    assert {"SEKJEN", "ITJEN", "REHSOS", "LINJAMSOS", "DAYASOS", "PFM", "BADIKLITPENSOS"} <= set(cards)
    # Dit. PKR sits in the Ditjen Pemberdayaan Sosial card with its seed achievement (104,05 %)
    dayasos = card(html, "DAYASOS")
    assert re.search(r'data-unit="PKR">.*?104,05%', dayasos, re.S)


def test_an_operator_sees_only_their_unit(users: dict[str, Any]) -> None:
    html = client_for(users["operator.pkr"]).get("/?tahun=2022").content.decode()
    cards = re.findall(r'<article class="unit-card" data-unit="([^"]+)"', html)
    assert cards == ["PKR"]
    assert "104,05" in card(html, "PKR") and "Sangat Baik" in card(html, "PKR")
    html = client_for(users["operator.rehsos"]).get("/").content.decode()
    assert "PKR" not in re.findall(r'data-unit="([^"]+)"', html)
