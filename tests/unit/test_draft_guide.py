"""docs/authoring.md: its smallest complete report validates and builds as printed, and what it says about the
commands is what they do."""

import re

from conftest import REPO_ROOT
from govkg.build import build
from govkg.project import init_project, load_project
from govkg.rdf.io import read_inputs
from govkg.validate import raise_on_violation, validate

GUIDE = (REPO_ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")


def test_the_smallest_complete_report_of_the_guide_validates_and_builds(tmp_path):
    [turtle] = re.findall(r"```turtle\n(.*?)```", GUIDE, re.S)
    root = tmp_path / "corpus"
    init_project(root, empty=True)
    project = load_project(root)
    (project.sources.articles / "uz-visit.ttl").write_text(turtle, encoding="utf-8")
    raise_on_violation(validate(read_inputs(project.sources)))
    report = build(tmp_path / "store", project.sources)
    assert list(report.inputs.articles) == ["uz-visit"]


def test_the_guide_names_every_modality_class_of_the_ontology():
    from govkg.draft.ontology import load_ontology
    from govkg.project import BUNDLED_SOURCES
    from govkg.rdf.namespaces import GKO

    ontology = load_ontology(BUNDLED_SOURCES)
    modalities = {
        str(cls).rsplit("#", 1)[-1]
        for cls in ontology.declared
        if cls.startswith(str(GKO)) and GKO.Statement in ontology.ancestors(cls) and cls != GKO.Statement
    }
    named = set(re.findall(r"^\| `gko:(\w+)`", GUIDE, re.M)) | set(re.findall(r"its parts `gko:(\w+)`", GUIDE))
    assert modalities <= named
