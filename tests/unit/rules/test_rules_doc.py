"""docs/rules.md says what resources/rules.toml says: it is generated, and must be regenerated."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[3]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_rules_doc", REPO / "tools/make_rules_doc.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rules_doc_matches_the_rules_file() -> None:
    rules = (REPO / "resources/rules.toml").read_text(encoding="utf-8")
    doc = (REPO / "docs/rules.md").read_text(encoding="utf-8")
    assert doc == _generator().render(rules), (
        "docs/rules.md and resources/rules.toml disagree: run `python tools/make_rules_doc.py`"
    )


def test_rules_doc_names_every_rule_parameter_and_source() -> None:
    doc = (REPO / "docs/rules.md").read_text(encoding="utf-8")
    for rule in tomllib.loads((REPO / "resources/rules.toml").read_text("utf-8"))["rule"]:
        assert f"### {rule['id']}: {rule['title']}" in doc
        assert rule["source"] in doc
        for name, spec in rule.get("params", {}).items():
            assert f"| `{name}` |" in doc, (rule["id"], name, spec)


def test_a_changed_threshold_changes_the_doc() -> None:
    rules = (REPO / "resources/rules.toml").read_text(encoding="utf-8")
    changed = rules.replace(
        "min_level = { default = 1, min = 0, max = 10,",
        "min_level = { default = 2, min = 0, max = 10,",
        1,
    )
    assert changed != rules
    generator = _generator()
    assert generator.render(changed) != generator.render(rules)
    assert "| `min_level` | 2 | 0 to 10 |" in generator.render(changed)
