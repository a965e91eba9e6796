"""Defect 9: sendMessage answering 5xx or timing out mid-flow is retried with backoff; when the prompt
still cannot be delivered, the apology repeats the current question."""

from __future__ import annotations

from aiogram.exceptions import TelegramNetworkError, TelegramServerError
from aiogram.methods import SendMessage

from tests.bot.conftest import button_data
from tests.bot.handlers.test_flows import last_keyboard


def _server_error() -> TelegramServerError:
    return TelegramServerError(method=SendMessage(chat_id=501, text="x"), message="Bad Gateway")


def _timeout() -> TelegramNetworkError:
    return TelegramNetworkError(method=SendMessage(chat_id=501, text="x"), message="Request timeout error")


async def test_a_5xx_or_timeout_is_retried_with_backoff_and_the_prompt_arrives(harness) -> None:
    sent = await harness.say("/apply")
    harness.session.fail_next(SendMessage, _server_error())
    harness.session.fail_next(SendMessage, _timeout())
    sent = await harness.press(button_data(last_keyboard(sent), "质量问题"))
    text = "\n".join(m.text for m in sent)
    assert "出了点问题" not in text
    assert "服务类型" in text or "退货" in text  # the next question was delivered after all
    assert len(harness.sleeps) == 2 and harness.sleeps[1] > harness.sleeps[0] > 0  # backoff grows


async def test_when_the_prompt_cannot_be_delivered_the_apology_repeats_the_question(harness) -> None:
    sent = await harness.say("/apply")
    for _ in range(4):  # more failures than retries
        harness.session.fail_next(SendMessage, _server_error())
    sent = await harness.press(button_data(last_keyboard(sent), "质量问题"))
    texts = [m.text for m in sent]
    assert any("出了点问题" in t for t in texts)
    # the step had advanced: the question it waits for now comes right after the apology, with buttons
    assert "服务类型" in texts[-1] or "退货" in texts[-1], texts
    assert sent[-1].reply_markup is not None
