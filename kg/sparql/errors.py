"""Parse errors that read like a person wrote them: the one place pyoxigraph's parser messages are rewritten.

pyoxigraph reports ``error at 2:14: expected one of Prefix not found, ['%'], ['-' | '0' ..= '9' | ...``: a position
and the grammar's alternatives, character classes included (hundreds of characters of Unicode ranges). ``explain``
turns that into ``line 2, column 8: unknown prefix `gk:` (known: gko, gkr, ...)`` or ``line 1, column 27: expected
`}``` (found the end of the query) — the position, what the parser expected in words, and what it found instead.
"""

import re
from collections.abc import Iterator

#: pyoxigraph's parse error: ``error at LINE:COLUMN: MESSAGE``.
_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
#: One alternative of an ``expected one of`` list: a quoted token, a character class, or a bare word or phrase.
_ALTERNATIVE = re.compile(r"\"(?:[^\"\\]|\\.)*\"|\[(?:'(?:[^'\\]|\\.)*'|[^\]'])*\]|[^,]+")
#: The lexemes of a query that these messages (and run.py's column order) look at: comments, strings and IRIs
#: (skipped, and so is what looks like a broken IRI: ``http://...``), variables, prefixed names (their prefix), words
#: and ``*``.
_LEXEMES = re.compile(
    r"#[^\r\n]*|'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|" + r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""|'
    + r"'(?:[^'\\\r\n]|\\.)*'|" + r'"(?:[^"\\\r\n]|\\.)*"|<[^<>"{}|^`\x00-\x20]*>|'
    + r"[?$](?P<variable>\w+)|_:[\w.-]*|[^\W\d_][\w+.-]*://\S*|"
    + r"(?P<prefix>(?:[^\W\d_][\w.-]*)?):[\w.%\\:-]*|(?P<word>[^\W\d_]\w*)|(?P<star>\*)"
)
#: At most this many alternatives are listed.
_SHOWN = 8


def lexemes(query: str) -> Iterator[re.Match]:
    """The lexemes of ``query`` outside comments, strings and IRIs, as matches whose group ``variable``,
    ``prefix`` (of a prefixed name, "" for ``:x``), ``word`` or ``star`` is set."""
    for match in _LEXEMES.finditer(query):
        if match["variable"] or match["prefix"] is not None or match["word"] or match["star"]:
            yield match


def known_prefixes(query: str, prefixes: dict[str, str] | None = None) -> set[str]:
    """The prefixes ``query`` may use: those it declares (``PREFIX p: <ns>``) and ``prefixes``."""
    declared, after_prefix = set(), False
    for match in lexemes(query):
        if after_prefix and match["prefix"] is not None:
            declared.add(match["prefix"])
        after_prefix = (match["word"] or "").upper() == "PREFIX"
    return declared | set(prefixes or ())


def undeclared_prefix(query: str, known: set[str]) -> re.Match | None:
    """The first prefixed name of ``query`` whose prefix is not in ``known`` (group ``prefix``); None if none."""
    return next((m for m in lexemes(query) if m["prefix"] is not None and m["prefix"] not in known), None)


def explain(message: str, query: str, prefixes: dict[str, str] | None = None) -> str:
    """A one-line, readable form of parser ``message`` about ``query``, whose undeclared ``prefixes`` were given.

    Messages that are not pyoxigraph parse errors come back on one line, otherwise unchanged."""
    match = _ERROR.match(message.strip())
    if not match:
        return " ".join(message.split())
    known = known_prefixes(query, prefixes)
    unknown = undeclared_prefix(query, known)
    if unknown:
        listed = ", ".join(sorted(known)) or "none"
        return f"{_position(query, unknown.start())}: unknown prefix `{unknown['prefix']}:` (known: {listed})"
    line, column = int(match[1]), int(match[2])
    found = _found(query, _offset(query, line, column))
    text = " ".join(match[3].split())
    alternatives = [a.strip() for a in _ALTERNATIVE.findall(text.removeprefix("expected one of "))] or [""]
    alternatives[0] = alternatives[0].removeprefix("expected ")
    phrases = [a for a in alternatives if " " in a and not a.startswith(("[", '"')) and a != "Prefix not found"]
    where = f"line {line}, column {column}"
    if phrases:
        return f"{where}: {'; '.join(_sentence(p) for p in phrases)} (at {found})"
    words = _words(alternatives)
    if found == "the end of the query" and "`}`" in words:
        words = ["`}`"]
    if not words:
        return f"{where}: the query cannot be read here (found {found})"
    expected = words[0] if len(words) == 1 else "one of " + ", ".join(words[:_SHOWN])
    if len(words) > _SHOWN:
        expected += ", ..."
    return f"{where}: expected {expected} (found {found})"


def _sentence(phrase: str) -> str:
    """``phrase`` to go after a colon: its first letter in lower case, unless it starts an acronym (``IRI``)."""
    return phrase[0].lower() + phrase[1:] if phrase[1:2].islower() else phrase


def _offset(text: str, line: int, column: int) -> int:
    """The index in ``text`` of 1-based ``line`` and ``column`` (clamped to the text)."""
    lines = text.split("\n")
    start = sum(len(piece) + 1 for piece in lines[: line - 1])
    return min(start + column - 1, len(text))


def _position(text: str, offset: int) -> str:
    """``line L, column C`` of index ``offset`` in ``text``."""
    before = text[:offset]
    return f"line {before.count(chr(10)) + 1}, column {offset - (before.rfind(chr(10)) + 1) + 1}"


def _words(alternatives: list[str]) -> list[str]:
    """The tokens and keywords among ``alternatives``, in backquotes; character classes (``['A' ..= 'Z' | ...]``)
    and ``[_]`` (any character) left out."""
    words = []
    for alternative in alternatives:
        if not alternative or alternative.startswith(("[", "<")) or alternative == "Prefix not found":
            continue
        token = re.sub(r"\\(.)", r"\1", alternative[1:-1]) if alternative.startswith('"') else alternative
        words.append(f"`{token}`")
    return words


def _found(query: str, offset: int) -> str:
    """What the query holds at ``offset``: a word or character in backquotes, or the end of the query."""
    rest = query[offset:].lstrip()
    if not rest:
        return "the end of the query"
    word = re.match(r"[\w?$:.-]+|\S", rest)
    return f"`{word[0] if word else rest[0]}`"
