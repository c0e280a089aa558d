"""Named queries: the library of questions in a queries folder (*.rq), their headers, parameters and binding.

Each ``queries/<name>.rq`` starts with ``#`` header lines (see
README.md, "Query library")::

    # title: Who visited whom
    # question: Who made a visit to which state, in which role, and on whose instruction?
    # reasoning: none
    # param: person (iri) — the visitor; optional
    # param: year (integer) — the season; default 2024
    # network: wikidata

A query without parameters says ``# param: none``.

The header is the block of ``# KEY: value`` lines at the very top; a bare
``#`` or a blank line ends it (free comments may follow). ``reasoning`` is
``none`` or the inferences the answer relies on (such a query answers less,
or nothing, without the inferred graph). ``network`` marks a federated query
(SERVICE to that endpoint). A parameter is a SPARQL variable, projected by the
SELECT, bound before execution by substitution (SEP-0007), never by editing
the query text; one with neither ``default`` nor ``optional`` is required. A
parameter value is written as ``<IRI>``, a prefixed name from
govkg.rdf.namespaces.PREFIXES (``gkr:OlzhasBektenov``), a bare http(s) IRI, or the
literal's text.
"""

import functools
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from govkg.errors import KgError
from govkg.project import BUNDLED_QUERIES
from govkg.rdf.namespaces import PREFIXES

XSD = PREFIXES["xsd"]
#: Parameter kinds (see term()).
KINDS = ("iri", "literal", "integer", "decimal")
#: Header keys, in the order a header lists them.
KEYS = ("title", "question", "reasoning", "param", "network")
#: The public Wikidata endpoint that federated queries name in SERVICE.
WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
#: Values of ``# network:`` (the remote services a federated query calls).
NETWORKS = ("wikidata",)

_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<kind>\w+)\)\s*(?:—|--|-)\s*(?P<description>.*?)"
    r"(?:;\s*(?:default\s+(?P<default>\S.*?)|(?P<optional>optional)))?\s*$"
)
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: Names a parameter may not take: they mean something else in a query page's URL (/queries/<name>?format=).
RESERVED = ("format", "name")


@dataclass(frozen=True)
class Param:
    """A declared parameter: the variable ``?name``, its kind, default and description."""

    name: str
    kind: str
    description: str
    default: str | None = None
    optional: bool = False

    @property
    def required(self) -> bool:
        """True if the caller must give a value."""
        return self.default is None and not self.optional


@dataclass(frozen=True)
class NamedQuery:
    """One question of the library (or an ad-hoc query read from a file or stdin)."""

    name: str
    source: str
    text: str
    title: str = ""
    question: str = ""
    reasoning: str = "none"
    params: tuple[Param, ...] = field(default_factory=tuple)
    network: str | None = None

    @property
    def uses_reasoning(self) -> bool:
        """True if the answer relies on inferred triples."""
        return self.reasoning.lower() != "none"

    @property
    def flags(self) -> list[str]:
        """Short labels for listings: ``reasoning`` and/or ``network:<name>``."""
        return (["reasoning"] if self.uses_reasoning else []) + ([f"network:{self.network}"] if self.network else [])

    def to_dict(self) -> dict:
        """A JSON-ready description (for `/queries` and `kg queries --format json`)."""
        return {
            "name": self.name,
            "title": self.title,
            "question": self.question,
            "reasoning": self.reasoning,
            "network": self.network,
            "flags": self.flags,
            "params": [
                {"name": p.name, "kind": p.kind, "description": p.description, "default": p.default,
                 "required": p.required}
                for p in self.params
            ],
        }


def parse(text: str, name: str, source: str, require_header: bool = True) -> NamedQuery:
    """Parse the header of query ``text``; KgError naming ``source`` and the line on a bad header."""
    fields: dict = {"params": []}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("#") or stripped == "#":
            break
        key, sep, value = stripped.lstrip("#").partition(":")
        key, value = key.strip().lower(), value.strip()
        if not sep or key not in KEYS:
            if require_header:
                keys = ", ".join(KEYS)
                raise KgError(f"{source}:{number}: header line must be '# KEY: value' with KEY one of {keys}")
            continue
        if key == "param":
            fields["declared"] = True
            if value.lower() != "none":
                fields["params"].append(_parse_param(value, f"{source}:{number}"))
        elif key == "network":
            if value not in NETWORKS:
                raise KgError(f"{source}:{number}: unknown network {value!r} (known: {', '.join(NETWORKS)})")
            fields["network"] = value
        elif key in fields:
            raise KgError(f"{source}:{number}: header key {key!r} given twice")
        else:
            fields[key] = value
    if require_header:
        for key in ("title", "question", "reasoning"):
            if not fields.get(key):
                raise KgError(f"{source}: header lacks '# {key}: ...'")
        if not fields.get("declared"):
            raise KgError(f"{source}: header lacks '# param: ...' (write '# param: none' for a query without)")
    names = [p.name for p in fields["params"]]
    for param in fields["params"]:
        if names.count(param.name) > 1:
            raise KgError(f"{source}: parameter {param.name!r} declared twice")
        if not re.search(rf"[?$]{param.name}\b", text):
            raise KgError(f"{source}: parameter {param.name!r} is declared but ?{param.name} is not in the query")
    fields["params"] = tuple(fields["params"])
    fields.pop("declared", None)
    return NamedQuery(name=name, source=source, text=text, **fields)


def _parse_param(value: str, where: str) -> Param:
    """One ``# param:`` line's value."""
    match = _PARAM.match(value)
    if not match:
        raise KgError(f"{where}: param must read 'NAME (KIND) — description[; default VALUE | ; optional]'")
    if match["name"] in RESERVED:
        raise KgError(f"{where}: parameter name {match['name']!r} is reserved")
    kind = match["kind"].lower()
    if kind not in KINDS:
        raise KgError(f"{where}: unknown parameter kind {kind!r} (known: {', '.join(KINDS)})")
    param = Param(match["name"], kind, match["description"], match["default"], bool(match["optional"]))
    if param.default is not None:
        term(param, param.default, where)
    return param


def library(folder: Path = BUNDLED_QUERIES) -> dict[str, NamedQuery]:
    """Every named query in ``folder``, by name (the file name without ``.rq``), sorted by name."""
    if not Path(folder).is_dir():
        raise KgError(f"{folder}: folder of named queries not found")
    queries = {}
    for path in sorted(Path(folder).glob("*.rq")):
        if not _NAME.match(path.stem):
            raise KgError(f"{path}: query names are lowercase words joined by '-'")
        queries[path.stem] = parse(path.read_text(encoding="utf-8"), path.stem, _shown(path))
    return queries


def _shown(path: Path) -> str:
    """``path`` as messages show it: ``queries/NAME.rq``, with the name of its folder."""
    return f"{path.parent.name}/{path.name}"


def resolve(spec: str, folder: Path = BUNDLED_QUERIES) -> NamedQuery:
    """The query named by ``spec``: a library name, a file path, or ``-`` for standard input."""
    if spec == "-":
        return parse(sys.stdin.read(), "-", "<stdin>", require_header=False)
    named = Path(folder) / f"{spec}.rq"
    if _NAME.match(spec) and named.is_file():
        return parse(named.read_text(encoding="utf-8"), spec, _shown(named))
    path = Path(spec)
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise KgError(f"{path}: cannot read: {error}") from None
        return parse(text, path.stem, str(path), require_header=False)
    raise KgError(f"unknown query {spec!r}: not a named query (see 'kg queries') nor a file")


def term(param: Param, value: str, where: str = "") -> str:
    """``value`` for ``param`` as an N-Triples term; KgError if it is malformed."""
    value = value.strip()
    label = f"{where + ': ' if where else ''}parameter {param.name!r} ({param.kind})"
    if param.kind == "iri":
        return str(pyoxigraph.NamedNode(_expand_iri(value, label)))
    if param.kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise KgError(f"{label}: {value!r} is not an integer")
        return str(pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(XSD + "integer")))
    if param.kind == "decimal":
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", value):
            raise KgError(f"{label}: {value!r} is not a decimal number")
        return str(pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(XSD + "decimal")))
    return str(pyoxigraph.Literal(value))


def _expand_iri(value: str, label: str) -> str:
    """``<iri>``, ``prefix:local`` or a bare http(s) IRI as an absolute IRI string."""
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
    elif re.match(r"^https?://", value):
        iri = value
    else:
        prefix, sep, local = value.partition(":")
        if not sep or prefix not in PREFIXES:
            raise KgError(f"{label}: {value!r} is neither <IRI> nor a prefixed name with a known prefix "
                          f"({', '.join(PREFIXES)})")
        iri = PREFIXES[prefix] + local
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri):
        raise KgError(f"{label}: {value!r} is not an absolute IRI")
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError as error:
        raise KgError(f"{label}: {value!r} is not a valid IRI: {error}") from None
    return iri


def bind(query: NamedQuery, values: dict[str, str]) -> dict[str, str]:
    """Substitutions ``{variable: N-Triples term}`` from ``values`` and the declared defaults.

    An empty value counts as not given (as an empty field of a web form does).

    KgError on a parameter the query does not declare, or a missing required one.
    """
    unknown = sorted(set(values) - {p.name for p in query.params})
    if unknown:
        declared = ", ".join(p.name for p in query.params) or "none"
        raise KgError(f"{query.source}: unknown parameter {unknown[0]!r} (declared: {declared})")
    substitutions = {}
    for param in query.params:
        value = values.get(param.name) or param.default
        if value is None:
            if param.required:
                raise KgError(f"{query.source}: missing parameter {param.name!r} ({param.kind}): {param.description}")
            continue
        substitutions[param.name] = term(param, value, query.source)
    return substitutions


def parse_assignments(items: list[str], option: str = "--param") -> dict[str, str]:
    """``["name=value", ...]`` (from ``option``) as a dict; KgError on a malformed item."""
    values = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise KgError(f"{option} {item!r}: expected NAME=VALUE")
        values[name.strip()] = value
    return values


def _service_call(target: str, match: re.Match) -> str:
    """The SERVICE keyword(s) of ``match`` followed by ``<target>``."""
    return f"{match.group(1)}<{target}>"


def map_services(text: str, mapping: dict[str, str]) -> str:
    """``text`` with each ``SERVICE <FROM>`` pointed at ``<TO>`` for every FROM=TO in ``mapping``.

    Used to run the federated questions against a stand-in endpoint (tests,
    a local mirror); only the IRI right after SERVICE (SILENT) is replaced.
    """
    for source, target in mapping.items():
        pattern = re.compile(rf"(SERVICE\s+(?:SILENT\s+)?)<{re.escape(source)}>", re.IGNORECASE)
        text = pattern.sub(functools.partial(_service_call, target), text)
    return text
