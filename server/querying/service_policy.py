"""Which SERVICE endpoints a query may call, decided on the parsed query before it runs.

pyoxigraph follows ``SERVICE <iri>`` over HTTP from Rust code that Python cannot
intercept, so a query is checked before it reaches the store: its text is
parsed with rdflib's SPARQL parser, prefixed names are
expanded with the query's prologue, and every SERVICE target must be an IRI on
the allow-list, compared exactly. A variable target is refused, and so is a
relative one (``BASE <https://host/> ... SERVICE <sparql>``): rdflib and
pyoxigraph resolve some relative references differently, absolute ones alike.
A query that mentions the token SERVICE (after escape decoding) but that
rdflib cannot parse is refused too, since its endpoints cannot be verified; a
query without that token is left to pyoxigraph, whose own parser reports any
syntax error.

The two parsers must see the same tokens, and their lexers differ: rdflib
decodes every ``\\u`` escape before tokenizing (as SPARQL 1.1 section 19.2
says) while pyoxigraph decodes them inside IRIs and strings only, so
``"x\\u0022 "`` is one string to pyoxigraph and a string and a half to
rdflib; and a comment ends at CR for pyoxigraph, at LF only for rdflib. So
rdflib gets the text with CR turned into LF; an escape that stands for a
character that delimits tokens (quotes, ``<>``, ``#``, ``\\``, braces,
whitespace, ...) or that the two decode differently is refused; and the
SERVICE keywords pyoxigraph's tokenizer finds (:func:`code_words`) must be
exactly as many as the SERVICE patterns rdflib parsed.

Parsing with rdflib takes tens of milliseconds, so each process keeps the
targets of the last few query texts it verified (``_verified_targets``).
"""

import functools
import re
from collections.abc import Iterable

from rdflib import URIRef
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from govkg.sparql.lexemes import SKIPPED

#: An absolute IRI starts with a scheme (RFC 3986).
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def is_absolute(iri: str) -> bool:
    """True if ``iri`` has a scheme (is not a relative reference)."""
    return _ABSOLUTE.match(iri) is not None


class PolicyError(Exception):
    """The query calls a SERVICE endpoint that is not allowed (or cannot be verified)."""


#: A word: keyword, variable or prefixed name (``.`` splits words, so that more words are found, not fewer).
_WORD = r"(?:[\w?$:%\-\u00b7\u0300-\u036f\u203f\u2040]|\\.)+"
_LEXEMES = re.compile(f"(?:{SKIPPED})|(?P<word>{_WORD})|.", re.DOTALL)


def code_words(query: str) -> list[str]:
    """The bare words of ``query`` outside comments, strings and IRIs (keywords such as SERVICE, casefolded), as
    pyoxigraph tokenizes the text; ``?var``, ``$var`` and prefixed names are left out. Where the tokenization is
    ambiguous it errs on the side of finding more words."""
    words = []
    for match in _LEXEMES.finditer(query):
        word = match.group("word")
        if word and not any(mark in word for mark in "?$:\\%"):
            words.append(word.casefold())
    return words


def service_targets(query: str, base_iri: str | None = None) -> list:
    """Every SERVICE target of ``query`` (URIRef or Variable), resolved as pyoxigraph will resolve it.

    PolicyError if the query cannot be parsed, or if a SERVICE IRI is written
    relative (``<sparql>``, or a prefix declared relative): relative references
    are refused because rdflib and pyoxigraph do not resolve every one alike.
    """
    _check_escapes(query)
    try:
        parsed = parseQuery(query.replace("\r", "\n"))
        written: list = []
        _collect(parsed[1], written)
        if len(written) != code_words(query).count("service"):
            raise PolicyError(
                "cannot verify SERVICE endpoints: the query's SERVICE keywords and its parse disagree "
                "(a SERVICE in a comment or string, or written in an unusual way?)"
            )
        prefixes = {decl.get("prefix"): decl.get("iri") for decl in parsed[0] if decl.name == "PrefixDecl"}
        for term in written:
            iri = prefixes.get(term.get("prefix")) if isinstance(term, CompValue) else term
            if isinstance(iri, URIRef) and not is_absolute(iri):
                raise PolicyError(f"SERVICE endpoints must be absolute IRIs (not relative to a base): <{iri}>")
        algebra = translateQuery(parsed, base=base_iri).algebra
    except PolicyError:
        raise
    except Exception as error:  # rdflib raises ParseException, ValueError, KeyError, ... on odd input
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise PolicyError(f"cannot verify SERVICE endpoints: the query could not be parsed ({message})") from None
    targets: list = []
    _collect(algebra, targets)
    if len(targets) != len(written):
        raise PolicyError("cannot verify SERVICE endpoints: the parsed query and its algebra disagree")
    return targets


#: What rdflib expands as an escape: ``\u`` or ``\U`` (either case) and 4 or 8 hex digits.
_ESCAPE = re.compile(r"\\(u)([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.IGNORECASE)
#: Characters that delimit tokens; written as an escape they would split the two parsers' views of the text.
_DELIMITERS = set("\"'<>#\\{}|^`") | {chr(code) for code in range(0x21)} | {"\x7f"}


def _check_escapes(query: str) -> None:
    """PolicyError for an escape that rdflib and pyoxigraph would read differently (see the module doc)."""
    for match in _ESCAPE.finditer(query):
        marker, digits = match.groups()
        if len(digits) != (4 if marker == "u" else 8):
            raise PolicyError(f"cannot verify SERVICE endpoints: ambiguous escape {match.group(0)!r}")
        code = int(digits, 16)
        if code > 0x10FFFF or chr(code) in _DELIMITERS:
            raise PolicyError(
                f"cannot verify SERVICE endpoints: escape {match.group(0)!r} stands for a character that "
                "delimits tokens; write the character itself"
            )


def _collect(node, targets: list) -> None:
    """Append the target of every ServiceGraphPattern found anywhere under ``node``."""
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            targets.append(node.get("term"))
        for value in node.values():
            _collect(value, targets)
    elif isinstance(node, (list, tuple, set, frozenset)):
        for value in node:
            _collect(value, targets)


def mentions_service(query: str) -> bool:
    """True if the token SERVICE appears anywhere in ``query`` once escapes are decoded (any case)."""
    try:
        decoded = expandUnicodeEscapes(query)
    except ValueError:
        decoded = query
    return "service" in decoded.casefold() or "service" in query.casefold()


@functools.lru_cache(maxsize=32)  # at most 32 texts of at most MAX_REQUEST_BYTES each
def _verified_targets(query: str, base_iri: str | None) -> tuple:
    """``service_targets(query, base_iri)``, remembered (a PolicyError is raised again each time, not remembered)."""
    return tuple(service_targets(query, base_iri))


def check(query: str, allowlist: Iterable[str], base_iri: str | None = None) -> None:
    """Raise PolicyError unless every SERVICE in ``query`` targets an IRI in ``allowlist``.

    ``base_iri`` is the base the query will be evaluated with (relative IRIs resolve against it).
    """
    if not mentions_service(query):
        return
    allowed = set(allowlist)
    for target in _verified_targets(query, base_iri):
        if not isinstance(target, URIRef):
            raise PolicyError(f"SERVICE with a variable endpoint ({target.n3()}) is not allowed")
        if str(target) not in allowed:
            listed = ", ".join(sorted(allowed)) or "none"
            raise PolicyError(f"SERVICE <{target}> is not on this endpoint's allow-list (allowed: {listed})")
