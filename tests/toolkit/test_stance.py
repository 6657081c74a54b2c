from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from discourse.corpus.normalise import decode, normalise
from discourse.corpus.paths import corpus_dir
from discourse.errors import CodebookError, InputError
from discourse.toolkit.stance import (
    ALIGNMENT_COLUMNS,
    STANCE_COLUMNS,
    actor_stance,
    alignment,
    load_actors,
    load_evaluation,
)


@pytest.fixture(scope="module")
def seed() -> pd.DataFrame:
    path = next((corpus_dir() / "seed").glob("*.txt"))
    text = normalise(decode(path.read_bytes()), layout="lines")
    return pd.DataFrame({"doc_id": ["bne-2024-12-19-aliyev"], "text": [text]})


def stances(sentence: str) -> dict[str, list[int]]:
    s = actor_stance(sentence)
    out: dict[str, list[int]] = {}
    for actor, stance in zip(s["actor"], s["stance"], strict=True):
        out.setdefault(actor, []).append(int(stance))
    return out


# ---------------------------------------------------------------- sentences of the seed


def test_reliable_partners() -> None:
    got = stances('"Today, Russia and Azerbaijan are reliable partners," he said.')
    assert got == {"Russia": [1], "Azerbaijan": [1]}


def test_criticism_of_macron_and_france_with_aliyev_as_holder() -> None:
    s = actor_stance(
        "Aliyev fiercely criticised French President Emmanuel Macron, accusing France of "
        "neocolonialism in Africa and hypocrisy on global issues."
    )
    by = dict(zip(s["mention"], s["stance"], strict=True))
    assert by == {"Aliyev": 0, "French": -1, "Emmanuel Macron": -1, "France": -1}
    assert s.loc[s["mention"] == "Emmanuel Macron", "holder"].item() == "Ilham Aliyev"
    assert "criticised" in s.loc[s["mention"] == "Emmanuel Macron", "cue"].item()


def test_france_exploits() -> None:
    got = stances('"France exploits resources while ignoring human suffering," he said.')
    assert got == {"France": [-1]}


def test_biden_administration_intrusive() -> None:
    assert stances('"The Biden administration is defined by its intrusiveness."') == {
        "Biden administration": [-1]
    }


def test_usaid_criticised() -> None:
    got = stances(
        'Aliyev criticised USAID\'s role in pushing "unwanted assistance" in Azerbaijan and '
        "elsewhere, comparing this to US foreign policy under Trump."
    )
    assert got["USAID"] == [-1]
    assert got["Azerbaijan"] == [0]  # a setting ("in Azerbaijan"), not a target
    assert got["Donald Trump"] == [0]  # another clause


def test_rferl_and_voa_accused_of_slander_azerbaijan_the_object() -> None:
    got = stances(
        '"Do we fund their media?" he added, accusing RFE/RL and Voice of America of '
        "slandering Azerbaijan."
    )
    assert got == {"RFE/RL": [-1], "Voice of America": [-1], "Azerbaijan": [0]}


def test_western_funded_ngos_longest_alias_and_setting() -> None:
    got = stances(
        "Aliyev issued sharp criticisms of Western-funded NGOs in Georgia, referencing their "
        "role in destabilisation."
    )
    assert got == {"Ilham Aliyev": [0], "Western-funded NGOs": [-1], "Georgia": [0]}


def test_alignment_with_putin_and_trump_against_the_west() -> None:
    got = stances(
        "The interview signalled Aliyev’s alignment with rightwing, illiberal leaders such as "
        "Putin and Trump, while he slammed interference by Western politicians and NGOs in "
        "Azerbaijan."
    )
    assert got["Vladimir Putin"] == [1] and got["Donald Trump"] == [1]
    assert got["the West"] == [-1] and got["NGOs"] == [-1]
    assert got["Azerbaijan"] == [0]


def test_macron_arms_armenia() -> None:
    got = stances('"Macron and others in the West arm Armenia under the guise of assistance."')
    assert got == {"Emmanuel Macron": [-1], "the West": [0], "Armenia": [-1]}


def test_turkey_cooperation_and_trump_welcomed() -> None:
    assert stances('"Turkey and Azerbaijan have cooperated militarily since 1992."')["Turkey"] == [
        1
    ]
    got = stances(
        "Drawing parallels with Trump’s stance, Aliyev welcomed Trump’s re-election, "
        "portraying him as an ally in pushing back against liberal trends."
    )
    assert got["Donald Trump"] == [0, 1]


def test_action_agent_not_victim() -> None:
    assert stances("The territory of Azerbaijan occupied by Armenia was returned.") == {
        "Azerbaijan": [0],
        "Armenia": [-1],
    }
    assert stances("Armenia’s aggression against Azerbaijan continued.") == {
        "Armenia": [-1],
        "Azerbaijan": [0],
    }
    assert stances("Georgia welcomed the help; Russia and Belarus threaten Ukraine.") == {
        "Georgia": [0],  # "welcomed" judges what follows it in its clause: nothing here
        "Russia": [-1],
        "Belarus": [-1],
        "Ukraine": [0],
    }


def test_settings_after_an_article_and_partitives_are_not_targets() -> None:
    assert stances("We count on support for our initiatives within the United Nations.") == {
        "United Nations": [0]
    }
    got = stances(
        "The resolution names the region part of Azerbaijan and demands the withdrawal of the "
        "occupying forces."
    )
    assert got == {"Azerbaijan": [0]}


def test_title_of_the_seed() -> None:
    got = stances("Azerbaijan’s Aliyev lines up with Russia and Trump, admits Georgia interference")
    assert got["Russia"] == [1] and got["Donald Trump"] == [1]


def test_negation_flips() -> None:
    assert stances("Russia is not a reliable partner.") == {"Russia": [-1]}
    assert stances("Russia is a reliable partner.") == {"Russia": [1]}


@pytest.mark.filterwarnings("ignore:actor_stance")
def test_pro_western_and_us_pronoun_are_not_mentions() -> None:
    assert stances("The pro-Western opposition trusts us.") == {}


def test_excluded_names_are_not_mentions() -> None:
    got = stances("Latin America, West Africa and the Paris Agreement; the West and France.")
    assert got == {"the West": [0], "France": [0]}


# ----------------------------------------------------------------------- the whole seed


def test_seed_alignment(seed: pd.DataFrame) -> None:
    s = actor_stance(seed)
    assert list(s.columns) == STANCE_COLUMNS
    text = seed.loc[0, "text"]
    assert all(text[a:b] == m for a, b, m in zip(s["start"], s["end"], s["mention"], strict=True))
    table = alignment(s, by=None).set_index("actor")
    assert list(table.reset_index().columns) == ALIGNMENT_COLUMNS
    for actor in ["Russia", "Vladimir Putin", "Donald Trump", "Turkey"]:
        assert table.loc[actor, "net"] > 0, actor
        assert table.loc[actor, "negative"] == 0, actor
    for actor in [
        "France",
        "Emmanuel Macron",
        "USAID",
        "Biden administration",
        "RFE/RL",
        "Voice of America",
        "Western-funded NGOs",
        "Armenia",
        "the West",
    ]:
        assert table.loc[actor, "net"] < 0, actor
    assert table.loc["Russia", "ci_low"] > 0
    assert s.attrs["actors_sha256"] == load_actors().sha256


def test_sentence_table_voice_speaker_and_mixed() -> None:
    doc = 'Aliyev spoke. "Russia is a reliable partner," he said of Russia.'
    sents = pd.DataFrame(
        {
            "doc_id": ["d", "d"],
            "sent_id": [0, 1],
            "start": [0, 14],
            "end": [13, len(doc)],
            "text": [doc[:13], doc[14:]],
            "voice": ["narrator", "mixed"],
            "speaker": [pd.NA, "Ilham Aliyev"],
        }
    )
    s = actor_stance(sents)
    quoted = s[s["start"] == doc.index("Russia")].iloc[0]
    assert (quoted["voice"], quoted["speaker"], quoted["holder"]) == (
        "quote",
        "Ilham Aliyev",
        "Ilham Aliyev",
    )
    assert quoted["stance"] == 1
    narrated = s[s["start"] == doc.rindex("Russia")].iloc[0]
    assert narrated["voice"] == "narrator" and pd.isna(narrated["speaker"])
    by_speaker = alignment(s, by="speaker")
    assert "Ilham Aliyev" in set(by_speaker["speaker"].dropna())


def test_quote_continuation_and_narrator_from_the_table() -> None:
    doc = '"Few countries have such credibility. We are trusted in Russia," he said. Macron failed.'
    cut1, cut2 = doc.index(" We"), doc.index(" Macron")
    sents = pd.DataFrame(
        {
            "doc_id": ["d"] * 3,
            "sent_id": [0, 1, 2],
            "start": [0, cut1 + 1, cut2 + 1],
            "end": [cut1, cut2, len(doc)],
            "text": [doc[:cut1], doc[cut1 + 1 : cut2], doc[cut2 + 1 :]],
            "voice": ["quote", "mixed", "narrator"],
            "speaker": ["Ilham Aliyev", "Ilham Aliyev", "bne IntelliNews"],
        }
    )
    s = actor_stance(sents).set_index("mention")
    # "We are trusted in Russia," continues a quotation opened in the sentence before
    assert s.loc["Russia", "voice"] == "quote" and s.loc["Russia", "speaker"] == "Ilham Aliyev"
    assert s.loc["Macron", "speaker"] == "bne IntelliNews" and s.loc["Macron", "stance"] == -1


def test_corpus_table_speech_is_the_speakers_voice() -> None:
    corpus = pd.DataFrame(
        {
            "doc_id": ["ungdc-XXX-2000"],
            "text": ["We regard Russia as a reliable partner."],
            "genre": ["speech"],
            "speaker": ["A. Speaker"],
        }
    )
    row = actor_stance(corpus).iloc[0]
    assert (row["voice"], row["speaker"], row["holder"], row["stance"]) == (
        "speaker",
        "A. Speaker",
        "A. Speaker",
        1,
    )


def test_narrated_holder_reports_whose_stance_it_is() -> None:
    s = actor_stance("Aliyev welcomed Russian companies’ participation in rebuilding Karabakh.")
    russia = s[s["actor"] == "Russia"].iloc[0]
    assert (russia["stance"], russia["holder"], russia["voice"]) == (1, "Ilham Aliyev", "narrator")
    assert alignment(s, by="holder").set_index("actor").loc["Russia", "holder"] == "Ilham Aliyev"


# ----------------------------------------------------------------------------- bad input


def test_duplicate_alias_names_file_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(
        "version: '1'\ntypes: [state]\nactors:\n"
        "  russia:\n    name: Russia\n    type: state\n    aliases: [Russia, Moscow]\n"
        "  city:\n    name: Moscow city\n    type: state\n    aliases: [Moscow]\n",
        encoding="utf-8",
    )
    with pytest.raises(CodebookError, match=r"actors\.yaml, line 11: alias 'Moscow'.*line 7"):
        load_actors(path)


def test_exclusion_that_is_an_alias_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(
        "version: '1'\ntypes: [state]\nactors:\n"
        "  russia:\n    name: Russia\n    type: state\n    aliases: [Russia]\n"
        "exclude: [Russia]\n",
        encoding="utf-8",
    )
    with pytest.raises(CodebookError, match=r"line 8: exclude: 'Russia' is also an alias"):
        load_actors(path)


def test_gazetteer_errors(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(
        "version: '1'\ntypes: [state]\nactors:\n  x:\n    name: X\n    type: planet\n"
        "    aliases: [X]\n"
    )
    with pytest.raises(CodebookError, match=r"line 6: actors\.x\.type 'planet'"):
        load_actors(path)
    path.write_text("version: '1'\ntypes: [state]\nactors:\n  x:\n    name: X\n    type: state\n")
    with pytest.raises(CodebookError, match=r"key .actors\.x\.aliases.: missing"):
        load_actors(path)
    path.write_text("version: '1'\ntypes: [state]\nactors:\n  x: {}\n  x: {}\n")
    with pytest.raises(CodebookError, match="defined twice"):
        load_actors(path)


def test_evaluation_duplicate_cue(tmp_path: Path) -> None:
    src = (Path(load_evaluation().path)).read_text(encoding="utf-8")
    path = tmp_path / "evaluation.yaml"
    path.write_text(src.replace("action: [help,", "action: [reliable, help,"), encoding="utf-8")
    with pytest.raises(CodebookError, match="cue 'reliable'.*already listed"):
        load_evaluation(path)


def test_bad_inputs() -> None:
    with pytest.raises(InputError):
        actor_stance([1, 2])  # type: ignore[list-item]
    with pytest.raises(InputError):
        actor_stance(42)
    with pytest.raises(InputError, match=r"missing column\(s\) stance"):
        alignment(pd.DataFrame({"actor": ["x"]}))
    with pytest.warns(UserWarning, match="no actor"):
        assert actor_stance("Nothing here.").empty


def test_plot_alignment_returns_axes_on_given_axes(seed: pd.DataFrame) -> None:
    import matplotlib.pyplot as plt

    from discourse.report.plot import plot_alignment

    table = alignment(actor_stance(seed), by=None)
    fig, ax = plt.subplots()
    assert plot_alignment(table, ax=ax) is ax
    assert len(ax.get_yticklabels()) == len(table)
    plt.close(fig)


def test_seed_through_segment_aliyev_alignment() -> None:
    """The seed as a researcher reads it: segment() sentences, body only, Aliyev as holder."""
    segment = pytest.importorskip("discourse.corpus.segment").segment
    from discourse.corpus.load import load_corpus

    sentences = segment(load_corpus(), progress=False)
    body = sentences[sentences["kind"] == "body"]
    s = actor_stance(body)
    assert set(s["voice"]) <= {"quote", "narrator"}  # mixed sentences resolved per mention
    table = alignment(s[s["holder"] == "Ilham Aliyev"], by="holder").set_index("actor")
    for actor in ["Russia", "Donald Trump", "Turkey"]:
        assert table.loc[actor, "net"] > 0, actor
    for actor in ["France", "Emmanuel Macron", "USAID", "Western-funded NGOs", "Armenia"]:
        assert table.loc[actor, "net"] < 0, actor
    quoted = s[s["voice"] == "quote"]
    assert (quoted["speaker"] == "Ilham Aliyev").all()


def test_sentence_units_do_not_cut_after_abbreviations() -> None:
    from discourse.toolkit.stance import sentence_units

    units = sentence_units("Mr. Macron failed us. Russia helped.")
    assert units["text"].tolist() == ["Mr. Macron failed us.", "Russia helped."]
    assert units["offset"].tolist() == [0, 22]


def test_unknown_lexicon_key_is_an_error_with_its_line(tmp_path: Path) -> None:
    # a misspelt `tags` used to drop France from the West group without a word
    path = tmp_path / "actors.yaml"
    path.write_text(
        "version: '1'\ntypes: [state]\nactors:\n"
        "  france:\n    name: France\n    type: state\n    aliases: [France]\n    tagz: [west]\n",
        encoding="utf-8",
    )
    with pytest.raises(
        CodebookError, match=r"line 8: key 'actors\.france\.tagz': unknown key; did you mean 'tags'"
    ):
        load_actors(path)
    path.write_text("version: '1'\ntypes: [state]\nactorz: {}\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"line 3: key 'actorz': unknown key"):
        load_actors(path)
    src = Path(load_evaluation().path).read_text(encoding="utf-8")
    path = tmp_path / "evaluation.yaml"
    path.write_text(src + "negator: [nope]\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"key 'negator': unknown key; did you mean"):
        load_evaluation(path)


def test_metadata_reaches_segment_stance_and_alignment(tmp_path: Path) -> None:
    """A folder's metadata.csv: speeches without a genre are their speakers' words, and
    alignment groups by any corpus column through corpus=."""
    from discourse import load_corpus, segment

    texts = {
        "aze": "We thank Russia, a reliable partner. France failed us.",
        "rus": "Azerbaijan is a reliable partner. The West failed.",
        "fra": "France is a reliable partner.",
    }
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "file,speaker,country,bloc\n"
        "aze.txt,Ilham Aliyev,Azerbaijan,east\n"
        "rus.txt,Vladimir Putin,Russia,east\n"
        "fra.txt,Emmanuel Macron,France,west\n",
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path, progress=False)
    sentences = segment(corpus, progress=False)
    assert (sentences["voice"] == "speaker").all()
    assert set(sentences["speaker"]) == {"Ilham Aliyev", "Vladimir Putin", "Emmanuel Macron"}
    stances = actor_stance(sentences)
    by_speaker = alignment(stances, by="speaker")
    assert by_speaker["speaker"].notna().all() and by_speaker["speaker"].nunique() == 3
    by_bloc = alignment(stances, by="bloc", corpus=corpus)
    assert set(by_bloc["bloc"]) == {"east", "west"}
    assert by_bloc["low_n"].all()  # one or two evaluated mentions each: not findings
    # a corpus table straight in: the same speakers
    assert set(actor_stance(corpus)["speaker"].dropna()) == set(sentences["speaker"])
    with pytest.raises(InputError, match="by: unknown column.*corpus="):
        alignment(stances, by="bloc")


def test_low_n_marks_findings_on_fewer_than_three_mentions() -> None:
    s = pd.DataFrame({"speaker": ["A"] * 4, "actor": ["X", "X", "X", "Y"], "stance": [1, 1, 1, 1]})
    table = alignment(s).set_index("actor")
    assert not table.loc["X", "low_n"] and table.loc["Y", "low_n"]


def test_low_n_counts_evaluated_mentions() -> None:
    # NATO: three mentions, one of them positive ("Nato-member Turkey"): not a finding
    s = pd.DataFrame({"speaker": ["A"] * 3, "actor": ["NATO"] * 3, "stance": [1, 0, 0]})
    row = alignment(s).iloc[0]
    assert row["mentions"] == 3 and row["net"] == 1 and row["low_n"]


def test_alignment_level_is_the_interval_name_and_confidence_still_works() -> None:
    s = pd.DataFrame({"speaker": ["A"] * 4, "actor": ["X"] * 4, "stance": [1, -1, 1, 0]})
    wide = alignment(s, level=0.99)
    with pytest.warns(FutureWarning, match="confidence= is deprecated"):
        old = alignment(s, confidence=0.99)
    pd.testing.assert_frame_equal(wide, old)
    assert wide["ci_high"].iloc[0] > alignment(s, level=0.5)["ci_high"].iloc[0]
