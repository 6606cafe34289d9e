"""Password hashing with scrypt (standard library only), for ``Person.password_hash``.

Encoded as ``scrypt$n$r$p$salt$hash`` (salt and hash in base64): the cost parameters travel
with each hash, so raising them later leaves older hashes verifiable (``needs_rehash`` says
which to upgrade at the next log-in).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

SCHEME = "scrypt"
N = 2**14
R = 8
P = 1
SALT_BYTES = 16
HASH_BYTES = 32
# Refuse stored parameters that would make a single verification eat the server.
_MAX_N = 2**20
_MAX_R = 32
_MAX_P = 16


def hash_password(password: str, *, n: int = N, r: int = R, p: int = P) -> str:
    """A fresh salted scrypt hash of ``password``, encoded with its parameters."""
    if not password:
        raise ValueError("a password cannot be empty")
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, n, r, p, HASH_BYTES)
    return "$".join((SCHEME, str(n), str(r), str(p), _b64(salt), _b64(digest)))


def verify_password(password: str, encoded: str | None) -> bool:
    """True when ``password`` matches ``encoded``; False for any malformed or missing hash."""
    parsed = _parse(encoded)
    if parsed is None or not password:
        return False
    n, r, p, salt, expected = parsed
    return hmac.compare_digest(_scrypt(password, salt, n, r, p, len(expected)), expected)


def needs_rehash(encoded: str) -> bool:
    """True when ``encoded`` was made with other parameters than today's."""
    parsed = _parse(encoded)
    return parsed is None or parsed[:3] != (N, R, P)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # scrypt needs about 128 * n * r bytes; leave headroom over OpenSSL's 32 MiB default.
    maxmem = 128 * n * r * (p + 1) + 1024 * 1024
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=maxmem, dklen=length
    )


def _parse(encoded: str | None) -> tuple[int, int, int, bytes, bytes] | None:
    parts = (encoded or "").split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return None
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return None
    valid = (
        1 < n <= _MAX_N
        and n & (n - 1) == 0
        and 0 < r <= _MAX_R
        and 0 < p <= _MAX_P
        and salt
        and 16 <= len(expected) <= 64
    )
    return (n, r, p, salt, expected) if valid else None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
