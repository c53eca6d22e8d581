from __future__ import annotations

import datetime as dt

from goodwill.api.schemas import Ref, Schema

# ---------------------------------------------------------------- imports (exchange area)


class ImportCountsOut(Schema):
    records: int  # contacts in the file, read or rejected
    created: int  # new people (to be) created
    matched: int  # contacts that are people you already have
    updated: int  # ... of which something was (or would be) filled in
    unchanged: int  # ... of which nothing was new
    rejected: int
    merged: int  # rows folded into an earlier row of the same person in the file


class ImportRejectedOut(Schema):
    position: str  # "line 12", "card 3" or "file"
    reason: str


class ImportNewPersonOut(Schema):
    position: str
    display_name: str
    organization: str
    emails: list[str]


class ImportUpdateOut(Schema):
    person_id: int
    display_name: str
    position: str
    matched_on: str  # email, linkedin_url, phone or name_organization
    fields: list[str]  # the empty fields filled in, and emails/phones/tags added


class ImportKeptOut(Schema):
    id: int
    display_name: str
    reason: str


class ImportUndoOut(Schema):
    removed: int
    kept: list[ImportKeptOut]
    organizations_removed: int = 0
    tags_removed: int = 0


class ImportProgressOut(Schema):
    done: int
    total: int


class ImportBatchOut(Schema):
    """An import: a preview (status previewed; id null for a dry run), what a commit did,
    and after an undo what it removed and which people it kept."""

    id: int | None
    filename: str
    format: str
    status: str  # previewed, importing (a large file, written by the worker), committed, undone
    created_at: dt.datetime | None
    committed_at: dt.datetime | None
    undone_at: dt.datetime | None
    counts: ImportCountsOut
    matched_on: dict[str, int]
    filled: dict[str, int]
    rejected: list[ImportRejectedOut]
    warnings: list[str]
    new_people: list[ImportNewPersonOut]  # the first 20
    updates: list[ImportUpdateOut]  # the first 200
    undo: ImportUndoOut | None
    progress: ImportProgressOut | None  # while importing: people written so far
    error: str | None  # why the last try to import it stopped (nothing of it was kept)

    @staticmethod
    def resolve_counts(obj) -> dict:
        return obj.report.get("counts") or {
            "records": 0, "created": 0, "matched": 0, "updated": 0, "unchanged": 0,
            "rejected": 0, "merged": 0,
        }  # fmt: skip

    @staticmethod
    def resolve_progress(obj) -> dict | None:
        return (obj.report or {}).get("progress") if obj.status == "importing" else None

    @staticmethod
    def resolve_error(obj) -> str | None:
        return (obj.report or {}).get("error")

    @staticmethod
    def resolve_matched_on(obj) -> dict:
        return obj.report.get("matched_on", {})

    @staticmethod
    def resolve_filled(obj) -> dict:
        return obj.report.get("filled", {})

    @staticmethod
    def resolve_rejected(obj) -> list:
        return obj.report.get("rejected", [])

    @staticmethod
    def resolve_warnings(obj) -> list:
        return obj.report.get("warnings", [])

    @staticmethod
    def resolve_new_people(obj) -> list:
        return obj.report.get("new_people", [])

    @staticmethod
    def resolve_updates(obj) -> list:
        return obj.report.get("updates", [])

    @staticmethod
    def resolve_undo(obj) -> dict | None:
        return obj.report.get("undo")


# ---------------------------------------------------------------- duplicates


class DuplicatePairOut(Schema):
    """Two people who are probably one: why (reasons) and how sure (score, 0-100)."""

    a: Ref
    b: Ref
    score: int
    reason: str
    reasons: list[str]

    @staticmethod
    def resolve_a(obj) -> dict:
        return {"id": obj.a_id, "display_name": obj.a_name}

    @staticmethod
    def resolve_b(obj) -> dict:
        return {"id": obj.b_id, "display_name": obj.b_name}


class MergeOut(Schema):
    """What a merge did: the person kept, the one merged away, rows moved per kind."""

    kept: int
    merged: int
    moved: dict[str, int]
    filled: list[str]
