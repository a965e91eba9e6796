"""The terminal chat sends captions and albums, since the bot asks users to caption their files."""

from __future__ import annotations

import io

from aiogram.types import Update
from PIL import Image

from bot.chat import TerminalChat


def test_photo_with_caption_and_album(tmp_path):
    for name in ("a.jpg", "b c.jpg"):
        Image.new("RGB", (640, 480), (1, 2, 3)).save(tmp_path / name)
    (tmp_path / "d.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    chat = TerminalChat(io.StringIO(), 7, "zh")
    single = chat.update_for(f"/photo {tmp_path / 'a.jpg'} 物流截图 第二页")
    assert isinstance(single, Update) and single.message is not None
    assert single.message.caption == "物流截图 第二页" and single.message.photo
    album = chat.update_for(
        f'/album {tmp_path / "a.jpg"} "{tmp_path / "b c.jpg"}" {tmp_path / "d.pdf"} 商品问题'
    )
    assert isinstance(album, list) and len(album) == 3
    groups = {u.message.media_group_id for u in album if u.message}
    assert len(groups) == 1 and None not in groups
    assert [u.message.caption for u in album if u.message] == ["商品问题", None, None]
    assert album[0].message.photo and album[2].message.document
    assert len({u.update_id for u in album}) == 3
    assert chat.update_for(f"/album {tmp_path / 'a.jpg'} /no/such/file.jpg") == "chat-file-missing"
    assert chat.update_for("/photo /no/such/file.jpg") == "chat-file-missing"
