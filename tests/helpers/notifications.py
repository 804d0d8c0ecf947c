"""A small freedesktop notification server for tests, on a real D-Bus session bus: it records each Notify call and
answers it, as a person would, with the next of the answers it was given ("start", "snooze", "skip" as
ActionInvoked; "dismissed" as NotificationClosed; None: no answer at all).

Run as a program it starts the server and then a command on the same bus, and writes the Notify calls as JSON:
    dbus-run-session -- python tests/helpers/notifications.py CALLS.json [--no-actions] [--answer A ...] -- CMD ...
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from dataclasses import dataclass, field

NAME = "org.freedesktop.Notifications"  # written here again, not taken from coach: the test checks coach against the spec
PATH = "/org/freedesktop/Notifications"


@dataclass
class Notify:
    app_name: str
    replaces_id: int
    app_icon: str
    summary: str
    body: str
    actions: list[str]
    hints: dict
    expire_timeout: int


@dataclass
class FakeNotificationServer:
    address: str = "SESSION"
    actions: bool = True
    answers: list[str | None] = field(default_factory=list)
    calls: list[Notify] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)  # CloseNotification calls
    fail: bool = False  # answer Notify with a D-Bus error, as a broken server would

    def start(self) -> FakeNotificationServer:
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        self._connection = open_dbus_connection(bus=self.address)
        reply = self._connection.send_and_get_reply(message_bus.RequestName(NAME), timeout=5)
        assert reply.body[0] == 1, "the notification name is taken on this bus"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._connection.close()

    def _serve(self) -> None:
        from jeepney import HeaderFields, MessageType

        while not self._stop.is_set():
            try:
                message = self._connection.receive(timeout=0.1)
            except TimeoutError:
                continue
            except OSError:
                return
            fields = message.header.fields
            if message.header.message_type != MessageType.method_call or fields.get(HeaderFields.interface) != NAME:
                continue
            self._answer(message, fields.get(HeaderFields.member))

    def _answer(self, message, member: str) -> None:
        from jeepney import DBusAddress, new_method_return, new_signal

        if member == "GetCapabilities":
            self._connection.send(new_method_return(message, "as", (["body", *(["actions"] if self.actions else [])],)))
        elif member == "GetServerInformation":
            self._connection.send(new_method_return(message, "ssss", ("fake", "coach tests", "1", "1.2")))
        elif member == "CloseNotification":
            self.closed.append(message.body[0])
            self._connection.send(new_method_return(message))
        elif member == "Notify" and self.fail:
            from jeepney import new_error

            self._connection.send(new_error(message, "org.freedesktop.DBus.Error.Failed", "s", ("out of order",)))
        elif member == "Notify":
            self.calls.append(Notify(*message.body))
            number = len(self.calls)
            self._connection.send(new_method_return(message, "u", (number,)))
            answer = self.answers.pop(0) if self.answers else None
            emitter = DBusAddress(PATH, interface=NAME)
            if answer == "dismissed":
                self._connection.send(new_signal(emitter, "NotificationClosed", "uu", (number, 2)))
            elif answer is not None:
                self._connection.send(new_signal(emitter, "ActionInvoked", "us", (number + 1000, "start")))  # another's
                self._connection.send(new_signal(emitter, "ActionInvoked", "us", (number, answer)))


def main(argv: list[str]) -> int:
    split = argv.index("--")
    options, command = argv[:split], argv[split + 1:]
    calls_file = options[0]
    answers = [None if value == "none" else value
               for flag, value in zip(options[1:], options[2:]) if flag == "--answer"]
    server = FakeNotificationServer(actions="--no-actions" not in options, answers=answers).start()
    try:
        done = subprocess.run(command, timeout=120)
    finally:
        server.stop()
        with open(calls_file, "w", encoding="utf-8") as stream:
            json.dump([call.__dict__ for call in server.calls], stream)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
