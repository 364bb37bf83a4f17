"""bootstrap.py's install hint works as printed on a minimal Debian: apt-get update first, sudo
only when there is one."""

from __future__ import annotations

import bootstrap


def test_root_runs_apt_directly_after_an_update() -> None:
    hint = bootstrap.install_hint(["libegl1", "libxkbcommon0"], is_root=True, has_sudo=False)
    assert hint == (
        "apt-get update && apt-get install -y --no-install-recommends libegl1 libxkbcommon0"
    )


def test_a_user_with_sudo_gets_sudo_on_both_steps() -> None:
    hint = bootstrap.install_hint(["libegl1"], is_root=False, has_sudo=True)
    assert hint == (
        "sudo apt-get update && sudo apt-get install -y --no-install-recommends libegl1"
    )


def test_a_user_without_sudo_goes_through_su() -> None:
    # a minimal Debian has no sudo, but always su
    hint = bootstrap.install_hint(["libegl1"], is_root=False, has_sudo=False)
    assert hint == "su -c 'apt-get update && apt-get install -y --no-install-recommends libegl1'"
    assert "sudo" not in hint
