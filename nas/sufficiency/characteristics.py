"""What decides a match, as SQL expressions a grouped query can count by:
age band, sibling group size, needs level, disability, ethnicity and Welsh
language, for a child (what they need) and for an approved household (what
its approval range says it can meet: nas.adopters.models.Household).

Each dimension is one annotation on the child or household queryset, so a
pipeline is one query grouped by stage and the six dimensions, never a loop
over the children. The same codes name a child's need and a household's
range, so a gap can be read across ("children over 4" against "households
approved for children over 4").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, Substr
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nas.children.codes import NeedLevel, WelshLanguage
from nas.children.models import Child


@dataclass(frozen=True)
class Dimension:
    code: str
    label: str | Promise
    #: (value, label) in the order they are shown.
    values: tuple[tuple[str, str | Promise], ...]

    def label_of(self, value: str) -> str | Promise:
        return dict(self.values).get(value, value)


AGE = Dimension(
    "age_band",
    _("Age"),
    (
        ("0-1", _("Under 2")),
        ("2-4", _("2 to 4")),
        ("5-9", _("5 to 9")),
        ("10+", _("10 or over")),
        ("not_set", _("Not set")),
    ),
)
SIBLINGS = Dimension(
    "siblings",
    _("Sibling group size"),
    (
        ("1", _("Single child")),
        ("2", _("2 siblings")),
        ("3+", _("3 or more siblings")),
        ("not_set", _("Not set")),
    ),
)
NEEDS = Dimension(
    "needs",
    _("Highest level of need"),
    (
        ("low", _("None known or low")),
        ("medium", _("Medium")),
        ("high", _("High")),
        ("not_set", _("Not set")),
    ),
)
DISABILITY = Dimension("disability", _("Disability"), (("yes", _("Disabled")), ("no", _("Not disabled"))))
ETHNICITY = Dimension(
    "ethnicity",
    _("Ethnicity"),
    (
        ("white", _("White")),
        ("mixed", _("Mixed")),
        ("asian", _("Asian")),
        ("black", _("Black")),
        ("other", _("Chinese or another ethnic group")),
        ("not_known", _("Not known")),
    ),
)
WELSH = Dimension(
    "welsh",
    _("Welsh language"),
    (("welsh", _("Welsh or bilingual")), ("not_welsh", _("English or another language"))),
)
DIMENSIONS = (AGE, SIBLINGS, NEEDS, DISABILITY, ETHNICITY, WELSH)
CODES = tuple(d.code for d in DIMENSIONS)
#: The annotations holding them (a model field may have the same name).
FIELDS = tuple(f"d_{code}" for code in CODES)


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


ETHNIC_GROUPS = (
    ("W", "white"),
    ("M", "mixed"),
    ("A", "asian"),
    ("B", "black"),
    ("C", "other"),
    ("O", "other"),
)


def _ethnic_group(letter: str) -> Case:
    """The census group of an SSDA903 ETHNIC code, from its first letter
    (W white, M mixed, A Asian, B Black, C Chinese and O another group;
    REFU refused and NOBT not yet obtained are not known)."""
    return Case(
        *(When(**{letter: first}, then=Value(group)) for first, group in ETHNIC_GROUPS),
        default=Value("not_known"),
        output_field=models.CharField(),
    )


def _level(prefix: str, fields: tuple[str, ...], blank: str) -> Case:
    """The highest of the need levels (high, then medium, else low)."""
    return Case(
        When(
            Q.create([(f"{prefix}{f}", NeedLevel.HIGH) for f in fields], connector=Q.OR), then=Value("high")
        ),
        When(
            Q.create([(f"{prefix}{f}", NeedLevel.MEDIUM) for f in fields], connector=Q.OR),
            then=Value("medium"),
        ),
        When(Q.create([(f"{prefix}{f}", "") for f in fields], connector=Q.AND), then=Value(blank)),
        default=Value("low"),
        output_field=models.CharField(),
    )


NEED_FIELDS = ("health_needs", "developmental_needs", "behavioural_needs")
WELSH_CODES = (WelshLanguage.WELSH, WelshLanguage.BILINGUAL)


def _yes_no(condition: Q) -> Case:
    return Case(When(condition, then=Value("yes")), default=Value("no"), output_field=models.CharField())


def _age_band(field: str, on: date) -> Case:
    """Age on `on` from the date of birth in `field`."""
    return Case(
        When(**{f"{field}__gt": years_before(on, 2)}, then=Value("0-1")),
        When(**{f"{field}__gt": years_before(on, 5)}, then=Value("2-4")),
        When(**{f"{field}__gt": years_before(on, 10)}, then=Value("5-9")),
        default=Value("10+"),
        output_field=models.CharField(),
    )


def sibling_group_size(prefix: str = "") -> Any:
    """How many children are in the child's group to be placed together (1
    when there is none, or the group is to be placed apart)."""
    size = (
        Child.objects.filter(sibling_group=OuterRef(f"{prefix}sibling_group"))
        .order_by()
        .values("sibling_group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Case(
        When(**{f"{prefix}sibling_group__isnull": True}, then=Value(1)),
        When(**{f"{prefix}sibling_group__placed_together": False}, then=Value(1)),
        default=Coalesce(Subquery(size, output_field=models.IntegerField()), Value(1)),
        output_field=models.IntegerField(),
    )


def _first_ethnicity(prefix: str) -> Substr:
    """The first letter of the first ethnic background a household lists."""
    return Substr(KeyTextTransform("0", f"{prefix}ethnicities"), 1, 1)


def child_group_fields(queryset: models.QuerySet[Any], prefix: str = "") -> models.QuerySet[Any]:
    """What the groups read of a child: the ethnic code's first letter."""
    return queryset.annotate(_eth_letter=Substr(f"{prefix}ethnicity", 1, 1))


def groups_placed_together() -> models.QuerySet[Any]:
    """The sibling groups of two or more children to be placed together (one
    subquery the database runs once, not once a child)."""
    from nas.children.models import SiblingGroup

    # Counting the children's group column (never null on a child joined to
    # its group) rather than their ids: the database answers from the
    # index on that column alone, without reading the children's rows.
    return (
        SiblingGroup.objects.filter(placed_together=True)
        .annotate(n=Count("children__sibling_group"))
        .filter(n__gte=2)
        .values("pk")
    )


def household_group_fields(queryset: models.QuerySet[Any], prefix: str = "") -> models.QuerySet[Any]:
    return queryset.annotate(_eth_letter=_first_ethnicity(prefix))


def child_dimensions(queryset: models.QuerySet[Any], on: date, prefix: str = "") -> models.QuerySet[Any]:
    """The six dimensions of each child (through `prefix`, e.g. "child__"),
    their age on `on`."""
    return (
        child_group_fields(queryset, prefix)
        .annotate(_group_size=sibling_group_size(prefix))
        .annotate(
            d_age_band=_age_band(f"{prefix}date_of_birth", on),
            d_siblings=Case(
                When(_group_size__gte=3, then=Value("3+")),
                When(_group_size=2, then=Value("2")),
                default=Value("1"),
                output_field=models.CharField(),
            ),
            d_needs=_level(prefix, NEED_FIELDS, "low"),
            d_disability=_yes_no(Q(**{f"{prefix}disability": True})),
            d_ethnicity=_ethnic_group("_eth_letter"),
            d_welsh=Case(
                When(**{f"{prefix}language__in": WELSH_CODES}, then=Value("welsh")),
                default=Value("not_welsh"),
                output_field=models.CharField(),
            ),
        )
    )


def household_dimensions(queryset: models.QuerySet[Any], prefix: str = "") -> models.QuerySet[Any]:
    """The six dimensions of what each household's approval range can meet:
    the oldest age, the most children at once, the highest need, disability,
    the first ethnic background listed, and a Welsh-speaking home."""
    age_max = f"{prefix}age_max"
    most = f"{prefix}max_children"
    return queryset.annotate(_eth_letter=_first_ethnicity(prefix)).annotate(
        d_age_band=Case(
            When(**{f"{age_max}__isnull": True}, then=Value("not_set")),
            When(**{f"{age_max}__lt": 2}, then=Value("0-1")),
            When(**{f"{age_max}__lt": 5}, then=Value("2-4")),
            When(**{f"{age_max}__lt": 10}, then=Value("5-9")),
            default=Value("10+"),
            output_field=models.CharField(),
        ),
        d_siblings=Case(
            When(**{f"{most}__isnull": True}, then=Value("not_set")),
            When(**{f"{most}__gte": 3}, then=Value("3+")),
            When(**{f"{most}": 2}, then=Value("2")),
            default=Value("1"),
            output_field=models.CharField(),
        ),
        d_needs=_level(prefix, NEED_FIELDS, "not_set"),
        d_disability=_yes_no(Q(**{f"{prefix}disability": True})),
        d_ethnicity=_ethnic_group("_eth_letter"),
        d_welsh=Case(
            When(**{f"{prefix}language__in": WELSH_CODES}, then=Value("welsh")),
            default=Value("not_welsh"),
            output_field=models.CharField(),
        ),
    )


# --- The groups a gap is read for ---------------------------------------------


@dataclass(frozen=True)
class Group:
    """Children with a characteristic, and the households able to meet it."""

    code: str
    label: str | Promise
    #: Who counts among children (on the child's fields, through a prefix).
    children: Any
    #: Who counts among households (on the household's fields).
    households: Any


def groups(child_prefix: str, household_prefix: str, older: Q) -> tuple[Group, ...]:
    """The groups, as conditions over the given prefixes, once the group
    fields are annotated. `older` says which children count as 5 or over
    (today's age for the pipeline, the age when the wait began for the
    forecast)."""
    c, h = child_prefix, household_prefix
    minority = ("M", "A", "B", "C", "O")
    return (
        Group("all", _("All children"), Q(), Q()),
        Group("older", _("Children aged 5 or over"), older, Q(**{f"{h}age_max__gte": 5})),
        Group(
            "siblings",
            _("Sibling groups of 2 or more"),
            Q(**{f"{c}sibling_group__in": groups_placed_together()}),
            Q(**{f"{h}max_children__gte": 2}),
        ),
        Group(
            "high_needs",
            _("Children with a high level of need"),
            Q.create([(f"{c}{f}", NeedLevel.HIGH) for f in NEED_FIELDS], connector=Q.OR),
            Q.create([(f"{h}{f}", NeedLevel.HIGH) for f in NEED_FIELDS], connector=Q.OR),
        ),
        Group(
            "disabled", _("Disabled children"), Q(**{f"{c}disability": True}), Q(**{f"{h}disability": True})
        ),
        Group(
            "minority_ethnic",
            _("Children of a minority ethnic background"),
            Q(_eth_letter__in=minority),
            Q(_eth_letter__in=minority),
        ),
        Group(
            "welsh",
            _("Welsh-speaking children"),
            Q(**{f"{c}language__in": WELSH_CODES}),
            Q(**{f"{h}language__in": WELSH_CODES}),
        ),
    )
