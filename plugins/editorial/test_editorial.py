"""Tests for the editorial plugin: per-category rules and outline parsing,
on a real site built from test_data/."""

import io
import shutil
from pathlib import Path

import pytest

from clinic_site.build import build

from .editorial import as_list, parse_outline_entry, rules_for

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RULES = {
    "defaults": {"required_metadata": ["title", "date", "category", "summary"], "require_referral": True},
    # Conditions posts need Symptoms then Treatment, and have no referral
    "categories": {"Conditions": {"required_sections": ["## Symptoms", "## Treatment"], "require_referral": False}},
}


def run(tmp_path, names, rules=RULES):
    content = tmp_path / "content"
    content.mkdir()
    for name in names:
        shutil.copy(HERE / "test_data" / name, content)
    out = io.StringIO()
    problems = build(str(ROOT / "pelicanconf.py"), str(tmp_path / "output"), str(content), out=out,
                     overrides={"EDITORIAL": rules})
    return problems, out.getvalue().splitlines()


def test_category_override_requires_its_sections(tmp_path):
    problems, lines = run(tmp_path, ["condition_without_symptoms.md", "condition_complete.md"])
    assert problems == 1
    assert lines[0] == ("content/condition_without_symptoms.md: required section '## Symptoms' is missing — "
                        "add a '## Symptoms' section: every Conditions post needs it")


def test_category_override_can_lift_the_referral_rule(tmp_path):
    problems, lines = run(tmp_path, ["condition_complete.md"])
    assert problems == 0, lines


def test_defaults_apply_without_override(tmp_path):
    rules = {"defaults": RULES["defaults"]}
    problems, lines = run(tmp_path, ["condition_complete.md"], rules)
    assert problems == 1 and "Referral is missing" in lines[0]


def test_rules_for_merges_defaults_and_category():
    settings = {"EDITORIAL": RULES}
    assert rules_for(settings, "Conditions")["require_referral"] is False
    assert rules_for(settings, "Blog")["require_referral"] is True
    assert rules_for({}, "Blog")["required_metadata"] == ["title", "date", "category", "summary"]


@pytest.mark.parametrize("entry, expected", [
    ("## Symptoms", (2, "Symptoms")),
    ("### Post-Traumatic Stress Disorder (PTSD)", (3, "Post-Traumatic Stress Disorder (PTSD)")),
    ("Treatment", (2, "Treatment")),
    ("  ##   Spaced  ", (2, "Spaced")),
])
def test_parse_outline_entry(entry, expected):
    assert parse_outline_entry(entry) == expected


def test_as_list_accepts_lines_and_lists():
    assert as_list("## A\n\n## B") == ["## A", "## B"]
    assert as_list(["## A", " "]) == ["## A"]
    assert as_list(None) == []
