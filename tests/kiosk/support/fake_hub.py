"""A small fake of the intake hub for kiosk tests: real HTTP on loopback, a real SQLite database, the agreed
contract (including replay of a client_request_id) and knobs to misbehave (drop, delay, answer 500).

    hub = FakeHub(tmp_path / "hub.db", api_key=KEY, prefix="KS7", kelurahan="36.73.01.1002")
    hub.start()
    ... hub.url ...
    hub.behaviour.fail_500 = 3          # the next 3 submissions answer 500 without storing anything
    hub.behaviour.drop_after_commit = 1  # the next submission is stored, then the connection is cut
    hub.stop()

Also runnable as a process: ``python -m tests.kiosk.support.fake_hub --port 0 --db hub.db --key KEY``.
"""

from __future__ import annotations

import argparse
import contextlib
import email.parser
import email.policy
import json
import random
import socket
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

from common.rules.tracking import InvalidTrackingCode, parse_code

_SCHEMA = """
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_request_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    tracking_code TEXT,
    payload TEXT NOT NULL,
    media_bytes INTEGER NOT NULL DEFAULT 0,
    answer TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS heartbeats (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL, at TEXT NOT NULL);
"""


@dataclass
class Behaviour:
    """Misbehaviour knobs; counters count down per submission request."""

    delay_s: float = 0.0
    fail_500: int = 0
    drop_before: int = 0
    drop_after_commit: int = 0
    refuse_422: int = 0
    random_delay_max_s: float = 0.0
    drop_after_commit_rate: float = 0.0


class FakeHub:
    """The fake hub server."""

    def __init__(self, db_path: Path, *, api_key: str, prefix: str = "KS7",
                 kelurahan: str = "36.73.01.1002", port: int = 0) -> None:
        """Prepare (the database is created now); :meth:`start` listens."""
        self.db_path = Path(db_path)
        self.api_key = api_key
        self.prefix = prefix
        self.kelurahan = kelurahan
        self.behaviour = Behaviour()
        self.status_overrides: dict[str, dict[str, Any]] = {}
        self.requests_seen = 0
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.db_path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # the hub process is never killed in these tests
        self._db.executescript(_SCHEMA)
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.hub = self
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port listened on."""
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """Base URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeHub:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-hub", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the database."""
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)
        self._db.close()

    # --- reading for tests --------------------------------------------------------------------------------

    def rows(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Stored submissions."""
        with self._lock:
            query = "SELECT client_request_id, kind, tracking_code, payload, media_bytes FROM requests"
            args: tuple[Any, ...] = ()
            if kind:
                query += " WHERE kind = ?"
                args = (kind,)
            rows = self._db.execute(query + " ORDER BY id", args).fetchall()
        return [{"client_request_id": r[0], "kind": r[1], "tracking_code": r[2], "payload": json.loads(r[3]),
                 "media_bytes": r[4]} for r in rows]

    def heartbeats(self) -> list[dict[str, Any]]:
        """Heartbeats received."""
        with self._lock:
            return [json.loads(r[0]) for r in self._db.execute("SELECT body FROM heartbeats ORDER BY id")]

    # --- storing --------------------------------------------------------------------------------------------

    def store(self, client_request_id: str, kind: str, code: str | None, payload: dict[str, Any],
              media: int, answer: Any) -> Any:
        """Insert once; a replay returns the first answer."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            row = self._db.execute("SELECT answer FROM requests WHERE client_request_id = ?",
                                   (client_request_id,)).fetchone()
            if row is None:
                self._db.execute("INSERT INTO requests (client_request_id, kind, tracking_code, payload, media_bytes,"
                                 " answer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 (client_request_id, kind, code, json.dumps(payload), media, json.dumps(answer),
                                  datetime.now(UTC).isoformat()))
            self._db.execute("COMMIT")
            return answer if row is None else json.loads(row[0])

    def heartbeat(self, body: dict[str, Any]) -> None:
        """Record a heartbeat."""
        with self._lock:
            self._db.execute("INSERT INTO heartbeats (body, at) VALUES (?, ?)",
                             (json.dumps(body), datetime.now(UTC).isoformat()))

    def status_of(self, code: str) -> dict[str, Any] | None:
        """The status answer for a code, or None when unknown."""
        if code in self.status_overrides:
            return self.status_overrides[code]
        with self._lock:
            row = self._db.execute("SELECT kind, created_at FROM requests WHERE tracking_code = ?",
                                   (code,)).fetchone()
        if row is None:
            return None
        due = datetime.fromisoformat(row[1]) + timedelta(days=5)
        return {"tracking_code": code, "type": "ppid" if row[0] == "ppid" else "report", "status": "diterima",
                "status_label_id": "Diterima", "status_label_en": "Received", "due_at": due.isoformat(),
                "opd": None, "history": [{"status": "diterima", "at": row[1], "note": None}]}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    hub: FakeHub


def _parse_multipart(content_type: str, body: bytes) -> tuple[dict[str, str], int]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields: dict[str, str] = {}
    media = 0
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        if name == "media":
            media = len(data)
        elif name:
            fields[str(name)] = data.decode("utf-8")
    return fields, media


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        """No Nagle delay: headers and body go out as separate writes (uvicorn does the same)."""
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def _send(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self) -> None:
        hub = self.server.hub
        if self.path == "/healthz":
            self._send(200, {"status": "ok", "database": "ok"})
            return
        if self.path == "/api/v1/kiosk/whoami":
            if self.headers.get("X-API-Key") != hub.api_key:
                self._send(401, {"detail": "bad key"})
                return
            self._send(200, {"kelurahan": hub.kelurahan, "tracking_prefix": hub.prefix})
            return
        if self.path.startswith("/api/v1/status/"):
            if hub.behaviour.delay_s:
                time.sleep(hub.behaviour.delay_s)
            if hub.behaviour.fail_500 > 0:
                hub.behaviour.fail_500 -= 1
                self._send(500, {"detail": "boom"})
                return
            code = unquote(self.path.rsplit("/", 1)[1])
            try:
                parse_code(code)
            except InvalidTrackingCode:
                self._send(400, {"detail": "mistyped"})
                return
            status = hub.status_of(code)
            self._send(200, status) if status else self._send(404, {"detail": "unknown"})
            return
        self._send(404, {"detail": "no route"})

    def do_POST(self) -> None:
        hub = self.server.hub
        body = self._body()
        hub.requests_seen += 1
        if self.path == "/api/v1/kiosk/heartbeat":
            if self.headers.get("X-API-Key") != hub.api_key:
                self._send(401, {"detail": "bad key"})
                return
            hub.heartbeat(json.loads(body))
            self._send(200, {"ok": True})
            return
        if self._misbehave_before(hub.behaviour):
            return
        b = hub.behaviour
        try:
            status, answer = self._submission(body)
        except _Refused as exc:
            self._send(exc.status, {"detail": exc.detail})
            return
        if b.drop_after_commit > 0:
            b.drop_after_commit -= 1
            self._drop()
            return
        if b.drop_after_commit_rate and random.random() < b.drop_after_commit_rate:
            self._drop()
            return
        self._send(status, answer)

    def _misbehave_before(self, b: Behaviour) -> bool:
        """Delay, drop or fail as the knobs say; True when the request was answered (or dropped) already."""
        if b.delay_s:
            time.sleep(b.delay_s)
        if b.random_delay_max_s:
            time.sleep(random.uniform(0, b.random_delay_max_s))
        if b.drop_before > 0:
            b.drop_before -= 1
            self._drop()
            return True
        for attribute, status, detail in (("fail_500", 500, "temporary failure"), ("refuse_422", 422, "refused")):
            if getattr(b, attribute) > 0:
                setattr(b, attribute, getattr(b, attribute) - 1)
                self._send(status, {"detail": detail})
                return True
        return False

    def _submission(self, body: bytes) -> tuple[int, Any]:
        hub = self.server.hub
        if self.path == "/open311/v2/requests.json":
            content_type = self.headers.get("Content-Type", "")
            if content_type.startswith("multipart/form-data"):
                fields, media = _parse_multipart(content_type, body)
            else:
                fields = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
                media = 0
            if fields.get("api_key") != hub.api_key:
                raise _Refused(401, "bad key")
            for key in ("service_code", "description", "client_request_id", "tracking_code", "kelurahan", "kind",
                        "confidentiality"):
                if not fields.get(key):
                    raise _Refused(400, f"missing {key}")
            if len(fields["description"]) > 4000:
                raise _Refused(400, "description too long")
            code = fields["tracking_code"]
            answer = [{"service_request_id": code, "service_notice": "diterima", "account_id": None}]
            return 201, hub.store(fields["client_request_id"], "complaint", code, fields, media, answer)
        if self.headers.get("X-API-Key") != hub.api_key:
            raise _Refused(401, "bad key")
        data = json.loads(body)
        if self.path == "/api/v1/ppid/requests":
            for key in ("client_request_id", "tracking_code", "applicant", "information", "purpose",
                        "obtain_method", "delivery_method"):
                if not data.get(key):
                    raise _Refused(400, f"missing {key}")
            now = datetime.now(UTC)
            answer = {"nomor_pendaftaran": f"PPID/{now.year}/{hub.requests_seen:06d}",
                      "tracking_code": data["tracking_code"], "received_at": now.isoformat(),
                      "due_at": (now + timedelta(days=14)).isoformat()}
            return 201, hub.store(data["client_request_id"], "ppid", data["tracking_code"], data, 0, answer)
        if self.path == "/api/v1/skm":
            if len(data.get("answers", [])) != 9:
                raise _Refused(400, "9 answers")
            return 201, hub.store(data["client_request_id"], "skm", None, data, 0, {"id": hub.requests_seen})
        raise _Refused(404, "no route")


class _Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


def main() -> None:
    """Run the fake hub as a process (prints its URL, then serves until killed)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--db", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--prefix", default="KS7")
    args = parser.parse_args()
    hub = FakeHub(Path(args.db), api_key=args.key, prefix=args.prefix, port=args.port).start()
    print(hub.url, flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
