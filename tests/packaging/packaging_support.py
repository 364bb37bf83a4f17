"""Helpers for the packaging tests: repository paths and the packaging scripts loaded as modules."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGING_DIR = REPO_ROOT / "packaging"
LINUX_DIR = PACKAGING_DIR / "linux"
WINDOWS_DIR = PACKAGING_DIR / "windows"


def load_packaging_script(name: str) -> ModuleType:
    """Import packaging/<name>.py by path (the folder is not a package, and its name would
    shadow the `packaging` library)."""
    if name in sys.modules:
        return sys.modules[name]
    # the scripts import each other by bare name, as they do when run from packaging/
    if str(PACKAGING_DIR) not in sys.path:
        sys.path.append(str(PACKAGING_DIR))
    spec = importlib.util.spec_from_file_location(name, PACKAGING_DIR / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
