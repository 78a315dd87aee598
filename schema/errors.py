"""One base exception with a searchable code per failure, mapped to HTTP/GraphQL errors only
in ``api/``."""

from __future__ import annotations

__all__ = [
    "BinaryFileError",
    "DecodeError",
    "EmptyDocumentError",
    "InputError",
    "KGError",
    "ModelNotInstalledError",
    "NotFoundError",
    "StoreError",
    "StoreUnavailableError",
    "UnsupportedFileTypeError",
]


class KGError(Exception):
    """Base class of every error kg raises on purpose. ``code`` is stable and searchable."""

    code = "KG000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(KGError):
    code = "KG100"


class EmptyDocumentError(InputError):
    code = "KG101"


class BinaryFileError(InputError):
    code = "KG102"


class DecodeError(InputError):
    """Invalid UTF-8; the message names the byte offset."""

    code = "KG103"

    def __init__(self, message: str, byte_offset: int) -> None:
        super().__init__(message)
        self.byte_offset = byte_offset


class UnsupportedFileTypeError(InputError):
    code = "KG104"


class StoreError(KGError):
    code = "KG200"


class StoreUnavailableError(StoreError):
    """The backend cannot be reached (Neo4j down, wrong credentials, timeout)."""

    code = "KG201"


class NotFoundError(KGError):
    code = "KG300"


class ModelNotInstalledError(KGError):
    """A language model package is missing; the message names what to install."""

    code = "KG400"
