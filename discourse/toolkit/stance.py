"""Actor stance and alignment: who is evaluated how, by whom.

In: a sentence table (or a corpus table, or texts). Out: one row per actor mention with its
evaluation (:func:`actor_stance`), and net stance per group and actor (:func:`alignment`).

:func:`actor_stance` finds every mention of an actor of the gazetteer
(``discourse/lexicons/actors.yaml``) and scores it with the evaluative lexicon
(``discourse/lexicons/evaluation.yaml``) within the mention's clause; :func:`alignment`
aggregates the mentions into a table of net stance per group and actor.

The rules (all word lists are data in ``evaluation.yaml``)
---------------------------------------------------------
1. **Mentions**: aliases match case-sensitively as whole words ("US" the state, "us" a pronoun);
   where aliases overlap the longest wins ("Western-funded NGOs" before "Western"); "pro-" and
   "anti-" compounds ("pro-Western") are not mentions.
2. **Clauses**: a sentence is cut at semicolons, colons, brackets, spaced dashes, the end of a
   quotation (``," he said``), and at commas before "but", "while", "which", "despite"... or
   before a participle (``, accusing France of ...``).
3. **Cues** in the mention's clause apply by their role: an *attribute* ("reliable",
   "hypocrisy") to every actor in the clause; a *judgement* ("criticised", "welcomed") to the
   actors after it; an *action* ("exploits", "slandering", "occupation") to the actor acting:
   the one introduced by "by" after it ("occupied by Armenia"), else the nearest actor before
   it and those coordinated with it ("RFE/RL and Voice of America ... slandering"). The object
   of an action (an actor within two tokens after it, "slandering Azerbaijan") is evaluated by
   no cue of the clause.
4. **Negation**: a negator among the three tokens before a cue flips it ("not reliable").
5. **Not targets**: an actor right after a setting preposition ("interference *in Georgia*",
   "trusted *in Russia*") is not evaluated; an actor that is the subject of a reporting or
   judging verb ("*Aliyev* sharply criticised ...") is the clause's **holder**, not its target.
6. **Stance** of a mention: the sign of the sum of the applicable cues (+1, 0, -1).
7. **Voice**: from the sentence table; where a sentence is ``mixed`` (or the input is plain
   text) a mention inside quotation marks is ``quote``, else ``narrator``. The ``holder`` is the
   actor found by rule 5, else the speaker of a quotation or speech, else NA.

Plain texts and corpus tables are cut into sentences by the package's one sentence splitter
(the one :func:`discourse.segment` uses); pass a sentence table (:func:`discourse.segment`) for
voices and speakers too.
"""

from __future__ import annotations

import bisect
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import stdtrit

from .._schema import conform
from .._stats import resolve_level
from .._validation import as_corpus, require_columns
from ..corpus._sentences import quoted, sentence_quotations
from ..corpus._yamldata import check_keys, load_yaml, require, string_list
from ..corpus.units import split_units
from ..errors import CodebookError, InputError
from ._tokens import (
    PatternSet,
    Tokens,
    as_units,
    compile_patterns,
    find_spans,
    fold,
    iter_units,
    mention_voice,
    narrators,
    tokenise,
)

__all__ = [
    "ALIGNMENT_COLUMNS",
    "STANCE_COLUMNS",
    "Actor",
    "EvaluationLexicon",
    "Gazetteer",
    "actor_stance",
    "alignment",
    "load_actors",
    "load_evaluation",
]

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"
ACTOR_TYPES_KEY = "types"

#: Stable columns of :func:`actor_stance`.
STANCE_COLUMNS = [
    "doc_id",
    "sent_id",
    "actor",
    "mention",
    "start",
    "end",
    "stance",
    "cue",
    "speaker",
    "voice",
    "holder",
    "actor_id",
    "actor_type",
]

#: Stable columns of :func:`alignment` (after the grouping columns).
ALIGNMENT_COLUMNS = [
    "actor",
    "mentions",
    "positive",
    "negative",
    "neutral",
    "net",
    "mean",
    "ci_low",
    "ci_high",
    "low_n",
]

#: A group's net stance towards an actor resting on fewer evaluated (positive or negative)
#: mentions than this is marked ``low_n``: report it as an anecdote, not a finding.
MIN_MENTIONS_FOR_FINDING = 3

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_PUNCT_GAP = re.compile(r"[,;:\"“”()\[\]—–]")
# between a mention and the holder it belongs to: a possessive and/or capitalised titles
_HEAD_GAP = re.compile(r"^(?:['’]s)?(?:\s+[A-Z][\w-]*)*\s+$")
# between coordinated mentions: "Russia and Azerbaijan", "Macron, Scholz and others"
_COORDINATION = re.compile(r"^(?:['’]s)?\s*,?\s*(?:(?:and|or)\s+)?$")
_ARTICLES = frozenset({"the", "a", "an"})
_VERB_LEADS = frozenset({"also", "has", "had", "have", "then", "again", "once", "further", "too"})


# ------------------------------------------------------------------------------- gazetteer


@dataclass(frozen=True)
class Actor:
    """One actor of the gazetteer."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    iso3: str | None = None
    country: str | None = None
    tags: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Gazetteer:
    """The actors, the compiled alias matcher and the file's provenance."""

    actors: dict[str, Actor]
    alias_to_id: dict[str, str]
    path: Path
    sha256: str
    version: str
    matcher: re.Pattern[str] = field(repr=False)

    def find(self, text: str) -> list[tuple[int, int, Actor]]:
        """Mentions ``(start, end, actor)`` in ``text``, longest alias first, in text order.

        Names listed under ``exclude`` in the gazetteer are matched too, and skipped.
        """
        return [
            (m.start(), m.end(), self.actors[self.alias_to_id[m.group()]])
            for m in self.matcher.finditer(text)
            if m.group() in self.alias_to_id
        ]

    def select(self, names: Iterable[str]) -> set[str]:
        """Actor ids named by ids, names, iso3 codes or tags."""
        wanted = {n.casefold() for n in names}
        return {
            a.id
            for a in self.actors.values()
            if wanted
            & {a.id, a.name.casefold(), (a.iso3 or "").casefold(), *(t.casefold() for t in a.tags)}
        }


_META_KEYS = ("version", "title", "authors", "licence", "sources")
_ACTORS_TOP_KEYS = (*_META_KEYS, ACTOR_TYPES_KEY, "actors", "exclude")
_ACTOR_KEYS = ("name", "type", "aliases", "iso3", "country", "tags")
_EVALUATION_TOP_KEYS = (
    *_META_KEYS,
    "positive",
    "negative",
    "negators",
    "holder_verbs",
    "setting_prepositions",
    "clause_breaks",
)


def load_actors(path: str | Path | None = None) -> Gazetteer:
    """Load and validate a gazetteer of actors (default: the package's ``actors.yaml``).

    Raises
    ------
    CodebookError
        Naming the file, the line and the key: a missing field, an unknown type, a malformed
        id, or an alias given to two actors (both lines are named).

    Examples
    --------
    >>> g = load_actors()
    >>> g.actors[g.alias_to_id["Putin"]].name
    'Vladimir Putin'
    >>> [(s, e, a.name) for s, e, a in g.find("Western-funded NGOs and the West")]
    [(0, 19, 'Western-funded NGOs'), (24, 32, 'the West')]
    """
    file = Path(path) if path is not None else LEXICON_DIR / "actors.yaml"
    root, sha = load_yaml(file)
    check_keys(root, _ACTORS_TOP_KEYS, file, "")
    version = require(root, "version", file, "").value
    types = {
        t for t, _ in string_list(require(root, ACTOR_TYPES_KEY, file, "", list), file, "types")
    }
    entries = require(root, "actors", file, "", dict)
    actors: dict[str, Actor] = {}
    alias_to_id: dict[str, str] = {}
    alias_line: dict[str, int] = {}
    for actor_id, node in entries.value.items():
        where = f"actors.{actor_id}"
        if not _ID.match(actor_id):
            raise CodebookError(
                f"{file}, line {node.line}: {where}: ids are lower case letters, digits and "
                "underscores"
            )
        if not isinstance(node.value, dict):
            raise CodebookError(
                f"{file}, line {node.line}: {where} must be a mapping (name, type, aliases)"
            )
        check_keys(node, _ACTOR_KEYS, file, where)
        name = require(node, "name", file, where).value
        type_node = require(node, "type", file, where)
        if type_node.value not in types:
            raise CodebookError(
                f"{file}, line {type_node.line}: {where}.type {type_node.value!r} is not one of "
                f"{sorted(types)} (the file's `types`)"
            )
        aliases = string_list(require(node, "aliases", file, where, list), file, f"{where}.aliases")
        if not aliases:
            raise CodebookError(
                f"{file}, line {node.line}: {where}.aliases is empty; give at least one"
            )
        for alias, line in aliases:
            if alias in alias_to_id:
                raise CodebookError(
                    f"{file}, line {line}: alias {alias!r} of {where} is already an alias of "
                    f"actors.{alias_to_id[alias]} (line {alias_line[alias]}); an alias may "
                    f"name one actor only"
                )
            alias_to_id[alias] = actor_id
            alias_line[alias] = line
        optional = {k: node.value[k].value for k in ("iso3", "country") if k in node.value}
        tags = (
            tuple(t for t, _ in string_list(node.value["tags"], file, f"{where}.tags"))
            if "tags" in node.value
            else ()
        )
        actors[actor_id] = Actor(
            id=actor_id,
            name=name,
            type=type_node.value,
            aliases=tuple(a for a, _ in aliases),
            iso3=optional.get("iso3"),
            country=optional.get("country"),
            tags=tags,
            line=node.line,
        )
    excluded: list[str] = []
    if "exclude" in root.value:
        for name, line in string_list(root.value["exclude"], file, "exclude"):
            if name in alias_to_id:
                raise CodebookError(
                    f"{file}, line {line}: exclude: {name!r} is also an alias of "
                    f"actors.{alias_to_id[name]} (line {alias_line[name]}); keep one"
                )
            excluded.append(name)
    ordered = sorted([*alias_to_id, *excluded], key=lambda a: (-len(a), a))
    matcher = re.compile(
        r"(?<!\w)(?<![Pp]ro-)(?<![Aa]nti-)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)"
    )
    return Gazetteer(actors, alias_to_id, file, sha, version, matcher)


# ----------------------------------------------------------------------- evaluative lexicon


@dataclass(frozen=True)
class Cue:
    """One evaluative cue: its pattern, polarity (+1 / -1), role and line in the file."""

    pattern: str
    polarity: int
    role: str
    line: int


@dataclass(frozen=True)
class EvaluationLexicon:
    """Cues with their compiled patterns, and the word lists of the scoring rules."""

    cues: dict[str, Cue]
    patterns: PatternSet = field(repr=False)
    negators: frozenset[str]
    holder_verbs: frozenset[str]
    setting_prepositions: frozenset[str]
    clause_breaks: re.Pattern[str] = field(repr=False)
    path: Path
    sha256: str
    version: str


ROLES = ("attribute", "judgement", "action")


def load_evaluation(path: str | Path | None = None) -> EvaluationLexicon:
    """Load and validate an evaluative lexicon (default: the package's ``evaluation.yaml``).

    Raises
    ------
    CodebookError
        Naming the file and line: an unknown polarity or role, a cue listed twice, a bad
        clause-break regular expression, a missing word list.

    Examples
    --------
    >>> lex = load_evaluation()
    >>> lex.cues["reliable"].polarity, lex.cues["slander*"].role
    (1, 'action')
    """
    file = Path(path) if path is not None else LEXICON_DIR / "evaluation.yaml"
    root, sha = load_yaml(file)
    check_keys(root, _EVALUATION_TOP_KEYS, file, "")
    version = require(root, "version", file, "").value
    cues: dict[str, Cue] = {}
    for polarity_name, sign in (("positive", 1), ("negative", -1)):
        block = require(root, polarity_name, file, "", dict)
        for role, node in block.value.items():
            if role not in ROLES:
                raise CodebookError(
                    f"{file}, line {node.line}: {polarity_name}.{role}: unknown role; use one "
                    f"of {ROLES}"
                )
            for cue, line in string_list(node, file, f"{polarity_name}.{role}"):
                key = cue.lower()
                if key in cues:
                    raise CodebookError(
                        f"{file}, line {line}: cue {cue!r} ({polarity_name}.{role}) is already "
                        f"listed on line {cues[key].line}; keep one"
                    )
                cues[key] = Cue(key, sign, role, line)
    words = {}
    for key in ("negators", "holder_verbs", "setting_prepositions"):
        items = string_list(require(root, key, file, "", list), file, key)
        words[key] = frozenset(fold(w) for w, _ in items)
    breaks = []
    for expr, line in string_list(
        require(root, "clause_breaks", file, "", list), file, "clause_breaks"
    ):
        try:
            re.compile(expr)
        except re.error as exc:
            raise CodebookError(
                f"{file}, line {line}: clause_breaks: bad regular expression ({exc})"
            ) from None
        breaks.append(f"(?:{expr})")
    try:
        patterns = PatternSet(compile_patterns(list(cues)))
    except InputError as exc:
        raise CodebookError(f"{file}: {exc}") from None
    return EvaluationLexicon(
        cues=cues,
        patterns=patterns,
        negators=words["negators"],
        holder_verbs=words["holder_verbs"],
        setting_prepositions=words["setting_prepositions"],
        clause_breaks=re.compile("|".join(breaks)),
        path=file,
        sha256=sha,
        version=version,
    )


@lru_cache(maxsize=8)
def _default_lexicons() -> tuple[Gazetteer, EvaluationLexicon]:
    return load_actors(), load_evaluation()


def resolve_lexicons(
    actors: Gazetteer | str | Path | None, evaluation: EvaluationLexicon | str | Path | None
) -> tuple[Gazetteer, EvaluationLexicon]:
    """The gazetteer and lexicon to use: given objects, files, or the package defaults."""
    default_g, default_e = _default_lexicons()
    g = actors if isinstance(actors, Gazetteer) else load_actors(actors) if actors else default_g
    e = (
        evaluation
        if isinstance(evaluation, EvaluationLexicon)
        else load_evaluation(evaluation)
        if evaluation
        else default_e
    )
    return g, e


# ---------------------------------------------------------------------------- the scorer


@dataclass(frozen=True)
class Mention:
    """A span to be scored: character offsets in the unit's text, and a label."""

    start: int
    end: int
    label: Any


@dataclass(frozen=True)
class Scored:
    """A scored mention: stance, the cues that made it, whether it is the holder, its voice."""

    mention: Mention
    stance: int
    cue: str
    is_holder: bool
    in_quote: bool
    clause: int


def _cue_spans(forms: list[str], lex: EvaluationLexicon) -> list[tuple[int, int, Cue]]:
    """Cue matches, each token claimed by one cue: longest first, then exact before glob."""
    spans = find_spans(forms, lex.patterns)
    spans.sort(key=lambda s: (-(s[1] - s[0]), "*" in s[2] or "?" in s[2], s[0]))
    taken = np.zeros(len(forms), dtype=bool)
    kept = []
    for i, j, source in spans:
        if not taken[i:j].any():
            taken[i:j] = True
            kept.append((i, j, lex.cues[source]))
    return sorted(kept, key=lambda s: s[0])


def _is_holder(
    text: str, forms: list[str], toks: Tokens, end: int, j: int, lex: EvaluationLexicon
) -> bool:
    """Whether the mention ending at token ``j`` is the subject of a holder verb.

    The verb must follow at once or after one adverb-like word (``also``, ``sharply``...),
    with no punctuation in between.
    """
    for k in range(j, min(j + 2, len(forms))):
        if forms[k] in lex.holder_verbs:
            return not _PUNCT_GAP.search(text[end : int(toks.starts[k])])
        if not (forms[k].endswith("ly") or forms[k] in _VERB_LEADS):
            return False
    return False


def _is_object(cue: Cue, ci: int, cj: int, i: int, forms: list[str]) -> bool:
    """Whether a mention starting at token ``i`` is the object of the action cue ``ci:cj``."""
    return cue.role == "action" and 0 <= i - cj <= 1 and forms[cj] != "by"


def _word_before(forms: list[str], i: int) -> int | None:
    """Index of the token before token ``i``, skipping one article ("in *the* United States")."""
    k = i - 1
    if k >= 0 and forms[k] in _ARTICLES:
        k -= 1
    return k if k >= 0 else None


def _agents(
    text: str,
    forms: list[str],
    mentions: Sequence[Mention],
    spans: list[tuple[int, int]],
    clauses: list[int],
    eligible: list[bool],
    ci: int,
    cj: int,
    clause: int,
) -> set[int]:
    """Indices of the mentions that act in the action cue ``ci:cj``.

    A mention introduced by "by" within three tokens after the cue ("occupied by Armenia",
    "interference by Western politicians"); else the nearest eligible mention before the cue
    in its clause, with the mentions coordinated with it ("RFE/RL and Voice of America").
    ``eligible`` excludes settings, objects, holders and mentions after "of" ("part *of
    Azerbaijan*"), which are not agents.
    """
    if cj < len(forms) and forms[cj] == "by":  # passive: "occupied by Armenia"
        after = [
            k
            for k in range(len(mentions))
            if clauses[k] == clause and eligible[k] and cj < spans[k][0] <= cj + 3
        ]
        if after:
            return set(after[:1])
    before = sorted(
        (k for k in range(len(mentions)) if clauses[k] == clause and spans[k][1] <= ci),
        key=lambda k: mentions[k].start,
    )
    found: set[int] = set()
    for k in reversed(before):
        if not found:
            if eligible[k]:
                found.add(k)
            continue
        nearest = min(found, key=lambda f: mentions[f].start)
        if not _COORDINATION.match(text[mentions[k].end : mentions[nearest].start]):
            break
        if eligible[k]:
            found.add(k)
    return found


def score_mentions(
    text: str, mentions: Sequence[Mention], lex: EvaluationLexicon, toks: Tokens | None = None
) -> list[Scored]:
    """Score ``mentions`` of one sentence ``text`` by the rules in the module docstring."""
    if not mentions:
        return []
    toks = toks if toks is not None else tokenise(text)
    forms = [fold(f) for f in toks.forms]
    breaks = sorted(m.start() for m in lex.clause_breaks.finditer(text))
    tok_clause = [bisect.bisect_right(breaks, int(s)) for s in toks.starts]
    cues = _cue_spans(forms, lex)
    quotations = sentence_quotations(text)
    cue_info = []
    for i, j, cue in cues:
        lo = i
        while lo > 0 and i - lo < 3 and tok_clause[lo - 1] == tok_clause[i]:
            lo -= 1
        negated = any(f in lex.negators for f in forms[lo:i])
        cue_info.append((i, j, cue, -cue.polarity if negated else cue.polarity, negated))
    spans = []
    for m in mentions:
        i = int(np.searchsorted(toks.ends, m.start, side="right"))
        spans.append((i, max(int(np.searchsorted(toks.starts, m.end, side="left")), i + 1)))
    holders = [
        _is_holder(text, forms, toks, m.end, j, lex)
        for m, (_, j) in zip(mentions, spans, strict=True)
    ]
    order = sorted(range(len(mentions)), key=lambda k: mentions[k].start)
    for a, b in zip(order[-2::-1], order[:0:-1], strict=True):
        gap = text[mentions[a].end : mentions[b].start]
        if holders[b] and not holders[a] and _HEAD_GAP.match(gap):
            holders[a] = True
    clauses = [bisect.bisect_right(breaks, m.start) for m in mentions]
    settings = []
    lead = [_word_before(forms, i) for i, _ in spans]
    for (i, _), clause, before in zip(spans, clauses, lead, strict=True):
        setting = (
            before is not None
            and forms[before] in lex.setting_prepositions
            and tok_clause[before] == clause
        )
        settings.append(
            setting
            or any(
                _is_object(cue, ci, cj, i, forms) and tok_clause[ci] == clause
                for ci, cj, cue, _, _ in cue_info
            )
        )
    eligible = [not (a or b) for a, b in zip(settings, holders, strict=True)]
    can_act = [ok and (b is None or forms[b] != "of") for ok, b in zip(eligible, lead, strict=True)]
    agents = {
        ci: _agents(text, forms, mentions, spans, clauses, can_act, ci, cj, tok_clause[ci])
        for ci, cj, cue, _, _ in cue_info
        if cue.role == "action"
    }
    out = []
    for k, (m, (i, j), holder) in enumerate(zip(mentions, spans, holders, strict=True)):
        clause = clauses[k]
        inside = quoted(text, m.start, quotations)
        total, used = 0, []
        if eligible[k]:
            for ci, cj, cue, value, negated in cue_info:
                if tok_clause[ci] != clause or (ci < j and cj > i):
                    continue
                if cue.role == "judgement" and i < ci:
                    continue
                if cue.role == "action" and k not in agents[ci]:
                    continue
                total += value
                used.append(
                    ("not " if negated else "")
                    + text[int(toks.starts[ci]) : int(toks.ends[cj - 1])]
                )
        out.append(Scored(m, int(np.sign(total)), "; ".join(used), holder, inside, clause))
    return out


def sentence_units(x: Any) -> pd.DataFrame:
    """Sentences of ``x``: a sentence table as given, else its texts split into sentences.

    Plain texts and corpus tables are split by the package's one unit builder
    (:func:`discourse.corpus.units.split_units`, on the splitter :func:`discourse.segment`
    uses; "Mr." does not end a sentence). Returns the :func:`discourse.toolkit._tokens.as_units`
    table with a ``sent_id`` column.
    """
    units = as_units(x)
    if "sent_id" in units.columns:
        return units
    keep = [c for c in ("voice", "speaker") if c in units.columns]
    built = split_units(
        units["doc_id"].tolist(),
        units["text"].tolist(),
        "x",
        offsets=units["offset"].tolist(),
        carried={c: units[c].tolist() for c in keep},
    )
    return pd.DataFrame(
        {
            "doc_id": built.doc_id,
            "offset": built.offset,
            "text": built.text,
            "sent_id": built.sent_id,
            **built.carried,
        },
        columns=["doc_id", "offset", "text", "sent_id", *keep],
    )


# ------------------------------------------------------------------------------ public API


def actor_stance(
    x: Any,
    *,
    actors: Gazetteer | str | Path | None = None,
    evaluation: EvaluationLexicon | str | Path | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """Every actor mention in ``x`` with its stance (+1 / 0 / -1) in its clause.

    Parameters
    ----------
    x
        A sentence table (:func:`discourse.segment`; its ``voice`` and ``speaker`` are used),
        a corpus table, a string or a list of strings.
    actors, evaluation
        A gazetteer / evaluative lexicon (objects from :func:`load_actors` /
        :func:`load_evaluation`, or paths to YAML files); default: the package's own.
    progress
        Show a progress bar (tables of 500 text units or more; default ``True``).

    Returns
    -------
    pandas.DataFrame
        One row per mention: ``doc_id``, ``sent_id``, ``actor`` (canonical name), ``mention``
        (the text), ``start``, ``end`` (offsets into the document), ``stance``, ``cue`` (the
        cues applied, ``"not ..."`` when negated, ``""`` for none), ``speaker``, ``voice``,
        ``holder`` (who evaluates, see the module docstring), ``actor_id``, ``actor_type``.
        A sentence table cut with ``segment(..., split_quotes=True)`` adds its ``part``. The
        lexicons' sha256 are in ``attrs["actors_sha256"]`` and ``attrs["evaluation_sha256"]``.

    Examples
    --------
    >>> s = actor_stance("Russia and Azerbaijan are reliable partners. France exploits Africa.")
    >>> s[["actor", "stance", "cue"]]
            actor  stance                 cue
    0      Russia       1  reliable; partners
    1  Azerbaijan       1  reliable; partners
    2      France      -1            exploits
    """
    gazetteer, lex = resolve_lexicons(actors, evaluation)
    units = sentence_units(x)
    narrator = narrators(units)
    has_part = "part" in units.columns
    rows: list[dict[str, Any]] = []
    for unit in iter_units(units, desc="actor_stance" if progress else None):
        found = gazetteer.find(unit.text)
        if not found:
            continue
        scored = score_mentions(unit.text, [Mention(s, e, a) for s, e, a in found], lex)
        holders: dict[int, str] = {
            sc.clause: sc.mention.label.name for sc in scored if sc.is_holder
        }
        for sc in scored:
            actor: Actor = sc.mention.label
            voice, speaker = mention_voice(unit, sc.in_quote, narrator.get(unit.doc_id, pd.NA))
            holder = holders.get(sc.clause, speaker if voice in ("quote", "speaker") else pd.NA)
            rows.append(
                {
                    "doc_id": unit.doc_id,
                    "sent_id": unit.sent_id,
                    "actor": actor.name,
                    "mention": unit.text[sc.mention.start : sc.mention.end],
                    "start": unit.offset + sc.mention.start,
                    "end": unit.offset + sc.mention.end,
                    "stance": sc.stance,
                    "cue": sc.cue,
                    "speaker": speaker,
                    "voice": voice,
                    "holder": holder if not sc.is_holder else pd.NA,
                    "actor_id": actor.id,
                    "actor_type": actor.type,
                    **({"part": unit.part} if has_part else {}),
                }
            )
    result = pd.DataFrame(rows, columns=STANCE_COLUMNS + (["part"] if has_part else []))
    result = result.astype(
        {"sent_id": "int64", "start": "int64", "end": "int64", "stance": "int64"}
    )
    if result.empty:
        warnings.warn(
            "actor_stance: no actor of the gazetteer is mentioned", UserWarning, stacklevel=2
        )
    result.attrs["actors_sha256"] = gazetteer.sha256
    result.attrs["evaluation_sha256"] = lex.sha256
    return conform(result)


def alignment(
    stances: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = "speaker",
    corpus: pd.DataFrame | None = None,
    min_mentions: int = 1,
    level: float = 0.95,
    confidence: float | None = None,
) -> pd.DataFrame:
    """Aggregate :func:`actor_stance` rows into net stance per group and actor.

    Parameters
    ----------
    stances
        An :func:`actor_stance` table (or any table with ``actor`` and ``stance``).
    by
        Column(s) to group by before the actor: of the stance table (``"speaker"``,
        ``"holder"``, ``"voice"``, ``"doc_id"``...) or of ``corpus`` joined on ``doc_id``
        (``"country"``, ``"year"``, any ``metadata.csv`` column), or ``None`` for one row per
        actor. Missing values form their own group.
    corpus
        A corpus table (one row per ``doc_id``) for group columns the stance table lacks, as
        in :func:`discourse.score_frames` and :func:`discourse.us_them`.
    min_mentions
        Drop actors mentioned fewer times in a group.
    level
        Level of the interval around ``mean``.
    confidence
        Deprecated name of ``level`` (warns).

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, then ``actor``, ``mentions``, ``positive``, ``negative``,
        ``neutral``, ``net`` (positive - negative), ``mean`` (mean stance, in [-1, 1]),
        ``ci_low``, ``ci_high`` (Student-t interval of the mean, clipped to [-1, 1]; NaN for
        fewer than two mentions, and the mean itself when all stances are equal), ``low_n``
        (True when ``positive + negative`` < :data:`MIN_MENTIONS_FOR_FINDING`, 3: the net
        rests on too few evaluated mentions to report as a finding, e.g. "net positive on
        NATO" from one mention of "Nato-member Turkey"); sorted by the groups, ``net``
        descending, then ``actor``.

    Examples
    --------
    >>> s = pd.DataFrame({"speaker": ["A", "A", "A"], "actor": ["X", "X", "Y"],
    ...                   "stance": [1, 1, -1]})
    >>> alignment(s)[["speaker", "actor", "mentions", "net", "mean"]]
      speaker actor  mentions  net  mean
    0       A     X         2    2   1.0
    1       A     Y         1   -1  -1.0
    """
    require_columns(
        stances, ("actor", "stance"), "alignment: the stance table", hint="pass actor_stance()'s"
    )
    keys = [] if by is None else [by] if isinstance(by, str) else list(by)
    other = [c for c in keys if c not in stances.columns]
    if other:
        if (
            corpus is None
            or any(c not in corpus.columns for c in other)
            or ("doc_id" not in stances.columns)
        ):
            known = sorted(set(stances.columns) | set(corpus.columns if corpus is not None else []))
            raise InputError(
                f"alignment: by: unknown column(s) {', '.join(other)}; group columns come from "
                f"the stance table or from corpus= joined on doc_id (available: "
                f"{', '.join(known)})"
            )
        meta = as_corpus(corpus, name="corpus")[["doc_id", *other]]
        stances = stances.merge(meta, on="doc_id", how="left", validate="many_to_one")
    level = resolve_level(level, confidence, "confidence")
    groups = [*keys, "actor"]
    rows = []
    for key, g in stances.groupby(groups, dropna=False, sort=True):
        values = g["stance"].to_numpy(dtype=float)
        n = len(values)
        if n < min_mentions:
            continue
        mean = float(values.mean())
        if n < 2:
            lo = hi = float("nan")
        else:
            sem = float(values.std(ddof=1)) / np.sqrt(n)
            half = float(stdtrit(n - 1, (1 + level) / 2)) * sem
            lo, hi = max(mean - half, -1.0), min(mean + half, 1.0)
        key_t = key if isinstance(key, tuple) else (key,)
        pos, neg = int((values > 0).sum()), int((values < 0).sum())
        rows.append(
            {
                **dict(zip(groups, key_t, strict=True)),
                "mentions": n,
                "positive": pos,
                "negative": neg,
                "neutral": n - pos - neg,
                "net": pos - neg,
                "mean": mean,
                "ci_low": lo,
                "ci_high": hi,
                "low_n": pos + neg < MIN_MENTIONS_FOR_FINDING,
            }
        )
    result = pd.DataFrame(rows, columns=[*keys, *ALIGNMENT_COLUMNS])
    result["low_n"] = result["low_n"].astype(bool)
    result = result.astype(
        {c: "int64" for c in ("mentions", "positive", "negative", "neutral", "net")}
    )
    order = [*keys, "net", "actor"]
    asc = [True] * len(keys) + [False, True]
    return conform(
        result.sort_values(order, ascending=asc, kind="mergesort", na_position="last")
        .reset_index(drop=True)
        .astype({c: "float64" for c in ("mean", "ci_low", "ci_high")})
    )
