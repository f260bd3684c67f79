"""write_atomic: the permissions of an ordinary write (the class hub relies on them)."""

import os
import stat

import pytest

from workbench.foundation.files import write_atomic

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Unix permissions")


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("umask", "expected"), [(0o027, 0o640), (0o077, 0o600), (0o022, 0o644)])
def test_a_new_file_follows_the_umask(tmp_path, umask, expected):
    old = os.umask(umask)
    try:
        target = write_atomic(tmp_path / "work" / "li-lei" / "case.json", "{}")
    finally:
        os.umask(old)
    assert _mode(target) == expected
    assert sorted(p.name for p in target.parent.iterdir()) == ["case.json"]


def test_a_rewrite_keeps_the_mode_whatever_the_umask(tmp_path):
    target = write_atomic(tmp_path / "case.json", "one")
    os.chmod(target, 0o640)
    old = os.umask(0o077)
    try:
        write_atomic(target, "two")
    finally:
        os.umask(old)
    assert _mode(target) == 0o640 and target.read_text() == "two"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = write_atomic(tmp_path / "case.json", "old")
    with pytest.raises(TypeError):
        write_atomic(target, object())  # not text or bytes
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["case.json"]


def test_a_shared_folder_keeps_its_bits_down_the_tree(tmp_path):
    from workbench.foundation.files import is_shared

    os.chmod(tmp_path, 0o3770)  # set-gid, sticky, group rwx: the hub's shared/teams
    old = os.umask(0o002)  # a lab machine's umask: would leave files group-writable
    try:
        target = write_atomic(tmp_path / "A组" / "case" / "pr.json", "{}")
    finally:
        os.umask(old)
    assert _mode(target) == 0o640  # the group reads, only the owner changes it
    assert _mode(target.parent) == _mode(target.parent.parent) == 0o3770
    assert is_shared(target.parent) and not is_shared("/tmp")  # /tmp: writable by all


def test_a_private_folder_is_left_to_the_umask(tmp_path):
    os.chmod(tmp_path, 0o700)
    old = os.umask(0o027)
    try:
        target = write_atomic(tmp_path / "sub" / "a.json", "{}")
    finally:
        os.umask(old)
    assert _mode(target.parent) == 0o750 and _mode(target) == 0o640
