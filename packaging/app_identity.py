"""The identity packaging scripts read from the kneelog package (the single source of truth)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from packaging.version import Version

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class AppIdentity:
    """Name, id and version of the application being packaged."""

    name: str
    app_id: str
    organization: str
    organization_domain: str
    version: str

    @property
    def version_tuple(self) -> tuple[int, int, int, int]:
        """The version as the four numbers Windows version resources need (pre-release dropped)."""
        release = (*Version(self.version).release, 0, 0, 0)
        return (release[0], release[1], release[2], release[3])

    @property
    def numeric_version(self) -> str:
        """`version_tuple` written as dotted numbers."""
        return ".".join(str(part) for part in self.version_tuple)

    @property
    def debian_version(self) -> str:
        """The version in Debian's syntax (a pre-release sorts before its release with `~`)."""
        parsed = Version(self.version)
        text = ".".join(str(part) for part in parsed.release)
        if parsed.pre is not None:
            text += f"~{parsed.pre[0]}{parsed.pre[1]}"
        if parsed.dev is not None:
            text += f"~dev{parsed.dev}"
        if parsed.post is not None:
            text += f"+post{parsed.post}"
        return text


def app_identity() -> AppIdentity:
    """Read the identity from `kneelog/__init__.py` of this checkout."""
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    import kneelog

    return AppIdentity(
        name=kneelog.APP_NAME,
        app_id=kneelog.APP_ID,
        organization=kneelog.ORGANIZATION,
        organization_domain=kneelog.ORGANIZATION_DOMAIN,
        version=kneelog.__version__,
    )
