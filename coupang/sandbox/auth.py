"""Gateway checks: the CEA HMAC signature, the key's IP allow-list and the path's vendor id.

The signature is recomputed here with hmac/hashlib, independently of the client's signing
code, over `signed-date + METHOD + path + query` where path and query are the raw request
target exactly as it arrived, so any re-encoding by a client shows up as `Invalid signature.`.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aiohttp import web

from coupang.sandbox.errors import GatewayError
from coupang.sandbox.records import Vendor
from coupang.sandbox.state import SandboxState

# NOTE: Coupang does not publish its clock-skew tolerance, so the sandbox picks 5 minutes.
SIGNATURE_TOLERANCE = timedelta(minutes=5)
_HEADER = re.compile(
    r"CEA algorithm=(?P<algorithm>[^,\s]+),\s?access-key=(?P<access_key>[^,\s]+),"
    r"\s?signed-date=(?P<signed_date>[^,\s]+),\s?signature=(?P<signature>[^,\s]+)"
)
_SIGNED_DATE = re.compile(r"\d{6}T\d{6}Z")


@dataclass(frozen=True)
class Authorization:
    access_key: str
    signed_at: datetime
    signed_date: str
    signature: str


def parse_authorization(header: str | None) -> Authorization:
    """Parse the `Authorization` header, raising GatewayError 401 when it is malformed."""
    match = _HEADER.fullmatch(header or "")
    if match is None or match["algorithm"] != "HmacSHA256":
        raise GatewayError("HMAC format is invalid.", 401)
    signed_date = match["signed_date"]
    if not _SIGNED_DATE.fullmatch(signed_date):
        raise GatewayError("HMAC format is invalid.", 401)
    try:
        signed_at = datetime.strptime(signed_date, "%y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise GatewayError("HMAC format is invalid.", 401) from None
    return Authorization(match["access_key"], signed_at, signed_date, match["signature"])


def compute_signature(secret_key: str, signed_date: str, method: str, raw_target: str) -> str:
    """Return the lowercase hex HMAC-SHA256 Coupang expects for a raw request target."""
    path, _, query = raw_target.partition("?")
    message = f"{signed_date}{method}{path}{query}"
    digest = hmac.new(secret_key.encode(), message.encode(), hashlib.sha256)
    return digest.hexdigest()


def authenticate(state: SandboxState, request: web.Request) -> Vendor:
    """Check the signature, clock skew and IP allow-list, and return the key's vendor."""
    auth = parse_authorization(request.headers.get("Authorization"))
    vendor = state.vendor_by_access_key(auth.access_key)
    if vendor is None:
        raise GatewayError("Request is not authorized.", 401)
    if abs(state.clock.now() - auth.signed_at) > SIGNATURE_TOLERANCE:
        raise GatewayError("Specified signature is expired.", 401)
    expected = compute_signature(
        vendor.secret_key, auth.signed_date, request.method, request.raw_path
    )
    if not hmac.compare_digest(expected, auth.signature):
        raise GatewayError("Invalid signature.", 401)
    if vendor.allowed_ips is not None and request.remote not in vendor.allowed_ips:
        raise GatewayError("[FORBIDDEN] Not allowed IP", 403)
    return vendor


def path_vendor_matches(request: web.Request, vendor: Vendor) -> bool:
    """Return False when the path names a vendor id other than the key's (Coupang sends 404)."""
    path_vendor = request.match_info.get("vendorId")
    return path_vendor is None or path_vendor == vendor.vendor_id
