"""The organisation tree (``/organisasi/``): the units the user may see as an expandable tree,
with levels, validity periods and lineage (Dit. PKR took over from Ditjen PFM in September 2022)."""

from __future__ import annotations

import re
from typing import Any

from kinerja.organizations.models import Unit
from tests.orgtree import make_user
from tests.web.demo_users import client_for


def _node(html: str, code: str) -> str:
    """The markup of one unit's own line (up to its children)."""
    match = re.search(rf'<li class="org[^"]*" data-unit="{code}">(.*?)</div>', html, re.S)
    assert match, code
    return match.group(1)


def test_tree_with_levels_validity_and_lineage(users: dict[str, Any]) -> None:
    response = client_for(users["perencana"]).get("/organisasi/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<details open><summary>" in html  # expandable without JavaScript
    pkr = _node(html, "PKR")
    assert "Eselon II" in pkr
    assert "sejak 1 September 2022" in pkr
    assert "Melanjutkan tugas" in pkr and "Direktorat Jenderal Penanganan Fakir Miskin" in pkr
    pfm = _node(html, "PFM")
    assert "sampai 31 Agustus 2022" in pfm and "tidak berlaku lagi" in pfm
    assert "Tugas dilanjutkan oleh" in pfm and "Direktorat Pemberdayaan Kelompok Rentan" in pfm
    assert "Kementerian/Lembaga" in _node(html, "KEMENSOS")
    assert 'data-lineage="PFM&gt;PKR"' in html or 'data-lineage="PFM>PKR"' in html
    # PKR sits under Ditjen Pemberdayaan Sosial, inside its <details>
    dayasos = html.index('data-unit="DAYASOS"')
    assert dayasos < html.index('data-unit="PKR"') < html.index("</details>", dayasos)
    for code in ("KEMENSOS", "SEKJEN", "ITJEN", "REHSOS", "LINJAMSOS", "DAYASOS", "PFM", "PKR"):
        assert f'data-unit="{code}"' in html


def test_only_units_in_scope(users: dict[str, Any]) -> None:
    html = client_for(users["operator.rehsos"]).get("/organisasi/").content.decode()
    assert re.findall(r'data-unit="([^"]+)"', html) == ["REHSOS"]
    assert "Kelompok Rentan" not in html and "data-lineage" not in html

    html = client_for(users["operator.pkr"]).get("/organisasi/").content.decode()
    assert re.findall(r'data-unit="([^"]+)"', html) == ["PKR"]
    # the predecessor is named, not linked: its data is outside the operator's scope
    assert "Direktorat Jenderal Penanganan Fakir Miskin" in html
    assert "/unit/PFM/" not in html

    html = client_for(users["apip"]).get("/organisasi/").content.decode()
    assert len(re.findall(r'data-unit="([^"]+)"', html)) == Unit.objects.count()
    assert 'href="/unit/PFM/"' in html

    html = client_for(make_user("baru")).get("/organisasi/").content.decode()
    assert "data-unit" not in html and "Tidak ada unit" in html


def test_needs_login(db: Any) -> None:
    from django.test import Client

    response = Client().get("/organisasi/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")
