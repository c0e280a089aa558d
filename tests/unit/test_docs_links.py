"""Every relative link of README.md, docs/*.md and benchmarks/README.md points at a file that exists, and at a
heading of it if the link names one (GitHub's heading anchors)."""

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import REPO_ROOT

DOCS = sorted((REPO_ROOT / "docs").glob("*.md"))
PAGES = [REPO_ROOT / "README.md", *DOCS, REPO_ROOT / "benchmarks" / "README.md"]
FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)


def prose(text: str) -> str:
    """The page without its fenced code blocks; code spans keep their text (link texts may hold code)."""
    return FENCE.sub("", text)


def links(text: str) -> list[str]:
    """The targets of the page's Markdown links and images, outside code."""
    without_code = CODE_SPAN.sub(lambda span: span.group(0).replace("](", "] ("), prose(text))
    return LINK.findall(without_code)


def anchors(page: Path) -> set[str]:
    """The anchors GitHub gives the page's headings: lower case, punctuation dropped, spaces as hyphens, a repeated
    one numbered -1, -2..."""
    found: set[str] = set()
    for heading in HEADING.findall(prose(page.read_text(encoding="utf-8"))):
        text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
        slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
        candidate, number = slug, 0
        while candidate in found:
            number += 1
            candidate = f"{slug}-{number}"
        found.add(candidate)
    return found


def broken_links(page: Path) -> list[str]:
    """The page's relative links whose file, or heading, does not exist."""
    broken = []
    for target in links(page.read_text(encoding="utf-8")):
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):  # https:, mailto:: not ours to check
            continue
        path_part, _, anchor = target.partition("#")
        path = (page.parent / unquote(path_part)).resolve() if path_part else page
        if not path.exists():
            broken.append(f"{target}: no file {path}")
        elif anchor and path.suffix == ".md" and unquote(anchor) not in anchors(path):
            broken.append(f"{target}: no heading #{anchor} in {path.name}")
    return broken


@pytest.mark.parametrize("page", PAGES, ids=lambda path: str(path.relative_to(REPO_ROOT)))
def test_relative_links_resolve(page):
    broken = broken_links(page)
    assert not broken, f"{page.relative_to(REPO_ROOT)}: " + "; ".join(broken)


def test_the_checker_finds_a_broken_file_and_a_broken_anchor(tmp_path):
    (tmp_path / "other.md").write_text("# Other\n\n## The `kg build` step (fast)\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "[ok](other.md#the-kg-build-step-fast) [missing](nope.md) [bad anchor](other.md#nothing) "
        "[web](https://example.org/x.md) `[in code](nope.md)`\n\n```\n[in a block](nope.md)\n```\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        f"nope.md: no file {tmp_path / 'nope.md'}",
        "other.md#nothing: no heading #nothing in other.md",
    ]


def test_the_readme_links_every_page_of_the_docs():
    readme = links((REPO_ROOT / "README.md").read_text(encoding="utf-8"))
    missing = [path.name for path in DOCS if f"docs/{path.name}" not in readme]
    assert not missing, f"README.md does not link {missing}"
