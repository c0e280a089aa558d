"""Query text that every engine reads alike: what a query is (its form, whether it names its dataset, whether it
updates) and parameters bound by a VALUES block instead of pyoxigraph's substitutions (an engine-specific API).

The words of a query are found outside comments, strings and IRIs, as the engines tokenize it.
"""

import re

from govkg.errors import KgError
from govkg.sparql.lexemes import SKIPPED

#: A comment, string or IRI (skipped); a variable; a word (a keyword, or a prefixed name: it has a colon); else one
#: character.
_LEXEMES = re.compile(
    rf"(?:{SKIPPED})|(?P<variable>[?$]\w+)|(?P<word>[A-Za-z_][\w.-]*(?::[\w.%-]*)?|:[\w.%-]*)|(?P<other>.)",
    re.DOTALL,
)
FORMS = ("select", "construct", "describe", "ask")
#: Words of SPARQL Update that no query holds outside strings, IRIs, comments and names.
UPDATE_WORDS = {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}


def _tokens(query: str):
    """(keyword casefolded, or the character, position, depth of braces) of each token outside strings, IRIs,
    comments, variables and prefixed names."""
    depth = 0
    for match in _LEXEMES.finditer(query):
        word = match.group("word")
        if word and ":" not in word:
            yield word.casefold(), match.start(), depth
        elif match.group("other"):
            token = match.group("other")
            if token == "}":
                depth -= 1
            yield token, match.start(), depth
            if token == "{":
                depth += 1


def form(query: str) -> str:
    """The query form (select, construct, describe, ask); KgError if the text is no query (an update, say)."""
    words = [word for word, _, _ in _tokens(query) if word[0].isalpha()]
    updating = sorted(UPDATE_WORDS.intersection(words))
    if updating:
        raise KgError(f"only queries are answered here (this endpoint is read-only): {updating[0].upper()} found")
    for word in words:
        if word in FORMS:
            return word
        if word not in ("base", "prefix"):
            break
    raise KgError("not a query: it must start with SELECT, CONSTRUCT, DESCRIBE or ASK (after BASE and PREFIX)")


def names_dataset(query: str) -> bool:
    """True if the query has FROM or FROM NAMED (then it chooses its own graphs)."""
    return any(word == "from" and depth == 0 for word, _, depth in _tokens(query))


def bind_values(query: str, substitutions: dict[str, str]) -> str:
    """``query`` with each variable of ``substitutions`` bound to its N-Triples term by a VALUES block at the start
    of the WHERE group, so that every pattern and FILTER of the group sees it, as with pre-binding (a trailing
    VALUES would join after the FILTERs and the aggregates). A query with no WHERE group (``CONSTRUCT WHERE``)
    gets a trailing VALUES."""
    if not substitutions:
        return query
    names = sorted(substitutions)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(substitutions[n] for n in names)}) }} "
    seen_where, seen_form, previous = False, "", ""
    for token, position, depth in _tokens(query):
        if depth != 0 or token.isspace():
            continue
        if token == "where" and previous != "construct":
            seen_where = True
        elif token in FORMS:
            seen_form = token
        elif token == "{" and (seen_where or seen_form in ("select", "ask", "describe")):
            return query[: position + 1] + block + query[position + 1 :]
        previous = token
    return f"{query}\n{block.strip()}"
