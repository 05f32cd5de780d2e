"""A loopback fake Telegram Bot API server, for end-to-end tests over real sockets.

    with FakeBotAPI() as fake:
        bot = telegram.Bot("123:TEST", base_url=fake.base_url)
        fake.push_update(message_update(1, "/start"))
        ...
        assert fake.wait_for(lambda calls: any(c.method == "sendMessage" for c in calls))

`wait_for` blocks; from a coroutine sharing the event loop with the bot use
`await fake.wait_for_async(...)` (or `asyncio.to_thread(fake.wait_for, ...)`).
"""
from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .telegram import CannedBotAPI, Call, JSONDict, Responder, decode_value, texts

MAX_LONG_POLL = 2.0  # seconds; by default getUpdates never holds a request longer than this

# Form bodies carry every value as a string (strings raw, the rest JSON-encoded), so typed
# decoding needs to know which parameters are strings: "42" is text here, a chat id elsewhere.
STRING_PARAMS = frozenset(
    {
        "text", "caption", "parse_mode", "callback_query_id", "inline_message_id", "description",
        "short_description", "name", "url", "secret_token", "language_code", "query", "emoji",
        "title", "action", "business_connection_id", "message_effect_id", "ip_address",
    }
)


def decode_form(pairs: list[tuple[str, str]]) -> JSONDict:
    return {k: v if k in STRING_PARAMS else decode_value(v) for k, v in pairs}


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up on a long poll (PTB cancels it on stop) is not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FakeBotAPI:
    """Stdlib HTTP server on 127.0.0.1 speaking enough Bot API for a PTB bot.

    Records calls (thread-safe), answers like CannedBotAPI, serves pushed updates via
    getUpdates (offset, limit and a long-poll timeout capped at `max_long_poll` seconds).
    """

    def __init__(self, responses: dict[str, Responder] | None = None, max_long_poll: float = MAX_LONG_POLL):
        self.api = CannedBotAPI(responses)
        self.max_long_poll = max_long_poll
        self._calls: list[Call] = []
        self._updates: list[JSONDict] = []
        self._cond = threading.Condition()
        self._stopping = False
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """Bot API base URL without the token (python-telegram-bot appends it)."""
        return f"http://127.0.0.1:{self.port}/bot"

    def stop(self) -> None:
        """Stop serving; pending long polls return at once. Safe to call twice."""
        with self._cond:
            if self._stopping:
                return
            self._stopping = True
            self._cond.notify_all()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeBotAPI:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- test API ----------------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        """A snapshot of the recorded calls."""
        with self._cond:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def texts(self) -> list[str]:
        """Text of every sendMessage/editMessageText, in order."""
        return texts(self.calls)

    def clear(self) -> None:
        with self._cond:
            self._calls.clear()

    def push_update(self, update: JSONDict) -> None:
        """Queue an update for getUpdates; the caller sets its update_id."""
        with self._cond:
            self._updates.append(update)
            self._cond.notify_all()

    def fail_next(self, method: str, status: int, body: JSONDict | str | bytes) -> None:
        self.api.fail_next(method, status, body)

    def wait_for(self, predicate: Callable[[list[Call]], bool], timeout: float = 10.0) -> bool:
        """Block until predicate(calls) is true; False after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            if predicate(self.calls):
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01)

    async def wait_for_async(self, predicate: Callable[[list[Call]], bool], timeout: float = 10.0) -> bool:
        """Like wait_for, but yields to the event loop (where the bot under test runs)."""
        return await asyncio.to_thread(self.wait_for, predicate, timeout)

    # -- server side -------------------------------------------------------------------------

    def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        offset = int(params.get("offset") or 0)
        limit = max(1, min(int(params.get("limit") or 100), 100))
        wait = min(float(params.get("timeout") or 0), self.max_long_poll)
        deadline = time.monotonic() + wait
        with self._cond:
            while True:
                if offset:  # like Telegram: an offset confirms every earlier update
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
                if self._updates or self._stopping:
                    return self._updates[:limit]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return []
                self._cond.wait(remaining)

    def _respond(self, method: str, params: JSONDict) -> tuple[int, bytes]:
        with self._cond:
            self._calls.append(Call(method, params))
        failure = self.api.pop_failure(method)
        if failure:
            return failure
        result = self._get_updates(params) if method == "getUpdates" else self.api.result(method, params)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._serve()

            def do_POST(self) -> None:
                self._serve()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
                pass

            def _serve(self) -> None:
                url = urlsplit(self.path)
                segments = url.path.strip("/").split("/")
                if len(segments) != 2 or not segments[0].startswith("bot"):
                    self._send(404, b'{"ok": false, "error_code": 404, "description": "Not Found"}')
                    return
                params = decode_form(parse_qsl(url.query, keep_blank_values=True))
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                ctype = self.headers.get("Content-Type", "")
                if body and ctype.startswith("application/json"):
                    params.update(json.loads(body))
                elif body and ctype.startswith("application/x-www-form-urlencoded"):
                    params.update(decode_form(parse_qsl(body.decode(), keep_blank_values=True)))
                status, payload = fake._respond(segments[1], params)
                self._send(status, payload)

            def _send(self, status: int, payload: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        return Handler
