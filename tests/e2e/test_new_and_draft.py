"""The real `kg new` and `kg draft` in subprocesses: from a text file to a built report answering named queries,
and every bad input (empty, binary, no sentence, not UTF-8, a slug that exists, no project) refused in one line
with nothing written."""

import csv
import io

import pytest

from conftest import FIXTURES, run_kg

TEXT = (
    "Uzbekistan's President visits Kazakhstan\n\n"
    "President of Uzbekistan Shavkat Mirziyoyev made an official visit to Kazakhstan on 3 May 2025.\n\n"
    "Kassym-Jomart Tokayev and Shavkat Mirziyoyev held talks in Astana. "
    "Uzbekistan is ready to supply 300 thousand tonnes of grain to Kazakhstan.\n"
)


def assert_one_line_error(result, command: str, *fragments: str) -> None:
    """Exit 1 and one `kg <command>: error: ...` line on stderr naming every fragment."""
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"kg {command}: error: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("draft") / "corpus"
    assert run_kg("init", root).returncode == 0
    return root


def rows(result) -> list[dict]:
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_from_a_text_to_a_built_report_answering_named_queries(project, tmp_path):
    text = tmp_path / "uz-visit.txt"
    text.write_text(TEXT, encoding="utf-8")
    new = run_kg(
        "new",
        "uz-visit",
        "--text",
        text,
        "--project",
        project,
        "--publisher",
        "akorda.kz",
        "--issued",
        "2025-05-03",
        "--source",
        "https://akorda.kz/en/uz-visit",
    )
    assert new.returncode == 0, new.stderr
    encoding = project / "articles" / "uz-visit.ttl"
    assert (project / "articles" / "uz-visit.txt").read_text(encoding="utf-8") == TEXT
    written = encoding.read_text(encoding="utf-8")
    assert 'schema:headline "Uzbekistan\'s President visits Kazakhstan"@en' in written
    assert 'dcterms:issued "2025-05-03"^^xsd:date' in written and "gko:position 3" in written
    # as written, the new report validates and builds
    assert run_kg("build", "--project", project).returncode == 0

    draft = run_kg(
        "draft", project / "articles" / "uz-visit.txt", "-o", tmp_path / "uz-visit.draft.ttl", "--project", project
    )
    assert draft.returncode == 0, draft.stderr
    assert "guesses to check" in draft.stdout
    drafted = (tmp_path / "uz-visit.draft.ttl").read_text(encoding="utf-8")
    assert '# draft: "ready to" -> gko:Readiness' in drafted
    assert "dcterms:publisher gkr:AkordaKz" in drafted  # the metadata kg new wrote
    encoding.write_text(drafted, encoding="utf-8")  # the person checked it: it replaces the skeleton

    assert run_kg("validate", "--project", project).returncode == 0
    assert run_kg("build", "--project", project).returncode == 0
    visits = rows(run_kg("query", "visits", "--project", project, "--format", "csv"))
    assert {
        "visit": "https://w3id.org/govkg/id/uz-visit/Visit",
        "visitor": "https://w3id.org/govkg/id/ShavkatMirziyoyev",
        "role": "https://w3id.org/govkg/id/PresidentOfUzbekistan",
        "hostState": "https://w3id.org/govkg/id/Kazakhstan",
        "city": "https://w3id.org/govkg/id/Astana",
        "onInstructionOf": "",
        "forthcoming": "false",
    } in visits
    timeline = rows(run_kg("query", "timeline", "--project", project, "--format", "csv"))
    assert ["2025-05-03", "2025-05-03"] in [
        [row["begins"], row["ends"]] for row in timeline if "uz-visit" in row["event"]
    ]
    modalities = rows(run_kg("query", "statements-by-modality", "--project", project, "--format", "csv"))
    assert any("uz-visit/Readiness" in value for row in modalities for value in row.values())


def test_draft_prints_to_stdout_and_refuses_to_overwrite(project, tmp_path):
    text = FIXTURES / "draft" / "kz-uz-summit-initials.txt"
    printed = run_kg("draft", text, "--project", project)
    assert printed.returncode == 0 and printed.stdout.startswith("# Draft encoding of kz-uz-summit-initials.txt,")
    target = tmp_path / "out.ttl"
    target.write_text("keep me", encoding="utf-8")
    assert_one_line_error(run_kg("draft", text, "-o", target, "--project", project), "draft", str(target), "--force")
    assert target.read_text(encoding="utf-8") == "keep me"
    assert run_kg("draft", text, "-o", target, "--force", "--project", project).returncode == 0
    assert target.read_text(encoding="utf-8") == printed.stdout


BAD = {
    "empty": (b"", "the file is empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00IHDR", "a binary file"),
    "no-sentence": (b"2024 *** 2025\n\n---\n", "no sentence found"),
    "latin1": (b"Caf\xe9 talks were held.\n", "not UTF-8"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_texts_are_refused_in_one_line_with_nothing_written(project, tmp_path, name):
    content, message = BAD[name]
    text = tmp_path / f"{name}.txt"
    text.write_bytes(content)
    before = sorted(path.name for path in (project / "articles").iterdir())
    assert_one_line_error(run_kg("new", f"bad-{name}", "--text", text, "--project", project), "new", str(text), message)
    out = tmp_path / "out.ttl"
    assert_one_line_error(run_kg("draft", text, "-o", out, "--project", project), "draft", str(text), message)
    assert not out.exists()
    assert sorted(path.name for path in (project / "articles").iterdir()) == before


def test_kg_new_refuses_a_slug_that_exists_a_bad_slug_or_date_and_a_missing_project(project, tmp_path):
    text = tmp_path / "t.txt"
    text.write_text("The leaders met in Astana.\n", encoding="utf-8")
    before = sorted(path.name for path in (project / "articles").iterdir())
    assert_one_line_error(
        run_kg("new", "kz-kg-government-visit", "--text", text, "--project", project), "new", "already exists"
    )
    assert_one_line_error(run_kg("new", "bad slug", "--text", text, "--project", project), "new", "a slug is")
    assert_one_line_error(
        run_kg("new", "dated", "--text", text, "--issued", "19/04/2024", "--project", project), "new", "--issued"
    )
    assert sorted(path.name for path in (project / "articles").iterdir()) == before
    elsewhere = tmp_path / "not-a-project"
    elsewhere.mkdir()
    assert_one_line_error(run_kg("new", "x", "--text", text, cwd=elsewhere), "new", "kg init")
    assert list(elsewhere.iterdir()) == []
