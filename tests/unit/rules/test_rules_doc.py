"""docs/rules.md says what resources/rules.toml says: it is generated, and must be regenerated."""

from __future__ import annotations

import importlib.util
import re
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
    # the first whole-number parameter default in the file, one higher
    found = re.search(r"^(\w+) = \{ default = (\d+),", rules, flags=re.MULTILINE)
    assert found is not None
    name, default = found.group(1), int(found.group(2))
    changed = rules[: found.start(2)] + str(default + 1) + rules[found.end(2) :]
    generator = _generator()
    assert generator.render(changed) != generator.render(rules)
    assert f"| `{name}` | {default + 1} |" in generator.render(changed)
