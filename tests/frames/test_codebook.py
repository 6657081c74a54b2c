from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discourse.errors import CodebookError, InputError
from discourse.frames.codebook import (
    Codebook,
    codebook_from_string,
    default_codebook_path,
    load_codebook,
    normalise_pattern,
    unsafe_regex_reason,
)
from discourse.frames.detect import find_frames

HEADER = """\
name: tiny
version: "0.1"
authors: [Tester]
licence: CC0-1.0
frames:
  - id: tv
    label: Traditional values
    definition: Appeals to tradition.
"""


def write(tmp_path: Path, text: str, name: str = "cb.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_default_codebook_provenance_and_frames() -> None:
    cb = load_codebook()
    assert isinstance(cb, Codebook)
    assert cb.path == default_codebook_path()
    assert cb.frame_ids[:2] == ["traditional_values", "anti_western"]
    assert {"sovereignty", "alliance"} <= set(cb.frame_ids)
    assert cb.name and cb.version and cb.authors and cb.licence
    assert re.fullmatch(r"[0-9a-f]{64}", cb.hash)
    subframes = {s.id for s in cb.frame("anti_western").subframes}
    assert {"interference", "hegemony", "neocolonialism", "hypocrisy", "aggression"} <= subframes
    assert {s.id for s in cb.frame("traditional_values").subframes} >= {"family", "anti_lgbt"}
    ids = [i.id for i in cb.indicators]
    assert len(ids) == len(set(ids))
    source_ids = {s.id for s in cb.sources}
    assert all(i.source in source_ids for i in cb.indicators if i.source)
    assert "western_actor" in cb.gazetteers
    assert cb.provenance()["codebook_hash"] == cb.hash


def test_hash_ignores_layout_and_comments_but_not_content(tmp_path: Path) -> None:
    body = HEADER + "indicators:\n  - {id: tv.1, frame: tv, patterns: [traditional values]}\n"
    a = load_codebook(write(tmp_path, body, "a.yaml"))
    b = load_codebook(
        write(tmp_path, "# a comment\n" + body.replace("[Tester]", "[ Tester ]"), "b.yaml")
    )
    c = load_codebook(
        write(tmp_path, body.replace("traditional values", "family values"), "c.yaml")
    )
    assert a.hash == b.hash
    assert a.hash != c.hash


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "indicators:\n  - {id: tv.1, frame: tv, patterns: [a\n")
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    message = str(err.value)
    assert str(path) in message and "invalid YAML" in message
    assert re.search(r"line (10|11)\b", message)


def test_unknown_key_names_key_line_and_suggests(tmp_path: Path) -> None:
    text = HEADER + "indicators:\n  - id: tv.1\n    frame: tv\n    paterns: [traditional values]\n"
    with pytest.raises(CodebookError) as err:
        load_codebook(write(tmp_path, text))
    message = str(err.value)
    assert "line 12" in message
    assert "paterns" in message and "did you mean 'patterns'" in message


def test_unknown_top_level_key_suggests(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match=r"line 1: key 'nme'.*did you mean 'name'"):
        load_codebook(write(tmp_path, "nme: x\n" + HEADER))


def test_empty_pattern_is_refused(tmp_path: Path) -> None:
    text = HEADER + 'indicators:\n  - {id: tv.1, frame: tv, patterns: ["traditional values", ""]}\n'
    with pytest.raises(CodebookError, match=r"line 10: key 'indicators\[0\].*patterns\[1\]'"):
        load_codebook(write(tmp_path, text))


def test_duplicate_indicator_ids(tmp_path: Path) -> None:
    text = HEADER + (
        "indicators:\n"
        "  - {id: tv.1, frame: tv, patterns: [traditional values]}\n"
        "  - {id: tv.1, frame: tv, patterns: [family values]}\n"
    )
    with pytest.raises(
        CodebookError, match=r"line 11:.*duplicate id 'tv.1' \(first defined on line 10\)"
    ):
        load_codebook(write(tmp_path, text))


def test_unknown_frame_reference_suggests(tmp_path: Path) -> None:
    text = HEADER + "indicators:\n  - {id: x.1, frame: tvv, patterns: [traditional values]}\n"
    with pytest.raises(CodebookError, match=r"unknown frame 'tvv'; did you mean 'tv'"):
        load_codebook(write(tmp_path, text))


def test_missing_required_key(tmp_path: Path) -> None:
    text = HEADER.replace("licence: CC0-1.0\n", "") + "indicators: []\n"
    with pytest.raises(CodebookError, match=r"key 'licence': required key is missing"):
        load_codebook(write(tmp_path, text))


def test_wildcard_only_at_word_end(tmp_path: Path) -> None:
    text = HEADER + 'indicators:\n  - {id: tv.1, frame: tv, patterns: ["trad*tional values"]}\n'
    with pytest.raises(CodebookError, match="wildcard"):
        load_codebook(write(tmp_path, text))


def test_regex_re2_cannot_run_is_refused_with_its_line(tmp_path: Path) -> None:
    text = HEADER + 'indicators:\n  - {id: tv.1, frame: tv, regex: ["(?<=neo)colonial"]}\n'
    with pytest.raises(CodebookError, match=r"line 10.*refused regex.*RE2.*lookarounds"):
        load_codebook(write(tmp_path, text))


def test_safe_regex_is_accepted_and_matches() -> None:
    cb = codebook_from_string(
        HEADER
        + 'indicators:\n  - {id: tv.1, frame: tv, regex: ["\\\\btradition(al)? values?\\\\b"]}\n'
    )
    m = find_frames("We keep traditional values.", cb)
    assert m["matched"].tolist() == ["traditional values"]


@pytest.mark.parametrize(
    ("pattern", "refused"),
    [
        # nested quantifiers and alternations run in linear time on RE2: accepted
        (r"(a+)+$", False),
        (r"(a|aa)*b", False),
        (r"(\w+\s?)*", False),
        (r"neo-?colonial\w*", False),
        (r"(?:traditional|family) values", False),
        (r"[(+*]+ values", False),
        # what only a backtracking engine can run: refused
        (r"(a)\1", True),
        (r"(?P<x>a)(?P=x)", True),
        (r"(?=a)a", True),
        (r"(?<!a)b", True),
        (r"(?x)(a+) +$", True),
        (r"(a+)(?#c)+$", True),
        (r"[\W]", True),
        ("a" * 201, True),
    ],
)
def test_unsafe_regex_reason(pattern: str, refused: bool) -> None:
    assert (unsafe_regex_reason(pattern) is not None) is refused


# the pathological families of issue 13 item 3 and issue 12 §3: each ran past 10 s on a
# backtracking engine; on RE2 each is accepted or refused, and what is accepted runs at once
_PATHOLOGICAL = [
    (r"\w*\w*\w*\w*\w*!", "x" * 100),
    ("a*" * 20 + "$", "a" * 30 + "!"),
    (".*" * 20 + "=", "x" * 200),
    (r"(a+)+$", "a" * 40 + "!"),
    (r"(a|aa)*b", "a" * 40),
    ("a+b", "a" * 1_000_000),
]


@pytest.mark.timeout(30)
@pytest.mark.parametrize(("pattern", "text"), _PATHOLOGICAL)
def test_pathological_regexes_run_in_linear_time(pattern: str, text: str) -> None:
    cb = codebook_from_string(
        HEADER + f"indicators:\n  - {{id: tv.1, frame: tv, regex: ['{pattern}']}}\n"
    )
    assert find_frames(text, cb).empty


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab _1²é\u0301\u00a0\u2003İß-\t\n.", max_size=20))
def test_re2_classes_keep_pythons_unicode_meaning(text: str) -> None:
    from discourse._regex import compile_regex

    for pattern in (r"\w+", r"\W+", r"\d+", r"\s+", r"\S+", r"[\w-]+", r"[^\s]+", r"x?\Z"):
        # empty matches aside (the matcher skips them)
        ours = [m.span() for m in compile_regex(pattern).finditer(text) if m.end() > m.start()]
        assert ours == [m.span() for m in re.finditer(pattern, text) if m.end() > m.start()]


def test_normalise_pattern() -> None:
    assert normalise_pattern("Western-funded NGOs") == ("western funded ngos", False)
    assert normalise_pattern("imperialis*") == ("imperialis", True)
    for bad in ("", "   ", "a*", "* values", "tra*ditional"):
        with pytest.raises(ValueError):
            normalise_pattern(bad)


def test_missing_file_and_bad_types(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="cannot read"):
        load_codebook(tmp_path / "nope.yaml")
    text = HEADER + "indicators:\n  - {id: tv.1, frame: tv, weight: heavy, patterns: [x y]}\n"
    with pytest.raises(CodebookError, match=r"line 10.*weight.*expected a number"):
        load_codebook(write(tmp_path, text))
    with pytest.raises(CodebookError, match="line 1: the codebook is empty"):
        load_codebook(write(tmp_path, "# nothing\n", "empty.yaml"))


def test_proximity_rule_needs_a_known_gazetteer(tmp_path: Path) -> None:
    text = HEADER + "indicators:\n  - {id: tv.1, frame: tv, cues: [meddl*], near: westerners}\n"
    with pytest.raises(CodebookError, match="unknown gazetteer 'westerners'"):
        load_codebook(write(tmp_path, text))


def test_codebook_error_is_an_input_error() -> None:
    assert issubclass(CodebookError, InputError)


def test_yaml_booleans_get_a_quoting_hint(tmp_path: Path) -> None:
    text = HEADER + (
        "negation:\n  cues: [not, no]\n"
        "indicators:\n  - {id: tv.1, frame: tv, patterns: [traditional values]}\n"
    )
    with pytest.raises(CodebookError, match=r"line 10: key 'negation.cues\[1\]'.*quote it"):
        load_codebook(write(tmp_path, text))


def test_a_codebook_rewritten_with_the_same_size_and_time_is_reloaded(tmp_path: Path) -> None:
    import os

    body = 'indicators:\n  - {id: tv.1, frame: tv, patterns: ["%s"]}\n'
    path = write(tmp_path, HEADER + body % "family values")
    stamp = path.stat().st_mtime_ns
    assert load_codebook(path).indicators[0].patterns == ("family values",)
    path.write_text(HEADER + body % "family virtue", encoding="utf-8")  # same length
    os.utime(path, ns=(stamp, stamp))
    assert load_codebook(path).indicators[0].patterns == ("family virtue",)


def test_a_codebook_of_the_wrong_type_is_an_input_error() -> None:
    from discourse.frames.codebook import resolve_codebook

    with pytest.raises(InputError, match="codebook must be a Codebook, a path or None, not int"):
        resolve_codebook(5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "read_as"), [("1.10", "float 1.1"), ("2024-01-01", "date"), ("2", "int 2")]
)
def test_version_must_be_a_string(tmp_path, value: str, read_as: str) -> None:
    text = default_codebook_path().read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("version:"))
    path = tmp_path / "cb.yaml"
    path.write_text(re.sub(r"(?m)^version:.*$", f"version: {value}", text), encoding="utf-8")
    with pytest.raises(
        CodebookError, match=rf"line {line}: key 'version': must be a string.*{read_as}.*quote it"
    ):
        load_codebook(path)
    path.write_text(re.sub(r"(?m)^version:.*$", f'version: "{value}"', text), encoding="utf-8")
    assert load_codebook(path).version == value


def test_alias_expansion_is_capped(tmp_path) -> None:
    # each level multiplies by 10: 10**6 values from a file of a few hundred bytes
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for k in range(1, 7):
        lines.append(f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 10) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(
        CodebookError, match=r"bomb\.yaml, line 2: YAML aliases .* more than 100,000"
    ):
        load_codebook(path)
    path.write_text("a: &a [*a]\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="refer to themselves"):
        load_codebook(path)


def test_lexicons_and_codebooks_share_one_reader() -> None:
    import discourse.frames.codebook as codebook
    import discourse.toolkit.stance as stance
    from discourse.corpus import _yamldata

    assert issubclass(codebook._Reader, _yamldata.Reader)
    assert stance.load_yaml is _yamldata.load_yaml
    assert codebook._compose("a: 1", "x").value[0][0].value == "a"


# ------------------------------------------------------------------ hostile YAML (issue 20)

_BASE = (
    "name: x\nversion: '1'\nauthors: [me]\nlicence: CC0-1.0\n"
    "frames:\n  - {id: t, label: T, definition: D.}\n"
    "indicators:\n  - {id: t.1, frame: t, patterns: [trade]}\n"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: " + "[" * 5000 + "]" * 5000 + "\n", "nests lists or mappings too deeply"),
        ("name: " + "[" * 60 + "]" * 60 + "\n", "line 1: lists or mappings nested more than 50"),
        (_BASE.replace("name: x", "name: !foo x"), "line 1: key 'name': unknown YAML tag !foo"),
        (
            _BASE.replace("version: '1'", "version: 2024-13-45"),
            "line 2: key 'version': YAML cannot",
        ),
        (_BASE.replace("version: '1'", "version: 0x_"), "line 2: key 'version': YAML cannot"),
    ],
)
def test_hostile_yaml_gives_a_located_codebook_error(tmp_path, text: str, message: str) -> None:
    path = tmp_path / "cb.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError, match=message):
        load_codebook(path)


@pytest.mark.parametrize("frame_id", ["doc_id", "sent_id", "text", "year", "n_matches"])
def test_a_frame_named_like_a_table_column_is_refused(tmp_path: Path, frame_id: str) -> None:
    """A frame with id doc_id collided with the doc_id column (a raw "cannot insert doc_id,
    already exists" in score_frames) (issue 20)."""
    text = HEADER.replace("id: tv", f"id: {frame_id}") + (
        f'indicators:\n  - {{id: tv.1, frame: {frame_id}, patterns: ["family values"]}}\n'
    )
    with pytest.raises(
        CodebookError,
        match=rf"line 6: key .frames\[0\]\.id.: frame id '{frame_id}' is the name of a column",
    ):
        load_codebook(write(tmp_path, text))


def test_reserved_column_names_cover_every_table() -> None:
    from discourse._validation import SENTENCE_COLUMNS
    from discourse.corpus.load import COLUMNS
    from discourse.frames.codebook import RESERVED_COLUMNS
    from discourse.frames.detect import MATCH_COLUMNS
    from discourse.frames.score import SCORE_COLUMNS

    tables = [*SENTENCE_COLUMNS, "part", "offset", *COLUMNS, *MATCH_COLUMNS, *SCORE_COLUMNS]
    assert set(tables) <= RESERVED_COLUMNS
