"""Unit tests of the hub's building blocks that need no server: forms, rate limiter, formats, key file."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

from common.config import Config
from common.services.hashkey import load_hash_key
from hub.errors import ApiError
from hub.formats import to_json, to_xml, wib_iso
from hub.forms import parse_form, parse_urlencoded
from hub.limits import RateLimiter


def test_urlencoded_parsing_is_strict() -> None:
    form = parse_urlencoded(b"a=1&b=x+y%21&attribute[c][]=1&attribute[c][]=2&empty=")
    assert form.values == {"a": "1", "b": "x y!", "empty": ""} and form.multi == {"attribute[c]": ["1", "2"]}
    assert form.get("empty") is None
    for body, field in ((b"a=1&a=2", "a"), (b"a=%C3%28", "a"), (b"a=\xc3\x28", "a")):
        with pytest.raises(ApiError) as caught:
            parse_urlencoded(body)
        assert caught.value.status == 400 and caught.value.field == field
    with pytest.raises(ApiError) as caught:
        parse_urlencoded(b"&".join(b"f%d=1" % i for i in range(101)))
    assert caught.value.status == 400
    with pytest.raises(ApiError) as caught:
        parse_form("application/json", b"{}")
    assert caught.value.status == 415


def test_multipart_parsing() -> None:
    body = (b"--XX\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nLampu mati \xf0\x9f\x91\x8d\r\n"
            b"--XX\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.png\"\r\nContent-Type: image/png"
            b"\r\n\r\n\x89PNG\r\n\x1a\n\x00\r\n--XX--\r\n")
    form = parse_form("multipart/form-data; boundary=XX", body)
    assert form.values == {"description": "Lampu mati 👍"}
    assert form.media is not None and form.media.content_type == "image/png" and form.media.data.startswith(b"\x89PNG")
    with pytest.raises(ApiError):
        parse_form("multipart/form-data; boundary=XX", body.replace(b"mati \xf0", b"mati \xff"))


def test_token_bucket_refills() -> None:
    now = [0.0]
    limiter = RateLimiter(60, burst=2, monotonic=lambda: now[0])
    assert limiter.take("k") is None and limiter.take("k") is None
    wait = limiter.take("k")
    assert wait is not None and 0.9 < wait <= 1.0
    now[0] = 1.0
    assert limiter.take("k") is None
    with pytest.raises(ApiError) as caught:
        limiter.check("k")
    assert caught.value.status == 429 and caught.value.headers["Retry-After"] == "1"


def test_formats_are_spark_convention() -> None:
    when = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    value = [{"code": 1, "ok": True, "at": when, "none": None, "text": "a<b & \x01c"}]
    assert wib_iso(when) == "2026-03-02T09:00:00+07:00"
    assert to_json(value) == (
        '[{"code":1,"ok":true,"at":"2026-03-02T09:00:00+07:00","none":null,"text":"a<b & \\u0001c"}]')
    assert to_xml("items", value, {"items": "item"}) == (
        '<?xml version="1.0" encoding="utf-8"?>\n<items><item><code>1</code><ok>true</ok>'
        "<at>2026-03-02T09:00:00+07:00</at><none/><text>a&lt;b &amp; c</text></item></items>")


def test_hash_key_file_is_created_once_and_private(tmp_path: object) -> None:
    config = Config.model_validate({"data_dir": str(tmp_path)})
    key = load_hash_key(config)
    assert len(key) == 64 and load_hash_key(config) == key
    assert oct(os.stat(config.data_path() / "caller-hash.key").st_mode & 0o777) == "0o600"
    assert load_hash_key(Config.model_validate({"privacy": {"hash_key": "x" * 20}})) == b"x" * 20
    with pytest.raises(ValueError):
        load_hash_key(Config.model_validate({"privacy": {"hash_key": "short"}}))
