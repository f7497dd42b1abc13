"""The secret of the keyed hashes of caller numbers: from the configuration, or a key file made once."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from common.config import Config

KEY_FILE_NAME = "caller-hash.key"
MIN_KEY_BYTES = 16


def load_hash_key(config: Config, *, create: bool = True) -> bytes:
    """``privacy.hash_key``, else the file ``privacy.hash_key_file``, else ``<data dir>/caller-hash.key``.

    The default file is created with 32 random bytes in hex (mode 0600) when missing and ``create`` is true: the key
    must stay the same for the life of the database, or repeat callers could no longer be recognised.
    """
    if config.privacy.hash_key:
        key = config.privacy.hash_key.encode("utf-8")
    else:
        path = Path(config.privacy.hash_key_file) if config.privacy.hash_key_file else (
            config.data_path() / KEY_FILE_NAME)
        if not path.exists() and create and not config.privacy.hash_key_file:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_hex(32).encode("ascii"))  # text: survives copy-paste
        key = path.read_bytes().strip()
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"the caller hash key must be at least {MIN_KEY_BYTES} bytes (privacy.hash_key)")
    return key
