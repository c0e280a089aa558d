"""docs/cli.md documents every `kg` command and option, and no page of the docs names an option a command lacks."""

import argparse
import re

import pytest

from conftest import REPO_ROOT
from govkg.cli import common_options, make_parser

CLI_PAGE = REPO_ROOT / "docs" / "cli.md"
PAGES = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
#: The heading of docs/cli.md that documents the options every command shares.
COMMON_HEADING = "Options every command takes"
HEADING = re.compile(r"^#{1,6} (.+)$", re.MULTILINE)


def command_parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ("kg",)) -> dict[str, object]:
    """Every command of the parser by its words ('kg', 'kg build', 'kg link status') -> its parser."""
    found = {" ".join(path): parser}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, subparser in action.choices.items():
                found.update(command_parsers(subparser, (*path, name)))
    return found


COMMANDS = command_parsers(make_parser())
#: The options of the parser every command shares (govkg.cli.common_options).
COMMON_OPTIONS = {option for action in common_options()._actions for option in action.option_strings} - {"-h", "--help"}


def sections(text: str) -> dict[str, str]:
    """docs/cli.md cut at its headings: the heading's text (backticks dropped) -> the text up to the next heading;
    the text before the first `##` heading is the section of 'kg'."""
    cuts = list(HEADING.finditer(text))
    found = {"kg": text[: cuts[1].start()] if len(cuts) > 1 else text}
    for cut, following in zip(cuts, [*cuts[1:], None], strict=True):
        found[cut.group(1).replace("`", "").strip()] = text[cut.end() : following.start() if following else len(text)]
    return found


def mentions(section: str, word: str) -> bool:
    """Whether ``word`` (an option, a choice, a metavar) appears in ``section`` as a word of its own."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", section) is not None


def documented_words(parser) -> list[str]:
    """What the page must name for ``parser``: each option string (help and the shared options aside), each choice
    of an option, and each positional argument's metavar."""
    words = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction) or COMMON_OPTIONS & set(action.option_strings):
            continue
        if isinstance(action, argparse._SubParsersAction):
            words.append(action.metavar)
            continue
        words.extend(action.option_strings or [action.metavar or action.dest])
        if action.choices and not isinstance(action.choices, dict):
            words.extend(str(choice) for choice in action.choices)
    return words


PAGE_SECTIONS = sections(CLI_PAGE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_a_section_naming_its_options(command):
    assert command in PAGE_SECTIONS, f"docs/cli.md has no heading `{command}`"
    missing = [word for word in documented_words(COMMANDS[command]) if not mentions(PAGE_SECTIONS[command], word)]
    assert not missing, f"docs/cli.md, section `{command}`, does not name {missing}"


def test_help_and_the_shared_options_are_documented():
    top = PAGE_SECTIONS["kg"]
    assert all(mentions(top, option) for option in ("-h", "--help", "--version"))
    shared = PAGE_SECTIONS[COMMON_HEADING]
    for command, parser in COMMANDS.items():
        options = {string for action in parser._actions for string in action.option_strings}
        if command != "kg":
            assert options >= COMMON_OPTIONS, command
    assert all(mentions(shared, option) for option in COMMON_OPTIONS)


def test_the_page_names_no_command_the_parser_lacks():
    named = {heading for heading in PAGE_SECTIONS if heading.startswith("kg ")}
    assert named <= set(COMMANDS), named - set(COMMANDS)


#: `kg COMMAND [ACTION]` and what follows on its line, up to the end of a code span or the next `kg `.
_NAMES = "|".join(sorted({command.split()[1] for command in COMMANDS if command != "kg"}))
_ACTIONS = "|".join(sorted({command.split()[2] for command in COMMANDS if len(command.split()) == 3}))
COMMAND_LINE = re.compile(rf"(?<![\w/-])kg ({_NAMES})\b(?: ({_ACTIONS})\b)?((?:(?!(?<![\w/-])kg )[^`\n])*)")


@pytest.mark.parametrize("page", PAGES, ids=lambda path: str(path.relative_to(REPO_ROOT)))
def test_every_option_the_docs_name_exists(page):
    """A `kg COMMAND ... --option` anywhere in the README or docs/ names an option that command has."""
    wrong = []
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        for match in COMMAND_LINE.finditer(line):
            words = ["kg", match.group(1), *([match.group(2)] if match.group(2) else [])]
            command = " ".join(words) if " ".join(words) in COMMANDS else f"kg {match.group(1)}"
            options = {string for action in COMMANDS[command]._actions for string in action.option_strings}
            wrong += [
                f"{page.name}:{number}: {command} {option}"
                for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", match.group(3))
                if option not in options
            ]
    assert not wrong, "options that do not exist: " + "; ".join(wrong)
