"""A throwaway PostgreSQL cluster for the tests marked `postgresql` (fixtures in tests/conftest.py).

Debian's server binaries (`/usr/lib/postgresql/<version>/bin`) are used; when they are missing and
CI=true, Debian's `postgresql` package is installed first. The cluster is initialised in a fresh
temporary directory, owned by and run as an unprivileged user when we are root (PostgreSQL refuses to
run as root), listens on 127.0.0.1 on a free port and on a Unix socket in that directory, trusts local
connections, and is stopped and deleted at the end of the test session (or at interpreter exit).

Outside CI, the tests skip with the reason when no PostgreSQL can be had; with CI=true they fail.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"


class PostgresUnavailable(Exception):
    """No PostgreSQL server could be started here; the message says why."""


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def find_bindir() -> Path | None:
    """The newest Debian PostgreSQL server installation, if any."""
    candidates = [Path(path).parent for path in glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")]
    candidates = [path for path in candidates if (path / "initdb").exists() and (path / "postgres").exists()]
    if not candidates:
        return None

    def version(path: Path) -> tuple[int, ...]:
        try:
            return tuple(int(part) for part in path.parent.name.split("."))
        except ValueError:
            return (0,)

    return max(candidates, key=version)


def install_postgresql() -> None:
    """apt-get the Debian package (CI only: we are root there)."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for argv in (
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "--no-install-recommends", "postgresql"],
    ):
        result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=900, check=False)
        if result.returncode != 0:
            raise PostgresUnavailable(f"{' '.join(argv)} failed: {result.stderr.strip()[-500:]}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _service_user() -> str | None:
    """Who runs the server: ourselves unless root; as root, Debian's `postgres` user or `nobody`."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise PostgresUnavailable("running as root and neither a 'postgres' nor a 'nobody' user exists")


@dataclass
class Cluster:
    bindir: Path
    root: Path
    port: int
    user: str | None
    running: bool = False

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root

    def url(self, database: str = "postgres", driver: str = "postgresql+asyncpg") -> str:
        return f"{driver}://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _run(self, argv: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
        if self.user is not None:
            argv = ["runuser", "-u", self.user, "--", *argv]
        # cwd: the server's user may not be allowed into ours.
        return subprocess.run(
            argv, cwd=self.root, capture_output=True, text=True, timeout=timeout, check=False
        )

    def start(self) -> None:
        initdb = self._run(
            [
                str(self.bindir / "initdb"),
                "-D",
                str(self.datadir),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
            ]
        )
        if initdb.returncode != 0:
            raise PostgresUnavailable(f"initdb failed: {(initdb.stderr or initdb.stdout).strip()[-800:]}")
        options = " ".join(
            [
                "-c listen_addresses=127.0.0.1",
                f"-c port={self.port}",
                f"-c unix_socket_directories={self.socket_dir}",
                "-c max_connections=200",
                "-c shared_buffers=32MB",
                # A test cluster: durability is not the point, speed on a shared machine is.
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
            ]
        )
        started = self._run(
            [
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-l",
                str(self.root / "server.log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ]
        )
        if started.returncode != 0:
            log = (self.root / "server.log").read_text(errors="replace")[-800:] if self.root.exists() else ""
            raise PostgresUnavailable(f"pg_ctl start failed: {started.stderr.strip()[-400:]} {log}")
        self.running = True

    def stop(self) -> None:
        if self.running:
            self._run([str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "fast", "-w", "stop"])
            self.running = False
        shutil.rmtree(self.root, ignore_errors=True)


def _stop_on_sigterm() -> None:
    """SIGTERM would end the test process without running atexit or fixture finalizers, leaving the
    server running: turn it into KeyboardInterrupt, which pytest handles by finishing the session."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:

        def interrupt(_signum: int, _frame: object) -> None:
            raise KeyboardInterrupt("SIGTERM")

        signal.signal(signal.SIGTERM, interrupt)


def start_cluster() -> Cluster:
    """Start a cluster, installing the server first in CI; raises PostgresUnavailable otherwise."""
    bindir = find_bindir()
    if bindir is None and in_ci():
        install_postgresql()
        bindir = find_bindir()
    if bindir is None:
        raise PostgresUnavailable(
            "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin "
            "(apt-get install postgresql, or run with CI=true to install it automatically)"
        )
    user = _service_user()
    # The creating process's id in the name: a cluster left by a killed session can be told apart.
    root = Path(tempfile.mkdtemp(prefix=f"dispute-bot-pg-{os.getpid()}-"))
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    cluster = Cluster(bindir=bindir, root=root, port=_free_port(), user=user)
    atexit.register(cluster.stop)  # also when the session is interrupted
    _stop_on_sigterm()
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    return cluster
