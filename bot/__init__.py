"""The Telegram application: routers, rendering, middlewares, persistence, scheduler and CLI."""
