"""Defect 6: evidence files 0600, their directories 0700, the database and its -wal/-shm 0600,
whatever the umask; what an older version left readable is tightened."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bot.permissions import secure_tree
from bot.persistence.database import open_database
from tests.bot.handlers.test_flows import jpeg_bytes, send_file, walk_apply


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_evidence_and_database_are_private(harness, tmp_path: Path) -> None:
    old = os.umask(0o022)  # a typical service umask: would give 0644 / 0755
    try:
        await walk_apply(harness)
        await harness.evidence()
        await send_file(harness, tmp_path, "a.jpg", jpeg_bytes(), photo=True, caption="商品照片")
    finally:
        os.umask(old)
    evidence = Path(harness.app.settings.evidence_dir)
    files = [p for p in evidence.rglob("*") if p.is_file()]
    directories = [evidence, *(p for p in evidence.rglob("*") if p.is_dir())]
    assert files, "the photo was not stored"
    assert {_mode(p) for p in files} == {0o600}, [(p, oct(_mode(p))) for p in files]
    assert {_mode(p) for p in directories} == {0o700}
    database = tmp_path / "bot.db"
    companions = [database, *(p for p in (Path(f"{database}-wal"), Path(f"{database}-shm")) if p.exists())]
    assert len(companions) == 3  # WAL mode: both companions exist while the bot runs
    assert {_mode(p) for p in companions} == {0o600}, [(p, oct(_mode(p))) for p in companions]


async def test_a_new_database_file_is_private_from_the_start(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        database = await open_database(f"sqlite+aiosqlite:///{tmp_path}/data/new.db")
        await database.close()
    finally:
        os.umask(old)
    assert _mode(tmp_path / "data" / "new.db") == 0o600


async def test_an_older_deployment_is_tightened(tmp_path: Path) -> None:
    database = tmp_path / "old.db"
    database.touch(mode=0o644)
    os.chmod(database, 0o644)
    tree = tmp_path / "evidence" / "ab"
    tree.mkdir(parents=True)
    (tree / "ab12.jpg").write_bytes(b"x")
    os.chmod(tree / "ab12.jpg", 0o644)
    os.chmod(tree, 0o755)
    opened = await open_database(f"sqlite+aiosqlite:///{database}")
    await opened.close()
    secure_tree(tmp_path / "evidence")
    assert _mode(database) == 0o600
    assert _mode(tree) == 0o700 and _mode(tree / "ab12.jpg") == 0o600
