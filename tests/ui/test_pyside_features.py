"""PySide6's check of which modules use it: answered without reading KneeLog's or Python's own
sources, and searched as before for the rest."""

from __future__ import annotations

import json
import sys
from types import ModuleType

import pytest

import kneelog.core.values
import kneelog.ui.app
import kneelog.ui.main_window
from kneelog.ui.pyside_features import FEATURE_MODULE, faster_check


def test_the_faster_check_is_in_place_once_the_app_module_is_imported() -> None:
    assert kneelog.ui.app is not None
    feature = sys.modules[FEATURE_MODULE]
    check = feature._mod_uses_pyside
    assert callable(check.searched)  # PySide6's own search, kept for the other modules


@pytest.mark.parametrize(
    ("module", "uses"),
    [(kneelog.ui.main_window, True), (kneelog.core.values, False), (json, False)],
)
def test_kneelog_and_standard_modules_are_answered_without_a_search(
    module: ModuleType, uses: bool
) -> None:
    searched: list[str] = []

    def search(module: ModuleType) -> bool:
        searched.append(module.__name__)
        return True

    assert faster_check(search)(module) is uses
    assert searched == []


def test_other_modules_are_searched_as_before() -> None:
    import typing_extensions

    searched: list[str] = []

    def search(module: ModuleType) -> bool:
        searched.append(module.__name__)
        return False

    assert faster_check(search)(typing_extensions) is False
    assert searched == ["typing_extensions"]
