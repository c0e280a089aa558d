"""kg draft and kg new: reading a report's text (bad input named in one line) and splitting it into sentences."""

import pytest

from govkg.draft.rules import load_rules
from govkg.draft.text import headline, read_text, split_sentences
from govkg.errors import KgError

NEVER_END = load_rules().words("never_end")


def texts(text: str) -> list[str]:
    return [sentence.text for sentence in split_sentences(text, NEVER_END)]


def test_initials_decimals_amounts_domains_and_abbreviations_do_not_end_a_sentence():
    text = (
        "President S. Japarov met K.-J. Tokayev, primeminister.kz reports. Trade grew 1.5 times to $2 billion. "
        "The sides signed 12 documents, incl. a memorandum, e.g. on water. Mr. Smith of the U.S. Embassy agreed! "
        'He said: "We are ready." Talks ended.'
    )
    assert texts(text) == [
        "President S. Japarov met K.-J. Tokayev, primeminister.kz reports.",
        "Trade grew 1.5 times to $2 billion.",
        "The sides signed 12 documents, incl. a memorandum, e.g. on water.",
        "Mr. Smith of the U.S. Embassy agreed!",
        'He said: "We are ready."',
        "Talks ended.",
    ]


def test_paragraphs_positions_and_white_space():
    sentences = split_sentences("First one.  Second\n one.\n\n\n***\n\n  Third one.\n", NEVER_END)
    assert [(s.position, s.paragraph, s.text) for s in sentences] == [
        (1, 1, "First one."),
        (2, 1, "Second one."),
        (3, 2, "Third one."),  # "***" holds no word: not a sentence, not a paragraph
    ]


def test_a_headline_is_the_title_not_a_sentence():
    sentences = split_sentences("Leaders meet in Astana\n\nThe leaders met. They talked.\n\nEnd.", NEVER_END)
    title, body = headline(sentences)
    assert title == "Leaders meet in Astana"
    assert [(s.position, s.paragraph, s.text) for s in body] == [
        (1, 1, "The leaders met."),
        (2, 1, "They talked."),
        (3, 2, "End."),
    ]
    assert headline(split_sentences("One sentence only.\n\nAnother.", NEVER_END))[0] == ""


def test_the_seed_article_splits_as_its_hand_encoding():
    from govkg.project import BUNDLED_ARTICLES

    sentences = split_sentences(read_text(BUNDLED_ARTICLES / "kz-kg-government-visit.txt"), NEVER_END)
    assert len(sentences) == 16 and sentences[-1].paragraph == 8
    assert sentences[3].text.startswith("During the negotiations at the Government level")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\n\t\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a binary file"),
        (b"caf\xe9 au lait.\n", ":1: not UTF-8 text (byte 0xe9 at offset 3)"),
        (b"line one\nline \x01two\n", ":2: a binary file, not a text"),
    ],
)
def test_bad_files_get_one_line_naming_the_file(tmp_path, content, message):
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    with pytest.raises(KgError) as error:
        read_text(path)
    assert str(path) in str(error.value) and message in str(error.value)
    assert "\n" not in str(error.value)


def test_missing_file_and_text_without_sentence(tmp_path):
    with pytest.raises(KgError, match="file not found"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(KgError, match="no sentence found"):
        split_sentences("12 34\n\n*** 2024 ***\n", NEVER_END, "report.txt")


def test_a_byte_order_mark_is_not_text(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffThe leaders met.".encode())
    assert read_text(path) == "The leaders met."
