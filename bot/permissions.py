"""Files only the service user can read: evidence, the database and its -wal/-shm files.

A buyer's evidence shows their home, their address and chat screenshots with names and phone numbers;
the database holds their answers. Everything the bot creates is mode 0600 (files) or 0700 (directories),
whatever the umask, and what an older version left readable by others is tightened at start.

The evidence code calls `private_dir` before it creates a file and `create_private`, `write_private` or
`open_private` to create one (ZIP exports too, through bot/zip_export.py); `secure_database_file` runs
before SQLite opens the file.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import BinaryIO

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def restrict_umask() -> int:
    """Files created by this process (and by SQLite, libraries…) default to 0600/0700 from now on."""
    return os.umask(0o077)


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) as 0700; an existing directory is tightened to 0700."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for directory in reversed(missing):
        with contextlib.suppress(FileExistsError):
            directory.mkdir(mode=PRIVATE_DIR)
        os.chmod(directory, PRIVATE_DIR)  # mkdir's mode is filtered by the umask
    os.chmod(path, PRIVATE_DIR)
    return path


def open_private(path: Path) -> BinaryIO:
    """A new file (or truncated existing one) opened for writing, mode 0600 from its first byte."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    os.fchmod(descriptor, PRIVATE_FILE)  # an existing file keeps its old mode through O_CREAT
    return os.fdopen(descriptor, "wb")


def create_private(path: Path) -> int:
    """A new file (it must not exist yet) opened for writing as a raw descriptor, mode 0600 from its
    first byte: the evidence intake streams downloads into these."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    os.fchmod(descriptor, PRIVATE_FILE)  # the umask cannot widen it, but an odd one could narrow it
    return descriptor


def write_private(path: Path, data: bytes) -> None:
    with open_private(path) as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def secure_tree(root: Path) -> None:
    """Tighten an existing directory tree (evidence stored by an older version): dirs 0700, files 0600."""
    if not root.exists():
        return
    os.chmod(root, PRIVATE_DIR)
    for directory, subdirectories, files in os.walk(root):
        for name in subdirectories:
            os.chmod(Path(directory) / name, PRIVATE_DIR)
        for name in files:
            with contextlib.suppress(FileNotFoundError):
                os.chmod(Path(directory) / name, PRIVATE_FILE)


def secure_database_file(database: Path) -> None:
    """Before SQLite opens it: create the file as 0600 if new (SQLite then gives its -wal and -shm the
    same mode), and tighten an existing one and its companions."""
    if not database.exists():
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    for path in (database, *(Path(f"{database}{suffix}") for suffix in SQLITE_COMPANIONS)):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(path, PRIVATE_FILE)
