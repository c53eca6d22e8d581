"""The one JSON shape of each object, used by the API and by the CLI's --json.

``Schema`` is django-ninja's Schema (a pydantic model that reads Django objects: its
``resolve_<field>`` static methods, dotted names, managers and querysets as lists, files
as their URL), kept here so that the command line and the MCP server can dump objects
without importing ninja, which costs a fifth of a second at start-up (it loads Django's
test client). The API takes these schemas as they are: ninja accepts any pydantic model.
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any, dataclass_transform

from django.db.models import Manager, QuerySet
from django.db.models.fields.files import FieldFile
from django.template import Variable, VariableDoesNotExist
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator
from pydantic._internal._model_construction import ModelMetaclass

# ---------------------------------------------------------------- the base schema
# From django-ninja 1.8 (ninja/schema.py, MIT licence), unchanged in behaviour; only
# what Goodwill uses: static resolvers, with or without the validation context.


class _Getter:
    """An object (or dict) seen through a schema: resolvers first, then attributes,
    then dotted names ("org.name"); managers and querysets become lists."""

    __slots__ = ("__dict__", "_context", "_obj", "_schema_cls")

    def __init__(self, obj: Any, schema_cls: type, context: Any = None):
        self._obj = obj
        self._schema_cls = schema_cls
        self._context = context

    def __getattr__(self, key: str) -> Any:
        resolver = self._schema_cls._resolvers.get(key)
        if resolver:
            value = resolver(self)
        elif isinstance(self._obj, dict):
            if key not in self._obj:
                raise AttributeError(key)
            value = self._obj[key]
        else:
            try:
                value = getattr(self._obj, key)
            except AttributeError:
                try:
                    variable = Variable(key)
                    if variable.lookups is None:  # a constant ("0", "'x'"), not a name
                        raise AttributeError(key) from None
                    value = variable.resolve(self._obj)
                except VariableDoesNotExist as e:
                    raise AttributeError(key) from e
        return self._convert(value)

    @staticmethod
    def _convert(result: Any) -> Any:
        if isinstance(result, Manager):
            return list(result.all())
        if isinstance(result, QuerySet):
            return list(result)
        if callable(result):
            return result()
        if isinstance(result, FieldFile):
            return result.url if result else None
        return result


class _Resolver:
    """A schema's ``resolve_<field>`` static method."""

    __slots__ = ("func", "takes_context")

    def __init__(self, func):
        if not isinstance(func, staticmethod):
            raise TypeError(f"{func.__name__}: a resolver must be a @staticmethod.")
        self.func = func.__func__
        parameters = inspect.signature(self.func).parameters.values()
        self.takes_context = any(p.name == "context" or p.kind == p.VAR_KEYWORD for p in parameters)

    def __call__(self, getter: _Getter) -> Any:
        if self.takes_context:
            return self.func(getter._obj, context=getter._context)
        return self.func(getter._obj)


@dataclass_transform(kw_only_default=True, field_specifiers=(Field,))
class _SchemaMeta(ModelMetaclass):
    def __new__(mcs, name, bases, namespace, **kwargs):
        resolvers = {}
        for base in reversed(bases):
            resolvers.update(getattr(base, "_resolvers", None) or {})
        for attr, func in namespace.items():
            if attr.startswith("resolve_") and (callable(func) or isinstance(func, staticmethod)):
                resolvers[attr.removeprefix("resolve_")] = _Resolver(func)
        cls = super().__new__(mcs, name, bases, namespace, **kwargs)
        cls._resolvers = resolvers
        return cls


class Schema(BaseModel, metaclass=_SchemaMeta):
    model_config = ConfigDict(from_attributes=True)

    @model_validator(mode="wrap")
    @classmethod
    def _read_django(cls, values: Any, handler, info: ValidationInfo) -> Any:
        # A schema that forbids extra fields (or validates assignment) checks the input
        # itself first: what the getter would add or change would not persist.
        if cls.model_config.get("extra") == "forbid" or cls.model_config.get(
            "validate_assignment", False
        ):
            handler(values)
        # An instance of this schema is read again through the getter, so its values are
        # validated and its resolvers run; it keeps which fields were set (exclude_unset).
        fields_set = None
        if isinstance(values, cls):
            fields_set = values.model_fields_set & cls.model_fields.keys()
        result = handler(_Getter(values, cls, info.context))
        if fields_set is not None:
            object.__setattr__(result, "__pydantic_fields_set__", fields_set)
        return result

    @classmethod
    def from_orm(cls, obj: Any, **kw: Any):
        return cls.model_validate(obj, **kw)


# ---------------------------------------------------------------- shared shapes


class Ref(Schema):
    id: int
    display_name: str


def ref(person) -> dict:
    """A person as a Ref: what every schema that names someone shows of them."""
    return {"id": person.pk, "display_name": person.display_name}


class ErrorOut(Schema):
    """Every API error has this shape."""

    error: str
    message: str
    fields: dict[str, list[str]] = {}


def dump(schema: type[Schema], obj) -> dict:
    """Serialize one object to its JSON-ready dict."""
    return schema.from_orm(obj).model_dump(mode="json")


def dump_many(schema: type[Schema], objs) -> list[dict]:
    return [dump(schema, o) for o in objs]


# An id as the database can hold it: filters with anything larger are a 422, not a 500.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class In(Schema):
    model_config = ConfigDict(extra="forbid")
