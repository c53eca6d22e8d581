"""Goodwill's models, one module per area."""

from goodwill.models import (  # noqa: F401  (registers their models)
    coach,
    duplicates,
    exchange,
    giving,
    leads,
    matching,
    reminders,
    security,
)
from goodwill.models.accounts import ApiToken, User
from goodwill.models.interactions import (
    IN_PERSON,
    KIND_GROUPS,
    AskNext,
    Interaction,
    Kind,
    Participation,
)
from goodwill.models.network import Relationship, RelKind, RelSource, inverse_kind
from goodwill.models.people import Organization, Person, PersonEmail, PersonPhone, Tag

__all__ = [
    "IN_PERSON",
    "KIND_GROUPS",
    "ApiToken",
    "AskNext",
    "Interaction",
    "Kind",
    "Organization",
    "Participation",
    "Person",
    "PersonEmail",
    "PersonPhone",
    "RelKind",
    "RelSource",
    "Relationship",
    "Tag",
    "User",
    "inverse_kind",
]
