"""Shapes the whole API shares.

- `Page`: `limit` and `offset` of every list (`page: Query[Page]`), read
  leniently (a negative offset is the start, a limit is kept between 1 and
  500, an offset past any real list is the end) so no number reaches the
  database as an overflow.
- `Text`, `LongText`, `Day`: strings that are strings (no NUL character, a
  length limit) and dates a social worker could mean (years 1900 to 2100).
- `form_schema(FormClass)`: a typed request body made from the page's form,
  so the API checks the same fields with the same types, the OpenAPI
  describes them, and the form keeps the rules and their messages.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django import forms
from django.core import validators
from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    WithJsonSchema,
    create_model,
)
from pydantic_core import PydanticCustomError

MAX_LIMIT = 500
DEFAULT_LIMIT = 100
#: Far past any list the service keeps; a larger offset reads as the end.
MAX_OFFSET = 10_000_000
#: The length of free text when a form does not set one (a needs summary, a note).
LONG_TEXT = 10_000
FIRST_YEAR, LAST_YEAR = 1900, 2100


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "Remove the null character")
    return value


def _sensible_year(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError(
            "date_out_of_range",
            "Enter a year between {first} and {last}",
            {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return value


def text(max_length: int) -> Any:
    """A string of at most `max_length` characters, never a NUL character."""
    return Annotated[StrictStr, Field(max_length=max_length), AfterValidator(_no_nul)]


Text = Annotated[StrictStr, Field(max_length=255), AfterValidator(_no_nul)]
LongText = Annotated[StrictStr, Field(max_length=LONG_TEXT), AfterValidator(_no_nul)]


def _date_text(value: Any) -> Any:
    # A JSON date is a string (YYYY-MM-DD): a number is not a date, whatever pydantic would make of it.
    # An empty one is no date (the form says whether one is needed, in its own words).
    if value == "" or value is None:
        return None
    if isinstance(value, str | date):
        return value
    raise PydanticCustomError("date_type", "Enter a real date, as YYYY-MM-DD")


def _sensible_day(value: date | None) -> date | None:
    return None if value is None else _sensible_year(value)


Day = Annotated[
    date | None,
    BeforeValidator(_date_text),
    AfterValidator(_sensible_day),
    WithJsonSchema({"type": "string", "format": "date"}),
]


#: A record's id in a body (a larger number names no record).
#: Any whole number a key column holds is read (0 and below name no record: the
#: lookup says so, after the access layer), ids from 1 are listed in the OpenAPI.
Id = Annotated[StrictInt, Field(ge=-(2**31), le=2**31 - 1, json_schema_extra={"minimum": 1})]
#: The same in a query string (where every value is text, so not strict).
QueryId = Annotated[int, Field(ge=-(2**31), le=2**31 - 1, json_schema_extra={"minimum": 1})]
#: A date that must be there and be a date (for a body read by a service, not a form).
IsoDate = Annotated[date, BeforeValidator(_date_text), AfterValidator(_sensible_year)]
#: A record's version, sent back with every change (a stale one is 409).
Version = Annotated[StrictInt, Field(ge=0, le=2**31 - 1, description="The version the caller read")]


class Page(Schema):
    """Which part of a list: `limit` rows (1 to 500) from `offset` (0 on)."""

    limit: int = Field(DEFAULT_LIMIT, description=f"How many rows (1 to {MAX_LIMIT}; outside, the nearest)")
    offset: int = Field(0, description="How many rows to skip (a negative offset is read as 0)")

    def window(self) -> slice:
        limit = max(1, min(self.limit, MAX_LIMIT))
        offset = max(0, min(self.offset, MAX_OFFSET))
        return slice(offset, offset + limit)


def page_of(rows: Any, page: Page) -> list[Any]:
    """The rows of one page of a queryset (or a list)."""
    return list(rows[page.window()])


# --- Typed bodies made from forms -------------------------------------------


def _bounds(field: forms.Field) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for validator in field.validators:
        if isinstance(validator, validators.MinValueValidator):
            found["ge"] = validator.limit_value
        elif isinstance(validator, validators.MaxValueValidator):
            found["le"] = validator.limit_value
    return found


def _ids(field: forms.ModelChoiceField) -> Any:
    """A record's id, or the field the form looks it up by (a code)."""
    if field.to_field_name:
        return Text
    return Id


def _yes_no(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _choice(field: forms.ChoiceField) -> Any:
    """One of the form's codes, listed in the OpenAPI when the form fixes
    them; the form itself says no to any other, in its own words ("Choose
    who this person is"). A form that sets its choices when it is made takes
    any text here. A yes/no question also takes true or false."""
    values = [value for value, _label in field.choices]  # type: ignore[misc,union-attr]
    codes = [v for v in values if isinstance(v, str)]
    if len(codes) != len(values) or len([c for c in codes if c]) < 2:
        return Text | Annotated[StrictInt, Field(ge=-(2**31), le=2**31 - 1)]
    listed = {"type": "string", "enum": codes, "maxLength": 255}
    if {c for c in codes if c} == {"yes", "no"}:
        return Annotated[
            Text | StrictBool,
            AfterValidator(_yes_no),
            WithJsonSchema({"anyOf": [listed, {"type": "boolean"}]}),
        ]
    return Annotated[Text, WithJsonSchema(listed)]


def field_type(field: forms.Field) -> Any:
    """The JSON type a form field takes in the API."""
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        return StrictBool
    if isinstance(field, forms.DateTimeField):
        return datetime
    if isinstance(field, forms.DateField):
        return Day
    if isinstance(field, forms.IntegerField):
        # Any whole number a database column holds; the form's own range is
        # listed in the OpenAPI and refused by the form in its own words.
        shown = {"minimum" if k == "ge" else "maximum": v for k, v in _bounds(field).items()}
        return Annotated[StrictInt, Field(ge=-(2**31), le=2**31 - 1, json_schema_extra=shown or None)]
    if isinstance(field, forms.DecimalField):
        extra: dict[str, Any] = _bounds(field)
        if field.max_digits is not None:
            extra["max_digits"] = field.max_digits
        if field.decimal_places is not None:
            extra["decimal_places"] = field.decimal_places
        return Annotated[Decimal, Field(**extra)]
    if isinstance(field, forms.FloatField):
        return Annotated[float, Field(allow_inf_nan=False, **_bounds(field))]
    if isinstance(field, forms.ModelMultipleChoiceField):
        item = _ids(field)
        return Annotated[list[item], Field(max_length=1000)]  # type: ignore[valid-type]
    if isinstance(field, forms.ModelChoiceField):
        return _ids(field)
    if isinstance(field, forms.MultipleChoiceField):
        item = Text | Annotated[StrictInt, Field(ge=-(2**31), le=2**31 - 1)]
        return Annotated[list[item], Field(max_length=1000)]  # type: ignore[valid-type]
    if isinstance(field, forms.ChoiceField):
        return _choice(field)
    if isinstance(field, forms.CharField):
        return text(field.max_length or LONG_TEXT)
    return Text | StrictInt | StrictBool


def form_schema(
    form_class: type[forms.BaseForm],
    *,
    partial: bool = False,
    exclude: tuple[str, ...] = (),
    optional: tuple[str, ...] = (),
    fields: dict[str, Any] | None = None,
) -> type[Schema]:
    """A typed request body for a form: one property per field, typed as the
    form reads it. Subclass it to name it in the OpenAPI:
    `class NewChildIn(form_schema(NewChildForm)):  # type: ignore[misc]`.
    `partial` makes every field optional (a PATCH: what is
    sent is changed); `optional` names fields the form itself makes optional;
    `fields` adds or overrides (name: (type, default)).

    A field the form requires is required in the OpenAPI, but one left out
    still reaches the form, so the caller reads the form's own message
    ("Enter the date of birth") rather than a generic one."""
    definitions: dict[str, Any] = {}
    required: list[str] = []
    base_fields: dict[str, forms.Field] = form_class.base_fields  # type: ignore[attr-defined]
    for field_name, field in base_fields.items():
        if field_name in exclude or isinstance(field, forms.FileField):
            continue
        kind = Version if field_name == "version" else field_type(field)
        # A date's help text shows the pages' format; the API's is YYYY-MM-DD.
        hint = "" if isinstance(field, forms.DateField) else field.help_text
        description = ". ".join(str(t) for t in (field.label, hint) if t) or None
        if field.required and not partial and field_name not in optional:
            required.append(field_name)
            definitions[field_name] = (kind, Field(None, description=description))
        else:
            definitions[field_name] = (kind | None, Field(None, description=description))
    for field_name, (kind, default) in (fields or {}).items():
        # An override's default: `...` (required in the OpenAPI; one left out still reaches
        # the form, which says so in its own words), or the value when left out.
        definitions[field_name] = (kind, Field(None if default is ... else default))
        if default is ... and field_name not in required:
            required.append(field_name)
        elif default is not ... and field_name in required:
            required.remove(field_name)

    def document(schema: dict[str, Any]) -> None:
        if required:
            schema["required"] = sorted(set(schema.get("required", [])) | set(required))
        for field_name in required:
            schema.get("properties", {}).get(field_name, {}).pop("default", None)

    name = f"{form_class.__module__.split('.')[1].title()}{form_class.__name__}Body"
    model = create_model(name, __base__=Schema, __module__=form_class.__module__, **definitions)
    model.model_config = ConfigDict(
        **{**model.model_config, "extra": "ignore", "json_schema_extra": document}
    )
    model.model_rebuild(force=True)
    return model


def change_schema(form_class: type[forms.BaseForm]) -> type[Schema]:
    """A PATCH body for a form: any of its fields, and the version the caller read."""
    return form_schema(form_class, partial=True, fields={"version": (Version, ...)})


def form_data(payload: Schema) -> dict[str, Any]:
    """What the caller sent, as the form's data (fields left out stay out)."""
    return payload.model_dump(exclude_unset=True)
