"""The main navigation: five items on a phone, the current one marked, none on first run."""

import pytest

from goodwill.web.templatetags import nav_item


@pytest.mark.parametrize(
    ("url_name", "item"),
    [
        ("home", "today"),
        ("coach.welcome", ""),
        ("coach.assess", ""),
        ("coach.results", "more"),
        ("coach.events", "more"),
        ("people.detail", "people"),
        ("tags.list", "people"),
        ("interactions.log", "log"),
        ("giving.need", "help"),
        ("leads.board", "leads"),
        ("network.graph", "network"),
        ("imports.pick", "more"),
        ("tokens.list", "more"),
        (None, ""),
    ],
)
def test_each_page_belongs_to_one_item(url_name, item):
    assert nav_item(url_name) == item


def _current(html: str) -> list[str]:
    nav = html[html.index('<nav class="nav"') : html.index("</nav>")]
    return [
        chunk.split("<span>")[1].split("</span>")[0]
        for chunk in nav.split('aria-current="page"')[1:]
    ]


def test_today_is_not_marked_on_the_welcome_and_check_in_pages(alice_client):
    assert _current(alice_client.get("/").content.decode()) == ["Today"]
    for url in ("/coach/welcome/", "/coach/assess/"):
        page = alice_client.get(url)
        assert page.status_code == 200, url
        assert _current(page.content.decode()) == [], url


def test_the_phone_bar_has_five_items_in_plain_words(alice_client):
    html = alice_client.get("/people/").content.decode()
    nav = html[html.index('<nav class="nav"') : html.index("</nav>")]
    phone = [
        part.split("<span>")[1].split("</span>")[0]
        for part in nav.split('<svg class="nav-icon"')[1:]
    ]
    assert phone == ["Today", "People", "Log", "Help others", "More"]
    assert "⌘" not in nav and "⇄" not in nav
    for words in ("Leads", "Network", "Events", "Import contacts", "Settings"):
        assert f">{words}</a>" in nav
