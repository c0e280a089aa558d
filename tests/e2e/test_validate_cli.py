"""The real `kg validate` (and `kg build`) on the author mistakes of issue 14: each fails with one line naming the file,
the line and a suggestion; an ill-typed literal is never a traceback; overlapping holders of a post are a warning."""

import re

import pytest

from conftest import FIXTURES, run_kg

#: fixture project -> (the line of its article with the mistake, what the one error line says)
MISTAKES = {
    "mistake-class": (36, "unknown class gko:OfficalVisit", "did you mean gko:OfficialVisit"),
    "mistake-property": (40, "unknown property gko:takesPlaceAt", "did you mean gko:takesPlaceIn?"),
    "mistake-statement-class": (48, "unknown class gko:Readines", "did you mean gko:Readiness?"),
    "mistake-sector": (51, "unknown term gks:educaton", "did you mean gks:education?"),
    "mistake-literal": (46, '"twenty" is not a valid xsd:gYear', 'for example "2024"^^xsd:gYear'),
}


def one_error_line(result, command: str) -> str:
    """The single `kg <command>: error: ...` line on stderr of a failed run (exit 1, no traceback)."""
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kg {command}: error: "), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return lines[0]


def test_the_fixture_article_without_a_mistake_conforms():
    result = run_kg("validate", "--project", FIXTURES / "mistake-none")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms" in result.stdout


@pytest.mark.parametrize("project", sorted(MISTAKES))
def test_an_author_mistake_fails_validate_with_file_line_and_suggestion(project):
    line, *fragments = MISTAKES[project]
    article = FIXTURES / project / "articles" / "mistake.ttl"
    error = one_error_line(run_kg("validate", "--project", FIXTURES / project), "validate")
    assert f"{article}:{line}: violation: " in error
    for fragment in fragments:
        assert fragment in error
    text = article.read_text(encoding="utf-8").splitlines()[line - 1]
    term = re.search(r"(gko|gks):\w+|\"twenty\"", fragments[0]).group(0)
    assert term in text  # the line named is the one with the mistake


@pytest.mark.parametrize("project", ["mistake-literal", "mistake-class"])
def test_kg_build_stops_at_the_same_line_before_reasoning(project, tmp_path):
    error = one_error_line(run_kg("build", "--project", FIXTURES / project, "--store", tmp_path / "store"), "build")
    assert f"mistake.ttl:{MISTAKES[project][0]}: violation: " in error
    assert not (tmp_path / "store").exists()


def test_two_holders_of_a_single_holder_post_at_overlapping_times_are_a_warning():
    result = run_kg("validate", "--project", FIXTURES / "overlapping-holders")
    assert result.returncode == 0, result.stdout + result.stderr
    warning = next(line for line in result.stdout.splitlines() if ": warning: " in line)
    assert warning.startswith(f"{FIXTURES / 'overlapping-holders' / 'articles' / 'holders.ttl'}:")
    for fragment in ("gkr:PresidentOfKazakhstan is a single-holder post", "gkr:SomeoneElse", "gkr:KassymJomartTokayev",
                     "2024-04-19..2024-04-19", "2024-04-18..2024-04-19", "overlapping known times"):
        assert fragment in warning
    assert "conforms: " in result.stdout and "1 warning/info result(s)" in result.stdout
