"""The rules of `kg draft` and `kg new`: data files a user can read and extend, not code.

The bundled rules are the files of ``kg/draft/rules/`` (TOML, and ``states.tsv``); a project may add its own in
``DIR/draft-rules.toml`` with any of the same tables: its lists come before the bundled ones (so its rules are
tried first), its tables override the bundled entries of the same key, and its ``[[states]]`` rows (``name``,
``also``, ``demonyms``, ``capital``) come before the bundled states.
"""

import re
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from govkg.errors import KgError

#: The folder of the bundled rules (package data of govkg.draft).
RULES_DIR = Path(str(files("govkg.draft") / "rules"))
#: The file of a project's own rules, in the project folder.
PROJECT_RULES = "draft-rules.toml"
_TOML_FILES = ("sentences", "entities", "quantities", "sectors", "events", "statements")


@dataclass(frozen=True)
class StateRow:
    """A sovereign state of states.tsv: its name, other names, demonyms and capital."""

    name: str
    also: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str


@dataclass(frozen=True)
class PostRule:
    """A post title and how its post is named and placed (see rules/entities.toml)."""

    title: str
    aliases: tuple[str, ...]
    plural: tuple[str, ...]
    classes: tuple[str, ...]
    also: tuple[str, ...]
    iri: str
    in_state: bool
    body: dict[str, Any] | None
    kind: str
    generic: bool


@dataclass(frozen=True)
class Role:
    """A property of an event and where the sentence names its value."""

    properties: tuple[str, ...]
    find: tuple[str, ...]


@dataclass(frozen=True)
class Modifier:
    """Words near an event's cue (or anywhere in the sentence) that add classes to the event, or a value (a
    concept of the ontology, by its label) of one of its properties."""

    words: re.Pattern
    classes: tuple[str, ...]
    sentence: bool
    prop: str = ""
    value: str = ""
    participants: str = ""


@dataclass(frozen=True)
class EventRule:
    """An event cue and what it makes."""

    name: str
    cue: re.Pattern
    classes: tuple[str, ...]
    modifiers: tuple[Modifier, ...]
    roles: tuple[Role, ...]
    participations: bool
    within: str


@dataclass(frozen=True)
class StatementRule:
    """A modality cue and the statement class it proposes."""

    classes: tuple[str, ...]
    cue: re.Pattern
    fallback: bool
    measures: bool


@dataclass(frozen=True)
class Rules:
    """Every rule of the draft, merged from the bundled files and the project's."""

    data: dict[str, Any]
    states: tuple[StateRow, ...]
    posts: tuple[PostRule, ...]
    events: tuple[EventRule, ...]
    statements: tuple[StatementRule, ...]
    amount_pattern: str

    def words(self, key: str) -> list[str]:
        """A list of words of the rules (``never_end``, ``not_names``...)."""
        return list(self.data.get(key, []))

    def table(self, key: str) -> dict[str, Any]:
        """A table of the rules (``collectives``, ``head_nouns``...)."""
        return dict(self.data.get(key, {}))


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` extended by ``extra``: lists put ``extra``'s first, tables merge, other values are replaced."""
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        if isinstance(old, list) and isinstance(value, list):
            merged[key] = value + old
        elif isinstance(old, dict) and isinstance(value, dict):
            merged[key] = {**old, **value}
        else:
            merged[key] = value
    return merged


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise KgError(f"{path}: cannot read the draft rules: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise KgError(f"{path}: not valid TOML: {error}") from None


def _states_tsv(path: Path) -> list[StateRow]:
    rows = []
    lines = path.read_text(encoding="utf-8").splitlines()
    data = [(number, line) for number, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    for number, line in data[1:]:  # the first is the header
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) != 4 or not fields[0]:
            raise KgError(f"{path}:{number}: expected 4 tab-separated columns: name, also, demonyms, capital")
        name, also, demonyms, capital = fields
        rows.append(StateRow(name, _names(also), _names(demonyms), capital))
    return rows


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(";") if name.strip())


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise KgError(f"{where}: expected a string or a list of strings, got {value!r}")
    return tuple(value)


def _regex(text: Any, where: str, amount: str) -> re.Pattern:
    if not isinstance(text, str):
        raise KgError(f"{where}: expected a regular expression (a string), got {text!r}")
    try:
        return re.compile(text.replace("{AMOUNT}", amount), re.IGNORECASE)
    except re.error as error:
        raise KgError(f"{where}: bad regular expression: {error}") from None


def _field(table: Any, key: str, where: str) -> Any:
    if not isinstance(table, dict) or key not in table:
        raise KgError(f"{where}: missing key {key!r}")
    return table[key]


def _posts(data: dict[str, Any], where: str) -> tuple[PostRule, ...]:
    posts = []
    for index, post in enumerate(data.get("posts", []), 1):
        at = f"{where}: posts #{index}"
        body = post.get("body")
        if body is not None and not (isinstance(body, dict) and {"label", "class", "iri"} <= set(body)):
            raise KgError(f"{at}: body needs label, class and iri")
        posts.append(
            PostRule(
                title=str(_field(post, "title", at)),
                aliases=_strings(post.get("aliases", []), at),
                plural=_strings(post.get("plural", []), at),
                classes=_strings(_field(post, "class", at), at),
                also=_strings(post.get("also", []), at),
                iri=str(_field(post, "iri", at)),
                in_state=post.get("in") == "state",
                body=body,
                kind=str(post.get("kind", "")),
                generic=bool(post.get("generic", False)),
            )
        )
    return tuple(posts)


def _events(data: dict[str, Any], where: str, amount: str) -> tuple[EventRule, ...]:
    events = []
    for index, rule in enumerate(data.get("events", []), 1):
        at = f"{where}: events #{index}"
        modifiers = tuple(
            Modifier(
                _regex(item.get("words", "(?!)"), at, amount),
                _strings(item.get("class", []), at),
                item.get("where") == "sentence",
                str(item.get("property", "")),
                str(item.get("value", "")),
                str(item.get("participants", "")),
            )
            for item in rule.get("modifiers", [])
        )
        roles = tuple(
            Role(_strings(_field(item, "property", at), at), _strings(_field(item, "find", at), at))
            for item in rule.get("roles", [])
        )
        events.append(
            EventRule(
                name=str(_field(rule, "name", at)),
                cue=_regex(_field(rule, "cue", at), at, amount),
                classes=_strings(_field(rule, "class", at), at),
                modifiers=modifiers,
                roles=roles,
                participations=bool(rule.get("participations", False)),
                within=str(rule.get("within", "main")),
            )
        )
    return tuple(events)


def _statements(data: dict[str, Any], where: str, amount: str) -> tuple[StatementRule, ...]:
    return tuple(
        StatementRule(
            classes=_strings(_field(rule, "class", f"{where}: statements #{index}"), where),
            cue=_regex(_field(rule, "cue", f"{where}: statements #{index}"), f"{where}: statements #{index}", amount),
            fallback=bool(rule.get("fallback", False)),
            measures=bool(rule.get("measures", False)),
        )
        for index, rule in enumerate(data.get("statements", []), 1)
    )


def amount_regex(data: dict[str, Any]) -> str:
    """The regular expression of an amount (of money, a percentage, or in a unit), built from the quantity rules."""
    symbols = "|".join(re.escape(symbol) for symbol in sorted(data.get("currency_symbols", {}), key=len, reverse=True))
    words = "|".join(re.escape(word) for word in sorted(data.get("currency_words", {}), key=len, reverse=True))
    scales = "|".join(re.escape(word) for word in sorted(data.get("scales", {}), key=len, reverse=True))
    percent = "|".join(re.escape(word) for word in sorted(data.get("percent_words", []), key=len, reverse=True))
    units = "|".join(re.escape(word) for word in sorted(data.get("units", []), key=len, reverse=True))
    number = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    scale = rf"(?:\s?(?:{scales})\b)?" if scales else ""
    parts = []
    if symbols:
        parts.append(rf"(?:{symbols})\s?(?:{number}){scale}")
    if words:
        parts.append(rf"(?:{number}){scale}\s(?:{words})\b")
        parts.append(rf"\b(?:{words})\s(?:{number}){scale}")
    if percent:
        parts.append(rf"(?:{number})\s?(?:{percent})")
    if units:
        parts.append(rf"(?:{number}){scale}\s(?:{units})\b")
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def load_rules(project_root: Path | None = None) -> Rules:
    """The bundled rules extended by ``project_root/draft-rules.toml`` if it exists; KgError names a bad file."""
    data: dict[str, Any] = {}
    for name in _TOML_FILES:
        data = _merge(data, _read_toml(RULES_DIR / f"{name}.toml"))
    states = _states_tsv(RULES_DIR / "states.tsv")
    where = str(RULES_DIR)
    if project_root is not None and (project_root / PROJECT_RULES).is_file():
        path = project_root / PROJECT_RULES
        extra = _read_toml(path)
        where = f"{path} (or {RULES_DIR})"
        for index, row in enumerate(extra.pop("states", []), 1):
            at = f"{path}: states #{index}"
            state = StateRow(
                str(_field(row, "name", at)),
                _strings(row.get("also", []), at),
                _strings(row.get("demonyms", []), at),
                str(row.get("capital", "")),
            )
            states.insert(index - 1, state)
        data = _merge(data, extra)
    amount = amount_regex(data)
    return Rules(
        data=data,
        states=tuple(states),
        posts=_posts(data, where),
        events=_events(data, where, amount),
        statements=_statements(data, where, amount),
        amount_pattern=amount,
    )
