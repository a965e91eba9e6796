"""The deterministic ZIP builder: fixed order and times, parts that fit the upload limit."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from bot.zip_export import Entry, build_parts


def test_parts_fit_the_limit_each_is_a_zip_and_nothing_is_lost(tmp_path: Path) -> None:
    files = []
    for index in range(5):
        path = tmp_path / f"f{index}.jpg"
        path.write_bytes(os.urandom(300_000))
        files.append(Entry(f"evidence/{index}.jpg", path=path))
    big = tmp_path / "big.pdf"
    big.write_bytes(os.urandom(1_200_000))
    limit = 1_000_000
    data = Entry("data.json", data=b'{"a": 1}')
    parts, too_big = build_parts(
        [*reversed(files), Entry("evidence/big.pdf", path=big), data], limit, first=["data.json"]
    )
    assert [e.name for e in too_big] == ["evidence/big.pdf"]
    assert len(parts) == 2 and all(len(part) <= limit for part in parts)
    names = [zipfile.ZipFile(io.BytesIO(part)).namelist() for part in parts]
    assert names[0][0] == "data.json"
    flat = [n for part in names for n in part]
    assert flat == ["data.json", *sorted(e.name for e in files)]
    for part in parts:
        archive = zipfile.ZipFile(io.BytesIO(part))
        assert archive.testzip() is None
    again, _ = build_parts([data, *files, Entry("evidence/big.pdf", path=big)], limit, first=["data.json"])
    assert again == parts  # same input, same bytes
