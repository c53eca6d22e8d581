"""Loading the ``other`` section of a full export: owned models without a section of
their own (leads, referrals…), generically, in foreign-key order. A mixin of the loader
in exchange.services.exports.load, which provides ``insert``, ``ref`` and ``remember``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from goodwill.core.bulk import insert_rows
from goodwill.exchange.services.exports.account import other_models


def _error(where: str, message: str) -> ValidationError:
    return ValidationError({where: [message]})


def _items(data: dict, key: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
        raise _error(key, "Expected a list of objects.")
    return value


class GenericLoader:
    def load_other(self, other: dict) -> dict[str, int]:
        if not isinstance(other, dict):
            raise _error("other", "Expected an object of model name → rows.")
        known = {m._meta.label_lower: m for m in other_models()}
        unknown = sorted(set(other) - set(known))
        if unknown:
            raise _error("other", f"This version of Goodwill has no {', '.join(unknown)}.")
        pending = [known[name] for name in known if name in other]
        counts = {}
        while pending:
            ready = [
                m
                for m in pending
                if not any(
                    f.related_model in pending and f.related_model is not m
                    for f in m._meta.concrete_fields
                    if f.is_relation
                )
            ]
            if not ready:
                raise _error("other", "Rows that refer to each other in a circle.")
            for model in ready:
                name = model._meta.label_lower
                counts[name] = self.load_generic(model, _items(other, name), f"other.{name}")
                pending.remove(model)
        return counts

    def load_generic(self, model, items: list[dict], where: str) -> int:
        if any(
            isinstance(c, models.UniqueConstraint) and list(c.fields) == ["owner"]
            for c in model._meta.constraints
        ):
            model._base_manager.filter(owner=self.owner).delete()  # a per-account singleton
        rows = []
        present = {name for item in items for name in item}
        for index, item in enumerate(items):
            row = {}
            for f in model._meta.concrete_fields:
                if f.primary_key or (f.name not in present and f.name != "owner"):
                    continue
                if f.name not in item and f.name != "owner":
                    row[f.attname] = f.get_default()
                elif f.name == "owner":
                    row["owner_id"] = self.owner.pk
                elif f.is_relation:
                    row[f.attname] = self.ref(
                        f.related_model, item[f.name], f"{where}[{index}].{f.name}"
                    )
                else:
                    row[f.attname] = item[f.name]
            rows.append(row)
        new_ids = self.insert(model, rows, where)
        self.remember(model, items, new_ids, where)
        for f in model._meta.many_to_many:
            through = f.remote_field.through
            src = f.m2m_field_name() + "_id"
            dst = f.m2m_reverse_field_name() + "_id"
            links = {
                (new, self.ref(f.related_model, other, f"{where}[{index}].{f.name}"))
                for index, (item, new) in enumerate(zip(items, new_ids, strict=True))
                for other in item.get(f.name) or []
            }
            insert_rows(through, [src, dst], sorted(links))
        return len(items)
