"""Encodings per file (issue 12, point 3): a byte-order mark wins over a stated
encoding, and UTF-8 read as a legacy code page (mojibake) stops the import with the fix
- while real text in cp1252, cp1250, latin-1, ... read with its encoding always passes.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from graphkit import GraphkitError, Options, import_files
from graphkit.ingest.encoding import find_mojibake
from graphkit.stores.sqlite import SQLiteStore

#: Real names, each with the legacy code page it is written in.
NAMES = [
    ("Álvaro Brandão", "cp1252"),
    ("Tomás García", "cp1252"),
    ("João Gonçalves", "cp1252"),
    ("François Bézier", "cp1252"),
    ("Jürgen Groß", "cp1252"),
    ("Søren Ærø Åsmund", "cp1252"),
    ("Ólafur Þórðarson", "cp1252"),
    ("Niñez Ibáñez", "latin-1"),
    ("Œuvre d’art “quoted” – 5 €", "cp1252"),
    # Valid UTF-8 in cp1252 ("Ç’" is C7 92, "É" and a no-break space C9 A0), yet no mojibake:
    ("Ç’ka ndodhi CAFÉ\u00a0: PARIS", "cp1252"),
    ("Ivan Šarić", "cp1250"),
    ("Łukasz Żółć", "cp1250"),
    ("Tomáš Dvořák", "cp1250"),
    ("Ştefan Ţugui", "cp1250"),
    ("Çağrı Doğan", "cp1254"),
    ("Νίκος Παπαδόπουλος", "cp1253"),
    ("Дмитрий Иванов", "cp1251"),
]


@pytest.fixture
def store(tmp_path):
    s = SQLiteStore(tmp_path / "store.db")
    yield s
    s.close()


def _people(path: Path, names: list[str], encoding: str, bom: bytes = b"") -> Path:
    rows = "".join(f"P-{i:02},{n}\r\n" for i, n in enumerate(names, start=1))
    path.write_bytes(bom + ("id,name\r\n" + rows).encode(encoding))
    return path


def _names(store: SQLiteStore) -> list[str]:
    return list(store.load("talks").stakeholders.sort_values("id")["name"])


@pytest.mark.parametrize(("name", "encoding"), NAMES)
def test_real_legacy_text_read_with_its_encoding_passes(tmp_path, store, name, encoding):
    path = _people(tmp_path / "people.csv", ["Ana", name], encoding)
    import_files(store, "talks", stakeholders=path, options=Options(encoding=encoding))
    assert _names(store) == ["Ana", name]


@pytest.mark.parametrize(("name", "encoding"), NAMES)
def test_utf8_read_as_a_legacy_encoding_stops_the_import(tmp_path, store, name, encoding):
    path = _people(tmp_path / "people.csv", ["Ana", name], "utf-8")
    with pytest.raises(GraphkitError) as err:
        import_files(store, "talks", stakeholders=path, options=Options(encoding=encoding))
    message = str(err.value)
    assert message.startswith("people.csv line 3: ")
    assert f'is UTF-8 read as {encoding} (as UTF-8: "' in message
    assert message.endswith(
        f"the file is UTF-8: read it without --encoding {encoding} (or give the encoding per "
        f"kind when only the other files are {encoding}, e.g. --encoding interactions={encoding})"
    )
    assert store.stakeholder_names("talks") == {}


def test_the_mojibake_message_shows_the_word_both_ways(tmp_path, store):
    path = _people(tmp_path / "people.csv", ["Ana", "Tomás García"], "utf-8")
    with pytest.raises(GraphkitError) as err:
        import_files(store, "talks", stakeholders=path, options=Options(encoding="cp1252"))
    assert str(err.value) == (
        'people.csv line 3: "TomÃ¡s" is UTF-8 read as cp1252 (as UTF-8: "Tomás") - the file is '
        "UTF-8: read it without --encoding cp1252 (or give the encoding per kind when only the "
        "other files are cp1252, e.g. --encoding interactions=cp1252)"
    )


def test_utf8_that_cp1252_cannot_decode_says_it_is_utf8(tmp_path, store):
    """UTF-8 "Á" is C3 81, and 0x81 is no cp1252 character: a decoding error, which
    should still say the file is UTF-8."""
    path = _people(tmp_path / "people.csv", ["Álvaro"], "utf-8")
    with pytest.raises(GraphkitError) as err:
        import_files(store, "talks", stakeholders=path, options=Options(encoding="cp1252"))
    assert str(err.value).startswith('people.csv line 2: "Ã\ufffdlvaro" is UTF-8 read as cp1252')


def test_per_file_encodings(tmp_path, store):
    """The issue: one --encoding for all files turned "Tomás García" into "TomÃ¡s GarcÃ­a"."""
    people = _people(tmp_path / "people.csv", ["Tomás García", "Ana"], "utf-8")
    log = tmp_path / "log.csv"
    log.write_bytes("date,source,target,notes\n2024-01-02,P-01,P-02,café\n".encode("cp1252"))
    options = Options(overrides={"interactions": {"encoding": "cp1252"}})
    import_files(store, "talks", stakeholders=people, interactions=log, options=options)
    assert _names(store) == ["Tomás García", "Ana"]
    assert list(store.load("talks").interactions["notes"]) == ["café"]


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "UTF-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
    ],
)
def test_a_byte_order_mark_wins_over_the_stated_encoding(tmp_path, store, bom, codec, name):
    path = _people(tmp_path / "people.csv", ["Tomás García", "Šarić"], codec, bom=bom)
    notes: list[str] = []
    import_files(
        store, "talks", stakeholders=path, options=Options(encoding="cp1252"),
        progress=notes.append,
    )  # fmt: skip
    assert _names(store) == ["Tomás García", "Šarić"]
    assert notes[0] == (
        f"people.csv: starts with a {name} byte-order mark, so it is read as {name} "
        "(not cp1252 as stated)"
    )


def test_a_stated_encoding_of_the_bom_s_own_family_says_nothing(tmp_path, store):
    path = _people(tmp_path / "people.csv", ["Šarić"], "utf-16-le", bom=codecs.BOM_UTF16_LE)
    notes: list[str] = []
    import_files(
        store, "talks", stakeholders=path, options=Options(encoding="utf-16-le"),
        progress=notes.append,
    )  # fmt: skip
    assert _names(store) == ["Šarić"] and notes == []


def test_mojibake_saved_into_a_utf8_file_stops_the_import(tmp_path, store):
    """A UTF-8 file opened in Excel as cp1252 and saved again as UTF-8."""
    path = _people(
        tmp_path / "people.csv", ["Ana", "Tomás García".encode().decode("cp1252")], "utf-8"
    )
    with pytest.raises(GraphkitError) as err:
        import_files(store, "talks", stakeholders=path)
    assert str(err.value) == (
        'people.csv line 3: "Ã¡" looks like UTF-8 text that was read as cp1252 or latin-1 and '
        'saved again (it was "á") - correct the file: export it again from the original data '
        '(open a UTF-8 CSV in Excel with Data > From Text/CSV and File origin "65001: Unicode '
        '(UTF-8)", not by double-clicking it)'
    )


def test_utf16_without_a_byte_order_mark_is_named(tmp_path, store):
    path = _people(tmp_path / "people.csv", ["Ana"], "utf-16-le")
    with pytest.raises(GraphkitError) as err:
        import_files(store, "talks", stakeholders=path)
    assert str(err.value) == (
        "people.csv looks like UTF-16 text without a byte-order mark - pass --encoding utf-16-le"
    )
    import_files(store, "talks", stakeholders=path, options=Options(encoding="utf-16-le"))
    assert _names(store) == ["Ana"]


@pytest.mark.parametrize(("name", "encoding"), NAMES)
def test_the_mojibake_check_finds_each_name_misread_and_never_the_name_itself(name, encoding):
    assert find_mojibake(name) is None
    misread = name.encode("utf-8").decode("cp1252", errors="replace")
    assert find_mojibake(misread) is not None, misread
