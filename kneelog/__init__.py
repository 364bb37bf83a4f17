"""KneeLog: a desktop training log for runners coming back from knee pain."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__version__ = "0.1.0"
APP_NAME = "KneeLog"
APP_ID = "org.kneelog.KneeLog"
ORGANIZATION = "KneeLog"
ORGANIZATION_DOMAIN = "kneelog.org"
DISCLAIMER = (
    "KneeLog gives guidance, not a diagnosis. It does not replace a physical therapist or doctor. "
    "Seek care today if you cannot bear weight, your knee is hot and swollen with a fever, "
    'it is locked (stuck and will not straighten), or it swelled fast after a fall or a "pop".'
)


def lazy_face(
    package: str, modules: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` (PEP 562) of a package whose face is `modules`' names
    (a module's name -> the names it gives, separated by spaces).

    A name is imported from its module on its first use and then kept in the package, so
    importing the package loads nothing and `from kneelog.core import X` loads X's module only:
    the window's start-up pays for what it uses. (Here, not in a module of its own, so that the
    faces add no module to the start-up.)
    """
    home = {name: module for module, names in modules.items() for name in names.split()}
    given = {module: names.split() for module, names in modules.items()}
    namespace = sys.modules[package].__dict__
    missing = object()

    def __getattr__(name: str) -> object:
        module_name = home.get(name)
        if module_name is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        if module_name not in sys.modules:
            # __import__ rather than importlib.import_module: importlib is not loaded at start-up.
            __import__(module_name)
        module = sys.modules[module_name]
        # Every name the module gives, at once: the package then answers the others itself,
        # without another call here (a `from kneelog.core import ...` of thirty names made
        # thirty, each through PySide's wrapper of __import__).
        # (A module still being imported lacks its later names: those are left for later.)
        for other in given[module_name]:
            if (value := getattr(module, other, missing)) is not missing:
                namespace[other] = value
        return getattr(module, name)

    def __dir__() -> list[str]:
        return sorted(home)

    return __getattr__, __dir__
