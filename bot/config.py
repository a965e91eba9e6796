"""Settings from the environment and `.env` (pydantic-settings).

Built in `main()`, never at import, so tests pass their own environment as a dict.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# What BotFather hands out: a numeric bot id, a colon, and a 35-character secret.
TOKEN_PATTERN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")

DEFAULT_API_URL = "https://api.telegram.org"
# The public Bot API serves downloads up to 20 MB; a self-hosted server far more.
PUBLIC_DOWNLOAD_MB = 20
# What setWebhook accepts as secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ConfigError(Exception):
    """A configuration problem, explained in one line that never contains the token."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    bot_api_url: str = DEFAULT_API_URL
    database_url: str = "sqlite+aiosqlite:///./dispute-bot.db"
    evidence_dir: Path = Path("./evidence")
    default_language: Literal["zh", "en"] = "zh"
    # NoDecode: the environment gives "1,2", not JSON.
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    log_level: str = "INFO"
    holiday_overrides_file: Path | None = None
    # Log SQL statements (never their parameters). Off by default, and not implied by LOG_LEVEL=DEBUG.
    sql_echo: bool = False
    # Days after a case is closed, or after the user blocked the bot, before their data is purged.
    retention_days: int = Field(default=180, ge=1)
    # Largest document the bot may upload (/mydata parts): 50 MB on Telegram's servers; a self-hosted
    # Bot API server allows up to 2000 MB.
    max_upload_mb: int = Field(default=50, ge=1, le=2000)
    # Size cap of one evidence file with a self-hosted Bot API server (the public one stops at 20 MB).
    max_evidence_mb: int = Field(default=100, ge=1, le=2000)
    # Paraphrases operators add from /misses (faq/overlay.py); default: faq-overlay.yaml next to the
    # SQLite database file (or in the working directory for other databases).
    faq_overlay_file: Path | None = None
    # Production (see README "Deploying"): webhook mode when WEBHOOK_URL is set.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1:8080"
    webhook_max_connections: int = Field(default=40, ge=1, le=100)
    metrics_listen: str | None = None  # polling mode: serve /healthz /readyz /metrics here
    # Length of the exported text to paste into Taobao's description box (characters).
    paste_text_chars: int = Field(default=500, ge=100, le=5000)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        # "1,2 3" in the environment; a list when given in code.
        if isinstance(value, str):
            return [int(part) for part in re.split(r"[,\s]+", value.strip()) if part]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("bot_api_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("webhook_url", "metrics_listen", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_url")
    @classmethod
    def _check_webhook_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an absolute URL such as https://bot.example.com/telegram/webhook")
        return value

    @field_validator("webhook_listen", "metrics_listen")
    @classmethod
    def _check_listen(cls, value: str | None) -> str | None:
        if value is not None:
            parse_listen(value)
        return value

    @property
    def webhook_mode(self) -> bool:
        return self.webhook_url is not None

    @property
    def webhook_path(self) -> str:
        """The path part of WEBHOOK_URL: what the listener serves (a proxy forwards it unchanged)."""
        assert self.webhook_url is not None
        path = urlsplit(self.webhook_url).path
        return path if path else "/"

    def require_webhook_secret(self) -> str:
        secret = self.webhook_secret.get_secret_value().strip() if self.webhook_secret else ""
        if not secret:
            raise ConfigError(
                "WEBHOOK_URL is set but WEBHOOK_SECRET is not: set WEBHOOK_SECRET to a random string "
                "(1-256 characters A-Z a-z 0-9 _ -), e.g. from `openssl rand -hex 32`."
            )
        if not SECRET_PATTERN.match(secret):
            raise ConfigError("WEBHOOK_SECRET may only hold 1-256 characters A-Z a-z 0-9 _ and -.")
        return secret

    @property
    def uses_public_api(self) -> bool:
        return self.bot_api_url == DEFAULT_API_URL

    @property
    def evidence_cap_bytes(self) -> int:
        """The largest evidence file the bot downloads; applies whether or not Telegram gave a size."""
        megabytes = self.max_evidence_mb
        if self.uses_public_api:
            megabytes = min(megabytes, PUBLIC_DOWNLOAD_MB)
        return megabytes * 1024 * 1024

    @property
    def faq_overlay_path(self) -> Path:
        if self.faq_overlay_file is not None:
            return self.faq_overlay_file
        prefix = "sqlite+aiosqlite:///"
        if self.database_url.startswith(prefix) and ":memory:" not in self.database_url:
            return Path(self.database_url[len(prefix) :]).parent / "faq-overlay.yaml"
        return Path("faq-overlay.yaml")

    def require_token(self) -> str:
        token = self.bot_token.get_secret_value().strip() if self.bot_token else ""
        if not token:
            raise ConfigError(
                "BOT_TOKEN is not set. Get a token from @BotFather and set BOT_TOKEN "
                "(or try the bot without one: dispute-bot chat)."
            )
        if not TOKEN_PATTERN.match(token):
            raise ConfigError(
                "BOT_TOKEN does not look like a Telegram bot token "
                "(expected <digits>:<secret> as given by @BotFather)."
            )
        return token


def parse_listen(value: str) -> tuple[str, int]:
    """ "host:port" (IPv6 as "[::1]:8080") → (host, port); ValueError otherwise."""
    host, separator, port = value.strip().rpartition(":")
    if not separator or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"expected host:port, e.g. 127.0.0.1:8080, not {value!r}")
    return host.strip("[]"), int(port)


def load_settings(environ: Mapping[str, str] | None = None, *, env_file: str | None = ".env") -> Settings:
    """Read settings; with `environ` given, read only that mapping (tests) and no `.env`."""
    try:
        if environ is None:
            return Settings(_env_file=env_file)
        # Any: strings here, converted and validated by pydantic-settings
        lowered: dict[str, Any] = {
            key.lower(): value for key, value in environ.items() if key.lower() in Settings.model_fields
        }
        return Settings(_env_file=None, **lowered)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]).upper() or "settings"
        raise ConfigError(f"Invalid configuration for {field}: {first['msg']}") from None
