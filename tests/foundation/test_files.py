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
