"""``gr.State`` values in Redis: pickles signed with the app's secret.

A value is stored as ``HMAC-SHA256(key, session hash, State key, pickle) +
pickle``, the key derived from the ``secret`` setting that every process of
the app shares. A value is unpickled only when its signature is right: a
value written into Redis by anyone without the secret (or copied from
another session or another State) is refused and the State reads its
default instead, so reading a value back cannot run code the app did not
write.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import pickle

__all__ = ["Sealer", "SecretMissing"]

logger = logging.getLogger("blocks.redis")

TAG = 32  # bytes of HMAC-SHA256


class SecretMissing(ValueError):
    """The Redis store was asked to start without the app's secret."""


class Sealer:
    def __init__(self, secret: str | bytes):
        secret = secret.encode() if isinstance(secret, str) else bytes(secret)
        self._key = hmac.new(secret, b"blocks-redis state values", hashlib.sha256).digest()

    def _tag(self, session_hash: str, key: str, data: bytes) -> bytes:
        where = f"{session_hash}\n{key}\n".encode()
        return hmac.new(self._key, where + data, hashlib.sha256).digest()

    def seal(self, session_hash: str, key: str, value) -> bytes:
        """The signed pickle of ``value`` (``TypeError`` if it cannot be pickled)."""
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:
            raise TypeError(
                f"This gr.State value ({type(value).__name__}) cannot be stored in Redis: "
                f"{error}. With state_backend='redis' State values must be picklable; keep "
                "other objects in a dict keyed by request.session_hash.") from error
        return self._tag(session_hash, key, data) + data

    def unseal(self, session_hash: str, key: str, blob: bytes):
        """``(True, value)``, or ``(False, None)`` when the signature is wrong."""
        tag, data = blob[:TAG], blob[TAG:]
        if len(blob) < TAG or not hmac.compare_digest(tag, self._tag(session_hash, key, data)):
            logger.warning("refused a State value in Redis whose signature is wrong "
                           "(session %s, State %s): it reads as its default", session_hash[:8],
                           key)
            return False, None
        return True, pickle.loads(data)  # noqa: S301 - signed by this app's secret
