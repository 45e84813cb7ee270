"""The one credential masker (graphkit.secrets.scrub) masks everything the two it replaced
masked: the error-text scrubber (NEO4J_PASSWORD and ``user:password@`` in URLs) and the
URL display of the stores (``redact_url``)."""

from __future__ import annotations

import re

import pytest

from graphkit.errors import StoreError
from graphkit.secrets import scrub
from graphkit.stores import check_neo4j_url, open_store, redact_url
from tests.conftest import cli

SECRET = "Zq7-tidewater"


# The two maskers as they were before they became one, to check the new one against.
def _old_scrub(text: str, password: str | None) -> str:
    if password:
        text = text.replace(password, "***")
    return re.sub(r"(://[^/@:\s]*):[^/@\s]*@", r"\1:***@", text)


def _old_redact_url(url: str) -> str:
    return re.sub(r"(://[^/@:]*):[^/@]*@", r"\1:***@", url)


@pytest.fixture
def no_password(monkeypatch):
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("bolt://neo4j:Zq7-tidewater@db:7687", "bolt://neo4j:***@db:7687"),
        ("neo4j+s://ana:Zq7-tidewater@db.example", "neo4j+s://ana:***@db.example"),
        ("https://ana:Zq7-tidewater@host/path", "https://ana:***@host/path"),
        ("postgres://ana:Zq7-tidewater@h:5432/db", "postgres://ana:***@h:5432/db"),
        ("bolt://:Zq7-tidewater@db:7687", "bolt://:***@db:7687"),
        ("failed: bolt://ana:Zq7-tidewater@db:7687 (refused)", "failed: bolt://ana:***@db:7687 (refused)"),
        ("a bolt://a:Zq7-tidewater@x and http://b:Zq7-tidewater@y", "a bolt://a:***@x and http://b:***@y"),
        ("bolt://ana:Zq7@tidewater@db:7687", "bolt://ana:***@db:7687"),  # an @ in the password
    ],
)  # fmt: skip
def test_url_credentials_are_masked_in_any_text(no_password, text, shown):
    assert scrub(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "bolt://db.example:7687 is down - write to admin@example.org",  # whitespace ends a URL
        "bolt://neo4j@db:7687",  # a user without a password
        "no URL here: ana@example.org, key: value",
    ],
)
def test_text_without_url_credentials_is_left_alone(no_password, text):
    assert scrub(text) == text


def test_the_neo4j_password_is_masked_wherever_it_appears(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    assert scrub(f"auth failed ({SECRET!r}) for {SECRET}") == "auth failed ('***') for ***"
    assert scrub(f"bolt://ana:{SECRET}@db", url=True) == "bolt://ana:***@db"
    assert SECRET not in redact_url(f"file-{SECRET}.db")
    monkeypatch.setenv("NEO4J_PASSWORD", "")
    assert scrub("nothing to mask") == "nothing to mask"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("bolt://neo4j:correct horse battery@db:7687", "bolt://neo4j:***@db:7687"),
        ("bolt://my user:Zq7-tidewater@db:7687", "bolt://my user:***@db:7687"),
        ("bolt://ana:Zq7/tide+water=@db:7687", "bolt://ana:***@db:7687"),  # base64 has /
        ("bolt://ana:Zq7\ntidewater@db:7687", "bolt://ana:***@db:7687"),
        ("bolt://ana:Zq7@tide water@db:7687", "bolt://ana:***@db:7687"),
    ],
)
def test_a_store_url_is_shown_without_its_password(no_password, url, shown):
    assert scrub(url, url=True) == shown
    assert redact_url(url) == shown


#: Texts with secrets "pwA" and "pwB" in every place a URL can carry them.
CORPUS = [
    "bolt://u:pwA@h",
    "bolt://u:pwA@h:7687/x",
    "x bolt://u:pwA@h y https://v:pwB@k z",
    "bolt://u:pwA pwB@h",
    "bolt://u v:pwA@h",
    "bolt://u:pwA\npwB@h",
    "neo4j://:pwA@h",
    "bolt://h:7687 pwA",
    "bolt://u:pwA@pwB@h",
    "ftp://u:pwA@h?x=1#f",
    "a://u:pwA@h/b://v:pwB@k",
    "ssh://git@host:pwA",
    "neo4j+ssc://u:pwA%40pwB@h",
    "bolt://u:pwA/pwB@h",
]
SECRETS = ("pwA", "pwB", "pwA pwB", "pwA\npwB", "pwA@pwB", "pwA%40pwB", "pwA/pwB")


@pytest.mark.parametrize("text", CORPUS)
def test_everything_either_old_masker_masked_is_still_masked(monkeypatch, text):
    """A secret the old text scrubber hid stays hidden in text; one that the old URL
    display (followed, as in every message, by the old scrubber) hid stays hidden in a
    URL shown."""
    for password in (None, "pwA", "pwB"):
        if password:
            monkeypatch.setenv("NEO4J_PASSWORD", password)
        else:
            monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
        pairs = [
            (scrub(text), _old_scrub(text, password)),
            (scrub(text, url=True), _old_scrub(_old_redact_url(text), password)),
            (scrub(text, url=True), _old_redact_url(text)),
        ]
        for new, old in pairs:
            for secret in SECRETS:
                if secret in text and secret not in old:
                    assert secret not in new, (text, password, old, new)


# -- where the stores show a URL ---------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"bolt://ana:{SECRET}@db:notaport",
        f"bolt://ana:{SECRET}@db:0",
        f"bolt://ana:{SECRET}@db:7687/graph",
        f"bolt://ana:{SECRET}@",
        f"bolt://ana:{SECRET} tide@db:bad",
    ],
)
def test_a_refused_neo4j_url_is_shown_without_its_password(no_password, url):
    with pytest.raises(StoreError) as caught:
        check_neo4j_url(url)
    message = str(caught.value)
    assert SECRET not in message and "bolt://ana:***@" in message


def test_an_unknown_scheme_and_a_wrong_neo4j_uri_are_shown_without_password(
    no_password, monkeypatch, tmp_path
):
    with pytest.raises(StoreError, match=r'"ftp://ana:\*\*\*@db": unknown scheme') as caught:
        open_store(f"ftp://ana:{SECRET}@db")
    assert SECRET not in str(caught.value)
    monkeypatch.setenv("NEO4J_URI", f"http://ana:{SECRET} x@db")
    with pytest.raises(StoreError, match=r'NEO4J_URI "http://ana:\*\*\*@db" is not a Neo4j URL'):
        open_store("neo4j")


def test_the_cli_never_prints_a_store_password(no_password, tmp_path):
    result = cli("negotiations", store=f"gopher://ana:{SECRET}@db")
    assert result.exit_code == 1
    assert SECRET not in result.stdout + result.stderr
    assert 'Error: --store "gopher://ana:***@db": unknown scheme "gopher"' in result.stderr
