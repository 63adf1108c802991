"""Base class and shared field types of the Coupang response models in `coupang.models`."""

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic.alias_generators import to_camel


def none_to_empty_list(value: Any) -> Any:
    return [] if value is None else value


def scalar_to_list(value: Any) -> Any:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


IntList = Annotated[list[int], BeforeValidator(none_to_empty_list)]
# Call-center `vendorItemId` is documented as a number but returned as an array.
IntOrIntList = Annotated[list[int], BeforeValidator(scalar_to_list)]


class CoupangModel(BaseModel):
    """Base of every response model: camelCase aliases, unknown fields ignored, immutable."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="ignore",
        frozen=True,
    )


class Pagination(CoupangModel):
    """Page block of `pageNum`-paged lists."""

    current_page: int = 1
    total_pages: int = 0
    total_elements: int = 0
    count_per_page: int = 0
