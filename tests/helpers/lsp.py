"""A minimal Language Server Protocol client over stdio, enough to open a document in yaml-language-server and read
the diagnostics it publishes, as an editor does."""

from __future__ import annotations

import json
import os
import select
import subprocess
import time
from pathlib import Path


class LanguageServer:
    def __init__(self, command: list[str], root: Path) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        self._buffer = b""
        self._send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": os.getpid(), "rootUri": root.as_uri(),
            "capabilities": {"workspace": {"configuration": True}, "textDocument": {"publishDiagnostics": {}}}}})
        self._until(lambda message: message.get("id") == 1, 60)
        self._send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        self._send({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration",
                    "params": {"settings": {"yaml": self.SETTINGS}}})

    SETTINGS = {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False}}

    def diagnostics(self, path: Path, text: str, timeout: float = 60) -> list[dict]:
        """Open `text` as the file at `path`; the first diagnostics published for it that are not empty, or the last
        (empty) ones once the server has gone quiet for 3 s."""
        uri = path.as_uri()
        self._send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                    "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
        published: list[dict] | None = None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = self._read(3.0 if published is not None else deadline - time.monotonic())
            if message is None:
                break
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                published = message["params"]["diagnostics"]
                if published:
                    return published
        if published is None:
            raise TimeoutError(f"yaml-language-server published nothing for {path}")
        return published

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

    def _until(self, done, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = self._read(deadline - time.monotonic())
            if message is not None and done(message):
                return message
        raise TimeoutError("yaml-language-server did not answer")

    def _send(self, message: dict) -> None:
        body = json.dumps(message).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _read(self, timeout: float) -> dict | None:
        """The next message (answering the server's own requests on the way), or None after `timeout` seconds."""
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            if b"\r\n\r\n" in self._buffer:
                head, rest = self._buffer.split(b"\r\n\r\n", 1)
                length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length"))
                if len(rest) >= length:
                    self._buffer = rest[length:]
                    message = json.loads(rest[:length])
                    if "method" in message and "id" in message:  # a request from the server
                        items = message.get("params", {}).get("items", [])
                        result = [self.SETTINGS for _ in items] if message["method"] == "workspace/configuration" \
                            else None
                        self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
                        continue
                    return message
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.process.stdout], [], [], min(left, 0.5))
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 65536)
                if not chunk:
                    return None
                self._buffer += chunk
