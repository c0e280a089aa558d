"""A report's text: read with one-line errors on bad input, split into paragraphs and sentences.

Paragraphs are separated by blank lines; inside a paragraph, runs of white space count as one space. A sentence
ends at ".", "!" or "?" (and any closing quote or bracket) followed by a space and a capital letter, a digit or an
opening quote, except after an abbreviation of the rules (``never_end`` in rules/sentences.toml) or a capital
initial ("S. Japarov", "K.-J. Tokayev"). A decimal point ("1.5") or the dot of a domain ("primeminister.kz") has no
space after it, so it never ends a sentence. The splitting is deterministic: the same text gives the same sentences.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from govkg.errors import KgError

#: A possible sentence end: the end marks, then white space, then what may start a sentence.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9À-ÝА-Я])")
#: Capital initials: "S.", "K.-J.", "A.B.".
_INITIALS = re.compile(r"\(?[A-ZÀ-ÝА-Я]\.(?:-?[A-ZÀ-ÝА-Я]\.)*")
#: Characters that no text file holds (C0 controls but tab, newline, form feed, carriage return).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its 1-based position in the report, its 1-based paragraph and its text (spaces normalised)."""

    position: int
    paragraph: int
    text: str


def read_text(path: Path) -> str:
    """The text of the report file ``path``; KgError (one line) if it is missing, empty, binary or not UTF-8."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KgError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise KgError(f"{path}: a folder, not a text file") from None
    except OSError as error:
        raise KgError(f"{path}: cannot read: {error.strerror}") from None
    if not data.strip():
        raise KgError(f"{path}: the file is empty: nothing to encode")
    if b"\x00" in data:
        raise KgError(f"{path}: a binary file, not a text (it holds NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise KgError(
            f"{path}:{line}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save the file as UTF-8"
        ) from None
    control = _CONTROL.search(text)
    if control:
        line = text[: control.start()].count("\n") + 1
        raise KgError(f"{path}:{line}: a binary file, not a text (control character {control.group()!r})")
    return text


def paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text`` (separated by blank lines), each with its white space normalised."""
    found = (" ".join(block.split()) for block in re.split(r"\n[ \t\r\f\v]*\n", text))
    return [paragraph for paragraph in found if paragraph]


def _ends_sentence(before: str, never_end: frozenset[str]) -> bool:
    """True if the text ``before`` a possible boundary (ending with its end marks) ends a sentence."""
    word = before.rsplit(None, 1)[-1].rstrip("\"'”’)]")
    if not word.endswith("."):
        return True
    return word.lower() not in never_end and not _INITIALS.fullmatch(word)


def split_paragraph(paragraph: str, never_end: frozenset[str]) -> list[str]:
    """The sentences of one paragraph (white space already normalised)."""
    sentences, start = [], 0
    for match in _BOUNDARY.finditer(paragraph):
        if _ends_sentence(paragraph[start : match.end()], never_end):
            sentences.append(paragraph[start : match.end()].strip())
            start = match.end()
    sentences.append(paragraph[start:].strip())
    return [sentence for sentence in sentences if sentence]


def split_sentences(text: str, never_end: Iterable[str], where: str = "the text") -> list[Sentence]:
    """Every sentence of ``text`` (a run of characters with a letter) with its position and paragraph; KgError if
    the text has none. Paragraphs without a sentence (a line of "***") are not counted."""
    never = frozenset(word.lower() for word in never_end)
    sentences: list[Sentence] = []
    number = 0
    for paragraph in paragraphs(text):
        found = [sentence for sentence in split_paragraph(paragraph, never) if re.search(r"[^\W\d_]", sentence)]
        number += bool(found)
        base = len(sentences)
        sentences.extend(Sentence(base + index, number, sentence) for index, sentence in enumerate(found, 1))
    if not sentences:
        raise KgError(f"{where}: no sentence found (no words): nothing to encode")
    return sentences


def headline(sentences: list[Sentence]) -> tuple[str, list[Sentence]]:
    """The report's headline (a first paragraph of one sentence without an end mark, when more paragraphs follow)
    and the sentences after it, numbered from 1 (positions and paragraphs); ('', sentences) if it has none."""
    first = sentences[0]
    alone = sum(s.paragraph == 1 for s in sentences) == 1
    if not (alone and sentences[-1].paragraph > 1 and not first.text.endswith((".", "!", "?", "…", '"', "”"))):
        return "", sentences
    return first.text, [Sentence(s.position - 1, s.paragraph - 1, s.text) for s in sentences[1:]]
