"""Every main page at 1366 px and 390 px (a phone), signed in as the roles that use them, saved
under ``$ARTIFACTS_DIR/screenshots/pages/`` for people to look at (CI keeps them as artefacts).

Checked on each: the page answers 200, has the header's menu and search, and nothing is wider
than the window (no sideways scrolling of the whole page on a phone; wide tables scroll inside
their own ``.scroll`` box). JavaScript on, as most people use it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import login, screenshots_dir
from tests.web.demo_users import PASSWORD, demo_users, load_demo

WIDTHS = {"1366": {"width": 1366, "height": 800}, "390": {"width": 390, "height": 844}}

# (name, user, path); PKR 2022 is the seed unit-year with every kind of data.
PAGES = [
    ("home-planner", "perencana", "/"),
    ("organisation", "perencana", "/organisasi/"),
    ("search", "perencana", "/cari/?q=keberfungsian"),
    ("unit-pkr", "operator.pkr", "/unit/PKR/?tahun=2022"),
    ("dashboard-pkr", "pimpinan.pkr", "/unit/PKR/dasbor/?tahun=2022"),
    ("pohon-pkr", "perencana", "/unit/PKR/pohon-kinerja/?tahun=2022"),
    ("renstra-pkr", "perencana", "/renstra/PKR/"),
    ("pk-pkr", "pimpinan.pkr", "/pk/PKR/"),
    ("realisation-pkr", "operator.pkr", "/realisasi/PKR/2022/"),
    ("waiting-verifier", "verifikator.pkr", "/realisasi/menunggu/"),
    ("lint-pkr", "perencana", "/periksa/unit/PKR/?tahun=2022"),
    ("narrative-pkr", "operator.pkr", "/narasi/PKR/2022/"),
    ("reviu-pkr", "apip", "/reviu/PKR/2022/"),
    ("recommendations-pkr", "perencana", "/evaluasi/PKR/rekomendasi/"),
    ("akip-pkr", "apip", "/evaluasi/PKR/2022/"),
    ("skm-pkr", "perencana", "/skm/PKR/2022/"),
    ("tasks-planner", "perencana", "/tugas/"),
    ("budget-pkr", "pimpinan.pkr", "/anggaran/PKR/2022/"),
    ("budget-dayasos", "perencana", "/anggaran/DAYASOS/2022/"),
    ("budget-enter", "keuangan.dayasos", "/anggaran/PKR/2022/isi/"),
    ("timeliness-dayasos", "perencana", "/tugas/ketepatan-waktu/DAYASOS/?tahun=2022"),
    ("notifications-head", "pimpinan.pkr", "/notifikasi/"),
    ("notification-settings", "pimpinan.pkr", "/notifikasi/pengaturan/"),
    ("not-found", "operator.pkr", "/tidak-ada/"),
    ("forbidden", "operator.rehsos", "/unit/PKR/"),
]


@pytest.fixture
def people(transactional_db: Any) -> dict[str, Any]:
    return demo_users(load_demo())


def test_every_main_page_at_both_widths(people: dict[str, Any], live_server: Any, new_context: Any) -> None:
    folder = screenshots_dir() / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    pages: dict[tuple[str, str], Any] = {}
    problems: list[str] = []
    for name, username, path in PAGES:
        for width, viewport in WIDTHS.items():
            key = (username, width)
            if key not in pages:
                pages[key] = new_context(viewport=viewport).new_page()
                login(pages[key], live_server.url, username, PASSWORD)
            page = pages[key]
            response = page.goto(live_server.url + path)
            expected = {"not-found": 404, "forbidden": 403}.get(name, 200)
            if response is None or response.status != expected:
                problems.append(f"{name} {width}: status {response and response.status}")
            if page.locator("nav.kj-nav #nav-waiting").count() != 1 or page.locator("#search-q").count() != 1:
                problems.append(f"{name} {width}: no menu or search box")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 1:
                problems.append(f"{name} {width}: the page is {overflow} px wider than the window")
            page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    assert not problems, "\n".join(problems)
