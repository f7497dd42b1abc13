"""HTTP client of the intake hub: the only module of the kiosk that speaks HTTP.

The contract (agreed with the hub):

* complaint: ``POST {hub}/open311/v2/requests.json``, multipart/form-data when a photo is attached (file field
  ``media``), else x-www-form-urlencoded; ``api_key`` in the form. Answer 200/201
  ``[{"service_request_id": "<tracking code>", ...}]``.
* PPID: ``POST {hub}/api/v1/ppid/requests`` JSON, header ``X-API-Key``.
* SKM: ``POST {hub}/api/v1/skm`` JSON, header ``X-API-Key``.
* heartbeat ``POST {hub}/api/v1/kiosk/heartbeat``; ``GET {hub}/api/v1/kiosk/whoami``;
  status ``GET {hub}/api/v1/status/{code}`` (no key).

A replayed ``client_request_id`` returns the first answer and creates nothing, so the sender may retry freely.
Qt-free; one :class:`HubClient` per thread (``requests.Session`` is not guaranteed thread-safe).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import requests

CONNECT_TIMEOUT_S = 3.05
READ_TIMEOUT_S = 15.0
STATUS_READ_TIMEOUT_S = 8.0
PROBE_TIMEOUT_S = (1.0, 2.0)
"""Connect and read timeouts of the reachability probe: it runs every second while the hub is away."""


class HubError(Exception):
    """Base class of the hub client's errors."""


class HubUnreachable(HubError):
    """No answer: connection refused, DNS failure, timeout, connection dropped (transient)."""


class HubHttpError(HubError):
    """The hub answered with an error status; ``body`` is its JSON (or text) answer."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"HTTP {status}: {str(body)[:300]}")
        self.status = status
        self.body = body


class HubBadAnswer(HubError):
    """The hub answered 2xx with something that is not the agreed JSON (treated as transient)."""


@dataclass(frozen=True, slots=True)
class HubEndpoints:
    """Where things are on a hub, relative to its base URL."""

    complaint: str = "/open311/v2/requests.json"
    ppid: str = "/api/v1/ppid/requests"
    skm: str = "/api/v1/skm"
    heartbeat: str = "/api/v1/kiosk/heartbeat"
    whoami: str = "/api/v1/kiosk/whoami"
    status: str = "/api/v1/status/{code}"
    health: str = "/healthz"


class HubClient:
    """A keep-alive HTTP session to one hub with the kiosk's key."""

    def __init__(self, base_url: str, api_key: str, *, connect_timeout: float = CONNECT_TIMEOUT_S,
                 read_timeout: float = READ_TIMEOUT_S, endpoints: HubEndpoints | None = None) -> None:
        """Prepare a session; nothing is sent until a method is called."""
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._timeout = (connect_timeout, read_timeout)
        self._endpoints = endpoints or HubEndpoints()
        self._session = requests.Session()
        self._session.headers["User-Agent"] = "bsm-kiosk"
        # Read proxy and CA settings from the environment once, not on every request (requests would scan the
        # whole environment per call, a third of the cost of a POST on loopback).
        self._session.proxies.update(requests.utils.get_environ_proxies(self.base_url))
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if bundle:
            self._session.verify = bundle
        self._session.trust_env = False

    def close(self) -> None:
        """Close pooled connections."""
        self._session.close()

    def clone(self) -> HubClient:
        """A new client with the same settings (for another thread)."""
        return HubClient(self.base_url, self._api_key, connect_timeout=self._timeout[0],
                         read_timeout=self._timeout[1], endpoints=self._endpoints)

    def _request(self, method: str, path: str, *, timeout: tuple[float, float] | None = None,
                 **kwargs: Any) -> Any:
        """Send and decode a JSON answer; map failures onto :class:`HubError` subclasses."""
        try:
            response = self._session.request(method, self.base_url + path, timeout=timeout or self._timeout,
                                             **kwargs)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise HubUnreachable(f"{type(exc).__name__}: {exc}") from exc
        except requests.RequestException as exc:  # invalid URL, too many redirects, ...
            raise HubUnreachable(f"{type(exc).__name__}: {exc}") from exc
        try:
            body: Any = response.json()
        except ValueError:
            body = response.text[:2000]
        if response.status_code >= 400:
            raise HubHttpError(response.status_code, body)
        if isinstance(body, str):
            raise HubBadAnswer(f"HTTP {response.status_code} without JSON: {body[:200]!r}")
        return body

    def _key_header(self) -> dict[str, str]:
        return {"X-API-Key": self._api_key}

    # --- submissions ---------------------------------------------------------------------------------------

    def submit_complaint(self, payload: Mapping[str, Any], photo: bytes | None) -> Any:
        """POST an Open311 service request; returns the hub's answer (a list with one dict)."""
        form = {k: str(v) for k, v in payload.items() if v is not None and v != ""}
        form["api_key"] = self._api_key
        if photo:
            files = {"media": ("foto.jpg", photo, "image/jpeg")}
            answer = self._request("POST", self._endpoints.complaint, data=form, files=files)
        else:  # encoded here: cheaper than requests' generic encoding of a dict
            answer = self._request("POST", self._endpoints.complaint, data=urlencode(form).encode("utf-8"),
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        if not isinstance(answer, list) or not answer or not isinstance(answer[0], dict):
            raise HubBadAnswer(f"unexpected Open311 answer {str(answer)[:200]!r}")
        return answer

    def submit_ppid(self, payload: Mapping[str, Any]) -> Any:
        """POST a PPID information request; returns ``{nomor_pendaftaran, tracking_code, ...}``."""
        return self._request("POST", self._endpoints.ppid, json=dict(payload), headers=self._key_header())

    def submit_skm(self, payload: Mapping[str, Any]) -> Any:
        """POST one SKM response; returns ``{id}``."""
        return self._request("POST", self._endpoints.skm, json=dict(payload), headers=self._key_header())

    def submit(self, kind: str, payload: Mapping[str, Any], photo: bytes | None = None) -> Any:
        """Dispatch on the outbox item kind."""
        if kind == "complaint":
            return self.submit_complaint(payload, photo)
        if kind == "ppid":
            return self.submit_ppid(payload)
        if kind == "skm":
            return self.submit_skm(payload)
        raise ValueError(f"unknown outbox kind {kind!r}")

    # --- kiosk management ------------------------------------------------------------------------------------

    def heartbeat(self, queue_length: int, oldest_pending_at: str | None, version: str) -> Any:
        """Report the queue to the hub (for the wall's kelurahan network tile)."""
        body = {"queue_length": queue_length, "oldest_pending_at": oldest_pending_at, "version": version}
        return self._request("POST", self._endpoints.heartbeat, json=body, headers=self._key_header())

    def probe(self) -> bool:
        """True when the hub answers its health check (no key, short timeouts): the network and the hub are back."""
        try:
            answer = self._request("GET", self._endpoints.health, timeout=PROBE_TIMEOUT_S)
        except HubError:
            return False
        return isinstance(answer, dict) and answer.get("status") == "ok"

    def whoami(self) -> dict[str, Any]:
        """Ask the hub which kelurahan and tracking prefix this kiosk's key belongs to."""
        answer = self._request("GET", self._endpoints.whoami, headers=self._key_header(),
                               timeout=(self._timeout[0], min(self._timeout[1], STATUS_READ_TIMEOUT_S)))
        if not isinstance(answer, dict):
            raise HubBadAnswer(f"unexpected whoami answer {str(answer)[:200]!r}")
        return answer

    def status(self, code: str) -> dict[str, Any]:
        """Look up a tracking code (no key). Raises :class:`HubHttpError` 404 (unknown) or 400 (mistyped)."""
        path = self._endpoints.status.format(code=quote(code, safe=""))
        answer = self._request("GET", path, timeout=(self._timeout[0], min(self._timeout[1], STATUS_READ_TIMEOUT_S)))
        if not isinstance(answer, dict):
            raise HubBadAnswer(f"unexpected status answer {str(answer)[:200]!r}")
        return answer
