"""Credentials of one Coupang vendor: the vendor id and its Open API key pair."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, SecretStr

VENDOR_ID_PATTERN = r"^[AC][0-9]+$"

VendorId = Annotated[str, Field(pattern=VENDOR_ID_PATTERN)]


class VendorCredentials(BaseModel):
    """A vendor id (`A` or `C` followed by digits, e.g. `A00012345`) and its key pair.

    The keys are `SecretStr`, so `repr`, `str` and tracebacks show asterisks; read them with
    `get_secret_value()` only where a request is signed. A malformed vendor id is rejected
    here because a wrong id in a request path returns 404, and repeated 404s get the caller's
    IP and vendor id blocked by Coupang.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    vendor_id: VendorId
    access_key: SecretStr = Field(min_length=1)
    secret_key: SecretStr = Field(min_length=1)

    def __str__(self) -> str:
        return f"VendorCredentials(vendor_id={self.vendor_id}, keys=**********)"
