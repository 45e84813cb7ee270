"""Import profiles (TOML): per-input options, the command line winning, saving and
re-running, and every key checked."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from graphkit.errors import GraphkitError
from graphkit.ingest import Options
from graphkit.ingest.profile import load_profile, merge, save_profile
from tests.conftest import SAMPLE, cli

EXAMPLE = SAMPLE.parent / "profile.example.toml"


def counts(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return {r["file"].rsplit("/", 1)[-1]: (r["added"], r["updated"], r["unchanged"])
            for r in json.loads(result.stdout)["files"]}  # fmt: skip


def test_the_example_profile_imports_the_sample(tmp_path):
    first = counts(cli("import", "--profile", EXAMPLE, "--format", "json",
                       store=tmp_path / "s.db"))  # fmt: skip
    assert first["stakeholders.csv"][0] == 61 and first["interactions.csv"][0] > 500
    again = counts(cli("import", "--profile", EXAMPLE, "--format", "json", store=tmp_path / "s.db"))
    assert all(added == 0 and updated == 0 for added, updated, _ in again.values())


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def team(tmp_path):
    """A team's files: own column names, a cp1252 log beside a UTF-8 map."""
    write(
        tmp_path / "map.csv",
        "Code,Person,Party\nA-1,Tomás García,Alvara\nB-1,Šime Perić,Dalvenia\n",
    )
    (tmp_path / "logs").mkdir()
    for week, day in (("week-01", "2024-05-06"), ("week-02", "2024-05-13")):
        (tmp_path / "logs" / f"{week}.csv").write_bytes(
            f"When,Who,Whom,Tone,Note\n{day},A-1,B-1,0.5,café à côté\n".encode("cp1252")
        )
    return tmp_path


PROFILE = """
negotiation = "team"

[[stakeholders]]
path = "map.csv"
[stakeholders.map]
id = "Code"
name = "Person"

[[interactions]]
pattern = "logs/week-*.csv"
encoding = "cp1252"
[interactions.map]
date = "When"
source = "Who"
target = "Whom"
sentiment = "Tone"
notes = "Note"
"""


def test_a_profile_gives_each_input_its_own_options(team):
    profile = write(team / "prep.toml", PROFILE)
    result = counts(cli("import", "--profile", profile, "--format", "json", store=team / "s.db"))
    assert result == {"map.csv": (2, 0, 0), "week-01.csv, week-02.csv": (2, 0, 0)}
    names = cli("influence", "-n", "team", "--format", "json", store=team / "s.db").stdout
    assert "Tomás García" in names and "Ã" not in names  # the UTF-8 map was not read as cp1252


def test_the_command_line_wins_over_the_profile(team):
    profile = load_profile(write(team / "prep.toml", PROFILE))
    cli_options = Options(encoding="latin-1", mapping={"interactions.notes": "Tone"},
                          overrides={"stakeholders": {"encoding": "utf-16"}})  # fmt: skip
    files, options = merge(profile, {"interactions": []}, cli_options, ["encoding", "mapping"])
    week = options.for_file("interactions", files["interactions"][0])
    assert week.encoding == "latin-1"  # the command line's, over the input's cp1252
    assert week.mapping["interactions.notes"] == "Tone" and week.mapping["date"] == "When"
    assert options.for_file("stakeholders", files["stakeholders"][0]).encoding == "utf-16"
    only = merge(profile, {"interactions": [str(team / "x.csv")]}, Options(), [])[0]
    assert only["interactions"] == [str(team / "x.csv")]  # files given replace the profile's


def test_saved_profile_runs_the_same_import_again(team, tmp_path):
    store = team / "s.db"
    args = ["import", "-n", "team", "--stakeholders", team / "map.csv", "--map", "id=Code",
            "--map", "name=Person", "--interactions", team / "logs" / "week-01.csv",
            "--interactions", team / "logs" / "week-02.csv", "--encoding",
            "interactions=cp1252", "--map", "date=When", "--map", "source=Who", "--map",
            "target=Whom", "--map", "sentiment=Tone", "--map", "interactions.notes=Note"]  # fmt: skip
    saved = team / "saved.toml"
    first = cli(*args, "--save-profile", saved, "--format", "json", store=store)
    assert counts(first)["map.csv"] == (2, 0, 0), first.stderr
    assert "Saved the import's options" in first.stderr
    data = tomllib.loads(saved.read_text("utf-8"))
    assert data["negotiation"] == "team" and data["interactions"][0]["encoding"] == "cp1252"
    moved = tmp_path / "elsewhere"
    shutil.copytree(team, moved)  # paths in the profile are relative to it
    again = counts(cli("import", "--profile", moved / "saved.toml", "--format", "json",
                       store=moved / "s.db"))  # fmt: skip
    assert again == {"map.csv": (0, 0, 2), "week-01.csv, week-02.csv": (0, 0, 2)}


def test_saved_text_is_escaped_as_toml(tmp_path):
    options = Options(mapping={"name": 'He said "hi" \\ \u00e9\t'}, date_format="%d/%m/%Y")
    path = save_profile(tmp_path / "p.toml", "n", {"stakeholders": [str(tmp_path / "a.csv")]},
                        options)  # fmt: skip
    data = tomllib.loads(path.read_text("utf-8"))
    assert data["options"]["map"]["name"] == 'He said "hi" \\ \u00e9\t'
    assert data["stakeholders"] == [{"path": "a.csv"}]


@pytest.mark.parametrize(
    "text, message",
    [
        ('negotiaton = "x"', 'unknown key "negotiaton" - Did you mean "negotiation"?'),
        ('[[interactions]]\npath = "a.csv"\nencodng = "cp1252"', 'unknown key "encodng"'),
        ("[[interactions]]\nencoding = 'cp1252'", 'needs a path = "..." or a pattern'),
        ('[[interactions]]\npattern = "nothing-*.csv"', "no file matches pattern"),
        ("[options]\nheader_row = 0", "must be a row number"),
        ('[options]\ncreate_missing = "yes"', "must be true or false"),
        ('[options.map]\nsorce = "Who"', '"sorce" is not a field'),
        ("negotiation = ", "is not valid TOML"),
    ],
)
def test_every_key_is_checked(tmp_path, text, message):
    with pytest.raises(GraphkitError, match=None) as err:
        load_profile(write(tmp_path / "p.toml", text))
    assert message in str(err.value) and "p.toml" in str(err.value)


def test_a_bad_profile_on_the_command_line_is_one_error_and_no_store(tmp_path):
    result = cli("import", "--profile", write(tmp_path / "p.toml", 'negotation = "x"'),
                 store=tmp_path / "s.db")  # fmt: skip
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert 'unknown key "negotation"' in result.stderr and not (tmp_path / "s.db").exists()


def test_words_for_values_on_the_command_line_and_in_a_profile(tmp_path):
    write(tmp_path / "people.csv", "id,name,party\na,A,X\nb,B,Y\n")
    write(tmp_path / "log.csv", "date,source,target,tone,secret\n2024-05-06,a,b,Tense,Yes\n"
                                "2024-05-07,b,a,Cordial,No\n")  # fmt: skip
    args = ["import", "-n", "t", "--stakeholders", tmp_path / "people.csv", "--interactions",
            tmp_path / "log.csv", "--map", "sentiment=tone", "--map", "confidential=secret"]  # fmt: skip
    bad = cli(*args, "--value-map", "sentiment:Tense=-0.4", store=tmp_path / "a.db")
    assert bad.exit_code == 1 and '"Cordial"' in bad.stderr
    ok = cli(*args, "--value-map", "sentiment:Tense=-0.4,Cordial=0.3", "--save-profile",
             tmp_path / "p.toml", store=tmp_path / "a.db")  # fmt: skip
    assert ok.exit_code == 0, ok.stderr
    saved = tomllib.loads((tmp_path / "p.toml").read_text("utf-8"))
    assert saved["options"]["values"]["sentiment"] == {"Tense": "-0.4", "Cordial": "0.3"}
    again = cli("import", "--profile", tmp_path / "p.toml", "--format", "json",
                store=tmp_path / "b.db")  # fmt: skip
    assert counts(again)["log.csv"] == (2, 0, 0)
    ties = json.loads(
        cli("influence", "-n", "t", "--format", "json", store=tmp_path / "b.db").stdout
    )
    assert ties["ties"][0]["contacts"] == 2 and round(ties["ties"][0]["sentiment"], 2) == -0.05
