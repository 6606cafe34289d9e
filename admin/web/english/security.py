"""English for the answers of the security review: requests refused for their size."""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    "Envoi trop volumineux": "Upload too large",
    "Envoi trop volumineux : %(max)s Mo au plus par envoi.": (
        "Upload too large: %(max)s MB at most per upload."
    ),
}
