"""The VPCP hub's request signature, byte for byte as the official SDKVXP client makes it.

Every call sends its parameters as ``XroadVnpt-<name>`` headers and signs them: the header
``XroadVnpt-sign-header-key`` lists the names joined by ``;``, ``XroadVnpt-sign-header`` is a
compact JSON object mapping each ``XroadVnpt-<name>`` to its value, and
``XroadVnpt-hash-header`` is the lowercase hex HMAC-SHA256 of that JSON text keyed with the
system's secret (its UTF-8 bytes, never base64-decoded). The official client lists the names
in the iteration order of a Java ``HashMap`` and serialises with Gson; :func:`hashmap_order`
and :func:`gson_object` reproduce both, so our requests are indistinguishable from its own.

>>> signer = RequestSigner(Credentials("vxp.hp.02", "bWFkZS11cCB0ZXN0IHNlY3JldA=="),
...                        timestamp="04122025T093005+0042")
>>> headers = dict(signer.headers("application/json",
...     [("filePath", "xml"), ("docId", "5f0c9a7e-2b1d-4c3e-8f6a-9d8e7c6b5a41")]))
>>> headers["XroadVnpt-sign-header-key"]
'systemid;docId;filePath;timestamp;Content-Type'
>>> headers["XroadVnpt-hash-header"]
'cece90cb66cb4ec28d23c2a35e94b9bbdba65b88c28e2c3d813d64b306242759'

A hub verifies the text it received (:func:`verify_request`); it never re-serialises.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Final

from vn_egov.errors import HubAuthenticationError, HubError
from vn_egov.i18n import tr

__all__ = [
    "Credentials",
    "RequestSigner",
    "SignedRequest",
    "gson_object",
    "gson_string",
    "hashmap_order",
    "java_string_hash",
    "sdk_hash_file",
    "sdk_timestamp",
    "sign",
    "verify_request",
]

HEADER_PREFIX: Final = "XroadVnpt-"
SDK_USER_AGENT: Final = "JAVASDKAgent/1.0.0 XRoad/VPCP"
SDK_VERSION: Final = "3.0.201608"
#: ``ddMMyyyy'T'HHmmss+SSSS``: the ``+`` is literal, ``SSSS`` the milliseconds on 4 digits.
TIMESTAMP_PATTERN: Final = re.compile(r"^\d{8}T\d{6}\+\d{4}$")
VIETNAM: Final = timezone(timedelta(hours=7))
_SIGN_KEY: Final = HEADER_PREFIX + "sign-header-key"
_SIGN_TEXT: Final = HEADER_PREFIX + "sign-header"
_SIGN_HASH: Final = HEADER_PREFIX + "hash-header"
_HEX64: Final = re.compile(r"^[0-9a-f]{64}$")
# Names the signature may carry: the SDK copies JSON keys into header names, so only what an
# HTTP header name can hold (RFC 9110 token characters) can ever verify.
_PARAM_NAME: Final = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$")
_MAX_PARAMS: Final = 64


@dataclass(frozen=True)
class Credentials:
    """A connected system's id and HMAC secret. The secret never appears in ``repr``.

    >>> Credentials("vxp.hp.01", "s3cret")
    Credentials(system_id='vxp.hp.01', secret=<hidden>)
    """

    system_id: str
    secret: str = field(repr=False)

    def __repr__(self) -> str:
        return f"Credentials(system_id={self.system_id!r}, secret=<hidden>)"


def java_string_hash(text: str) -> int:
    """Java's ``String.hashCode()`` as an unsigned 32-bit value (UTF-16 code units).

    >>> java_string_hash("hello")  # Java: "hello".hashCode() == 99162322
    99162322
    >>> java_string_hash("polygenelubricants")  # Java: Integer.MIN_VALUE
    2147483648
    """
    value = 0
    encoded = text.encode("utf-16-be", "surrogatepass")
    for index in range(0, len(encoded), 2):
        value = (value * 31 + int.from_bytes(encoded[index:index + 2], "big")) & 0xFFFFFFFF
    return value


def _capacity(count: int) -> int:
    """Bucket count of a default ``java.util.HashMap`` after *count* insertions."""
    buckets = 16
    for size in range(1, count + 1):
        if size > buckets * 3 // 4:
            buckets *= 2
    return buckets


def hashmap_order(keys: Iterable[str]) -> list[str]:
    """*keys* (in insertion order, repeats keep their first place) in the iteration order of a
    Java 8+ ``HashMap``: ascending bucket ``(h ^ (h >>> 16)) & (n - 1)``, insertion order
    inside a bucket (a resize splits buckets without reordering them).

    >>> hashmap_order(["timestamp", "systemid", "Content-Type"])
    ['systemid', 'timestamp', 'Content-Type']
    """
    unique = list(dict.fromkeys(keys))
    mask = _capacity(len(unique)) - 1

    def bucket(key: str) -> int:
        h = java_string_hash(key)
        return (h ^ (h >> 16)) & mask

    return [key for _, key in sorted(enumerate(unique), key=lambda pair: (bucket(pair[1]),
                                                                           pair[0]))]


_ESCAPES: Final = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\b": "\\b", "\n": "\\n",
                   "\r": "\\r", "\f": "\\f", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def gson_string(value: str) -> str:
    """*value* as Gson 2.2's ``JsonWriter`` (no HTML escaping) writes a JSON string.

    >>> print(gson_string('["000.00.01.H24"]'))
    "[\\"000.00.01.H24\\"]"
    >>> print(gson_string("a/b\\u001f\\u2028é"))
    "a/b\\u001f\\u2028é"
    """
    out = ['"']
    for char in value:
        escaped = _ESCAPES.get(char)
        if escaped is not None:
            out.append(escaped)
        elif char < " ":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def gson_object(pairs: Iterable[tuple[str, str]]) -> str:
    """``JsonObject.toString()`` of string members in the given order (compact).

    >>> gson_object([("a", "1"), ("b", 'x"y')])
    '{"a":"1","b":"x\\\\"y"}'
    """
    return "{" + ",".join(f"{gson_string(k)}:{gson_string(v)}" for k, v in pairs) + "}"


def sign(secret: str, text: str) -> str:
    """Lowercase hex HMAC-SHA256 of *text* (UTF-8) keyed with *secret* (UTF-8, not decoded).

    >>> sign("key", "message")[:16]
    '6e9ef29b75fffc5b'
    """
    return hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()


def sdk_timestamp(moment: datetime | None = None) -> str:
    """The SDK's ``ddMMyyyy'T'HHmmss+SSSS`` text of *moment* (default: now in Vietnam).

    >>> sdk_timestamp(datetime(2025, 12, 4, 9, 30, 5, 42_000))
    '04122025T093005+0042'
    """
    moment = moment or datetime.now(UTC).astimezone(VIETNAM)
    return f"{moment:%d%m%Y}T{moment:%H%M%S}+{moment.microsecond // 1000:04d}"


def sdk_hash_file(digest: bytes) -> str:
    """The SDK's ``hash-file`` text of a SHA-256 *digest*: each byte in hex *without* its
    leading zero (``0x0a`` gives ``a``), so 32 to 64 digits.

    >>> sdk_hash_file(bytes([0x8e, 0x84, 0x2c, 0xd2, 0x47, 0x0a, 0xde]))
    '8e842cd247ade'
    """
    return "".join(format(byte, "x") for byte in digest)


class RequestSigner:
    """Makes the signed headers of one call, as the official client does.

    The timestamp is fixed for the signer's life when given (the SDK fixes it per client
    object); otherwise each call gets the current time. Parameters do not pile up across
    calls (the SDK's never-cleared map is a defect a hub must tolerate, not imitate).
    """

    def __init__(self, credentials: Credentials, *, timestamp: str | None = None) -> None:
        self.credentials = credentials
        self.timestamp = timestamp

    def headers(self, content_type: str,
                params: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
        """Every header of one call, in the order the SDK adds them.

        *params* are the call's parameters in the order of its JSON argument, ``hash-file``
        last for sendEdoc. Values must be ASCII (the SDK's transport garbles anything else).
        """
        inserted = [("timestamp", self.timestamp or sdk_timestamp()),
                    ("systemid", self.credentials.system_id), ("Content-Type", content_type),
                    *params]
        values: dict[str, str] = {}
        for name, value in inserted:
            _check_ascii(name, value)
            values[name] = value
        order = hashmap_order(values)
        signed = [(HEADER_PREFIX + name, values[name]) for name in order]
        text = gson_object(signed)
        return [("Content-Type", content_type), *signed,
                (_SIGN_KEY, ";".join(order)), (_SIGN_TEXT, text),
                (_SIGN_HASH, sign(self.credentials.secret, text)),
                ("User-Agent", SDK_USER_AGENT), (HEADER_PREFIX + "version", SDK_VERSION)]


def _check_ascii(name: str, value: str) -> None:
    if not (name.isascii() and value.isascii()):
        raise HubError(tr("the hub parameter {name} must be ASCII text; the official transport "
                          "garbles anything else", name=name),
                       hint=tr("remove the diacritics from the value"))


# -- the hub's side -------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedRequest:
    """A request whose signature verified: the system and the signed parameters only.

    ``params`` keeps the exact spelling of each name; :meth:`get` looks a name up without
    regard to case and refuses two spellings that disagree (``docId`` and ``docid`` with
    different values: parameters pile up on the official client, so one is a leftover).
    """

    system_id: str
    params: Mapping[str, str]

    def get(self, name: str) -> str | None:
        """The signed value of *name* (any case), ``None`` when absent.

        >>> SignedRequest("s", {"docId": "1", "docid": "1"}).get("DOCID")
        '1'
        """
        found = {value for key, value in self.params.items() if key.lower() == name.lower()}
        if len(found) > 1:
            raise HubError(tr("the signed parameters {name} disagree", name=name), code="400",
                           hint=tr("send one spelling of each parameter"))
        return found.pop() if found else None


def _header_values(raw_headers: Iterable[tuple[bytes, bytes]]) -> dict[str, list[str]]:
    """Header values by lower-case name, decoded as UTF-8 (the official client's bytes)."""
    values: dict[str, list[str]] = {}
    for raw_name, raw_value in raw_headers:
        name = raw_name.decode("latin-1").lower()
        try:
            value = raw_value.decode("utf-8")
        except UnicodeDecodeError:
            raise HubError(tr("header {name} is not UTF-8 text", name=name), code="400",
                           hint=tr("send ASCII parameter values")) from None
        values.setdefault(name, []).append(value)
    return values


def _single(values: Mapping[str, list[str]], name: str) -> str:
    found = values.get(name.lower(), [])
    if len(found) != 1:
        raise HubAuthenticationError(
            tr("header {name} is missing or repeated", name=name), code="401",
            hint=tr("sign the request as the official client does"))
    return found[0]


class _Pairs(list[tuple[str, object]]):
    """The members of one JSON object, in order, repeats kept (a dict would hide them)."""


def _signed_pairs(text: str) -> list[tuple[str, str]]:
    try:
        parsed = json.loads(text, object_pairs_hook=_Pairs)
    except (ValueError, RecursionError):
        parsed = None
    if not isinstance(parsed, _Pairs) or not all(isinstance(v, str) for _, v in parsed):
        raise HubAuthenticationError(tr("the signed header text is not a JSON object of "
                                        "strings"), code="401")
    return [(key, str(value)) for key, value in parsed]


def verify_request(raw_headers: Iterable[tuple[bytes, bytes]],
                   secret_of: Callable[[str], str | None]) -> SignedRequest:
    """Check the signature of a request as a hub must (and the SDK's own hub does).

    *raw_headers* are the request's header bytes; *secret_of* gives a system's secret (None:
    unknown system). The HMAC is computed over the received ``XroadVnpt-sign-header`` text and
    compared in constant time; the text's keys must be exactly ``XroadVnpt-<k>`` for the names
    of ``XroadVnpt-sign-header-key`` in that order, each value equal to its header, ``systemid``
    and ``timestamp`` signed, the timestamp in the SDK's pattern. Only signed values are
    returned, so nothing unsigned can steer the hub. Raises :class:`HubAuthenticationError`.
    """
    values = _header_values(raw_headers)
    names = _single(values, _SIGN_KEY).split(";")
    text = _single(values, _SIGN_TEXT)
    given_hash = _single(values, _SIGN_HASH)
    if len(names) > _MAX_PARAMS or not all(_PARAM_NAME.match(n) for n in names):
        raise HubAuthenticationError(tr("the signed header names are not valid"), code="401")
    pairs = _signed_pairs(text)
    if [key for key, _ in pairs] != [HEADER_PREFIX + name for name in names]:
        raise HubAuthenticationError(
            tr("the signed header text does not list the names of the signed key list in "
               "the same order"), code="401")
    params = {key[len(HEADER_PREFIX):]: value for key, value in pairs}
    system_id = params.get("systemid")
    secret = secret_of(system_id) if system_id is not None else None
    if secret is None or not _HEX64.match(given_hash) or not hmac.compare_digest(
            sign(secret, text), given_hash):
        # One answer for an unknown system and a wrong signature: no system-id oracle.
        raise HubAuthenticationError(tr("the request signature does not verify"), code="401",
                                     hint=tr("check the system id and the secret"))
    for name, value in params.items():
        if value not in values.get((HEADER_PREFIX + name).lower(), []):
            raise HubAuthenticationError(
                tr("header {name} differs from its signed value", name=HEADER_PREFIX + name),
                code="401")
    timestamp = params.get("timestamp")
    if timestamp is None or not TIMESTAMP_PATTERN.match(timestamp):
        raise HubAuthenticationError(tr("the signed timestamp does not have the pattern "
                                        "ddMMyyyyTHHmmss+SSSS"), code="401")
    assert system_id is not None  # the secret lookup succeeded
    return SignedRequest(system_id, params)
