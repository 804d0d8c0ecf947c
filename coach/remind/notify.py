"""Showing a reminder on the desktop, through the freedesktop notification service on the session's D-Bus
(GNOME, KDE, Xfce, dunst, mako, …), with Start / Snooze 30 min / Skip today where the server offers actions,
and through Notification Center on macOS (no actions there). jeepney speaks D-Bus in pure Python: no
compiled library, no GLib.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Callable, Protocol

ACTIONS = (("start", "Start"), ("snooze", "Snooze 30 min"), ("skip", "Skip today"))
ANSWERS = {key for key, _ in ACTIONS} | {"dismissed"}
_PATH, _NAME = "/org/freedesktop/Notifications", "org.freedesktop.Notifications"


class Notifier(Protocol):
    """Something that shows a reminder; `how` names it for the record and for messages."""

    how: str
    offers_actions: bool

    def show(self, title: str, body: str) -> object: ...

    def answer(self, shown: object, timeout: float) -> str | None:
        """"start", "snooze", "skip", "dismissed", or None when nothing came within `timeout` seconds."""

    def withdraw(self, shown: object) -> None:
        """Take the notification away (its buttons would do nothing once coach has gone)."""

    def close(self) -> None: ...


@dataclass
class Desktop:
    """A notification server on the session bus."""

    connection: object
    offers_actions: bool
    how: str = "desktop notification"
    clock: Callable[[], float] = time.monotonic

    @classmethod
    def connect(cls) -> Desktop | None:
        """The session bus's notification server, or None: no session bus, or nothing serving notifications."""
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection
        from jeepney.wrappers import unwrap_msg

        try:
            connection = open_dbus_connection(bus="SESSION")
        except Exception:  # noqa: BLE001 - no DBUS_SESSION_BUS_ADDRESS, no socket, refused: all mean "none here"
            return None
        try:
            server = DBusAddress(_PATH, bus_name=_NAME, interface=_NAME)
            capabilities = unwrap_msg(connection.send_and_get_reply(new_method_call(server, "GetCapabilities"),
                                                                    timeout=5))[0]
        except Exception:  # noqa: BLE001 - no server on the bus (ServiceUnknown), or it does not answer
            connection.close()
            return None
        return cls(connection, "actions" in capabilities)

    def show(self, title: str, body: str) -> int:
        from jeepney import DBusAddress, MatchRule, message_bus, new_method_call
        from jeepney.wrappers import unwrap_msg

        self._rule = MatchRule(type="signal", interface=_NAME, path=_PATH)
        unwrap_msg(self.connection.send_and_get_reply(message_bus.AddMatch(self._rule), timeout=5))
        self._filter = self.connection.filter(self._rule, bufsize=64)
        self._queue = self._filter.__enter__()
        actions = [part for key, label in ACTIONS for part in (key, label)] if self.offers_actions else []
        server = DBusAddress(_PATH, bus_name=_NAME, interface=_NAME)
        hints = {"urgency": ("y", 1), "category": ("s", "presence"), "desktop-entry": ("s", "coach")}
        return unwrap_msg(self.connection.send_and_get_reply(new_method_call(
            server, "Notify", "susssasa{sv}i", ("coach", 0, "", title, body, actions, hints, 0)), timeout=10))[0]

    def withdraw(self, shown: object) -> None:
        from jeepney import DBusAddress, new_method_call

        try:
            server = DBusAddress(_PATH, bus_name=_NAME, interface=_NAME)
            self.connection.send_and_get_reply(new_method_call(server, "CloseNotification", "u", (shown,)), timeout=5)
        except Exception:  # noqa: BLE001 - gone already, or the bus is: nothing left to take away
            pass

    def answer(self, shown: object, timeout: float) -> str | None:
        from jeepney import HeaderFields

        deadline = self.clock() + timeout
        while (left := deadline - self.clock()) > 0:
            try:  # in slices, so that the deadline is kept on `clock`, whatever the socket's own timing
                message = self.connection.recv_until_filtered(self._queue, timeout=min(left, 1.0))
            except TimeoutError:
                continue
            member = message.header.fields.get(HeaderFields.member)
            if not message.body or message.body[0] != shown:
                continue
            if member == "ActionInvoked" and len(message.body) > 1:
                key = message.body[1]
                if key in ANSWERS:
                    return key
                if key == "default":  # a click on the notification itself
                    return "start"
            elif member == "NotificationClosed":
                return "dismissed"
        return None

    def close(self) -> None:
        try:
            if getattr(self, "_filter", None) is not None:
                self._filter.__exit__(None, None, None)
        finally:
            self.connection.close()


@dataclass
class MacNotification:
    """Notification Center through `osascript` (no actions)."""

    how: str = "notification"
    offers_actions: bool = False

    @classmethod
    def connect(cls) -> MacNotification | None:
        import shutil

        return cls() if sys.platform == "darwin" and shutil.which("osascript") else None

    def show(self, title: str, body: str) -> None:
        import subprocess

        script = f"display notification {_applescript(_plain(body))} with title {_applescript(_plain(title))}"
        subprocess.run(["osascript", "-e", script], stdin=subprocess.DEVNULL, capture_output=True, timeout=20,
                       check=True)

    def answer(self, shown: object, timeout: float) -> str | None:
        return None

    def withdraw(self, shown: object) -> None:
        pass

    def close(self) -> None:
        pass


def _plain(text: str) -> str:
    """Outside text (a routine's name) as a line: control characters shown as escapes, never sent as they are."""
    from coach.safe_text import for_terminal

    return for_terminal(text)


def _applescript(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def find_notifier(wait: float = 0.0, sleep: Callable[[float], None] = time.sleep) -> Notifier | None:
    """The desktop's notifier, or None: the reminder is printed instead. `wait`: seconds to keep looking (at login,
    a caught-up reminder can start before the desktop's notification server)."""
    connect = MacNotification.connect if sys.platform == "darwin" else Desktop.connect
    found = connect()
    for _ in range(int(wait // 5)):
        if found is not None:
            break
        sleep(5.0)
        found = connect()
    return found
