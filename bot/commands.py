"""The bot's commands and main-menu entries, in one place (the command menu, the main menu and the
handlers all read these)."""

from __future__ import annotations

from flows.registry import BOT_STARTED, FLOWS

#: Each flow starts with the command of its name (/negotiate …) and from the main menu.
FLOW_COMMANDS: tuple[str, ...] = tuple(name for name in FLOWS if name not in BOT_STARTED)

#: The command menu Telegram shows (setMyCommands), in order; each description is `cmd-<name>`.
COMMANDS: tuple[str, ...] = (
    "start",
    "help",
    *FLOW_COMMANDS,
    "cases",
    "export",
    "reminders",
    "faq",
    "lang",
    "cancel",
    "privacy",
    "mydata",
    "forget",
)

#: The main menu's buttons, in order, two to a row; each label is `menu-<action>`.
MENU_ACTIONS: tuple[str, ...] = (*FLOW_COMMANDS, "faq", "cases", "reminders", "language")
