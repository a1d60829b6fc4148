"""The synthetic national dataset on a small seed: deterministic, and every
invariant the per-record services keep holds on what it writes."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from nas.adopters.models import Enquiry, Household
from nas.audit.models import AuditEvent
from nas.children.models import Child, Milestone
from nas.matching.models import ChildProfile
from nas.support.models import SupportCase
from nas.synthetic.generate import AlreadyGenerated, generate
from nas.synthetic.models import GenerationRun
from tests.synthetic import invariants

UNTIL = date(2025, 3, 31)
SMALL = {"years": 3, "scale": 0.05, "seed": 7, "until": UNTIL}


def _first_rows() -> dict[str, list[tuple[object, ...]]]:
    return {
        "children": list(
            Child.objects.order_by("pk").values_list(
                "case_reference",
                "first_names",
                "last_name",
                "date_of_birth",
                "stage",
                "local_authority__code",
            )[:20]
        ),
        "milestones": list(
            Milestone.objects.order_by("pk").values_list("child__case_reference", "kind", "date", "sequence")[
                :50
            ]
        ),
        "households": list(
            Household.objects.order_by("pk").values_list("reference", "owner__code", "stage", "age_max")[:20]
        ),
        "support": list(SupportCase.objects.order_by("pk").values_list("reference", "requested_on")[:20]),
    }


@pytest.mark.django_db
def test_the_same_seed_makes_the_same_records(reference_data):
    with transaction.atomic():
        first_counts = generate(**SMALL)
        first_rows = _first_rows()
        transaction.set_rollback(True)
    assert not Child.objects.exists()
    second_counts = generate(**SMALL)
    assert second_counts == first_counts
    assert _first_rows() == first_rows
    assert first_counts["children"] > 100 and first_counts["households"] > 10


@pytest.mark.django_db
def test_another_seed_makes_other_records(reference_data):
    first = generate(**SMALL)
    rows = _first_rows()
    second = generate(**{**SMALL, "seed": 8})
    assert second != first
    assert Child.objects.filter(case_reference__startswith="GEN-8-").count() == second["children"]
    assert (
        rows["children"][0]
        != list(
            Child.objects.filter(case_reference__startswith="GEN-8-")
            .order_by("pk")
            .values_list(
                "case_reference",
                "first_names",
                "last_name",
                "date_of_birth",
                "stage",
                "local_authority__code",
            )[:1]
        )[0]
    )


@pytest.mark.django_db
def test_generated_records_keep_every_invariant_of_the_journeys(reference_data):
    """Stage consistent with the milestones (nas.children.journey,
    nas.adopters.journey), sequence numbers, no dates after the last day or
    before birth, the adoption order at least 10 weeks after placement
    (Adoption and Children Act 2002, s.42(2)(a)), restriction and the
    post-adoption record at the order, a profile at the 'should be placed'
    decision, the Stage 1 checks before Stage 1 ends (Adoption Agencies
    (Wales) Regulations 2005, Part 4 as substituted in 2020), the approval
    range before the report, and the placement contract."""
    generate(**{**SMALL, "scale": 0.1, "years": 5})
    assert invariants.child_problems(UNTIL) == []
    assert invariants.household_problems(UNTIL) == []
    assert invariants.placement_problems() == []
    assert invariants.audit_problems(runs=1) == []
    assert Milestone.objects.filter(kind="placed").exists()
    assert Milestone.objects.filter(kind="adoption_order").exists()
    assert Milestone.objects.filter(kind="plan_changed").exists()
    assert Enquiry.objects.filter(status="opened", household__isnull=False).exists()


@pytest.mark.django_db
def test_a_run_writes_one_audit_entry_with_its_seed_and_counts(reference_data):
    """One entry for the run; besides it only the entries the journey's bulk
    hook writes for the family-finding profiles it makes, one each, as for an
    import (nas.matching.services.child_profiles_ensure_many)."""
    before = AuditEvent.objects.count()
    counts = generate(**SMALL)
    entries = AuditEvent.objects.filter(seq__gt=before)
    profiles = entries.filter(record_type="matching.childprofile", action="create")
    assert profiles.count() == counts["family-finding profiles"] == ChildProfile.objects.count() > 0
    assert entries.exclude(pk__in=profiles).count() == 1
    entry = entries.exclude(pk__in=profiles).get()
    assert entry.record_type == "synthetic.run"
    assert entry.detail["seed"] == 7 and entry.detail["counts"] == counts


@pytest.mark.django_db
def test_a_seed_is_generated_once(reference_data):
    generate(**SMALL)
    children = Child.objects.count()
    with pytest.raises(AlreadyGenerated, match="Seed 7 was already generated"):
        generate(**SMALL)
    assert Child.objects.count() == children


@pytest.mark.django_db
def test_the_command_refuses_a_seed_twice_skips_it_or_takes_the_next(reference_data, capsys):
    options = {"years": 3, "scale": 0.05, "until": UNTIL}
    call_command("generate_national_data", seed=7, **options)
    with pytest.raises(CommandError, match="already generated"):
        call_command("generate_national_data", seed=7, **options)
    call_command("generate_national_data", seed=7, skip_existing=True, **options)
    assert "already generated" in capsys.readouterr().out
    call_command("generate_national_data", seed=7, force_new_seed=True, **options)
    assert list(GenerationRun.objects.order_by("seed").values_list("seed", flat=True)) == [7, 8]


@pytest.mark.django_db
def test_the_command_prints_the_published_figures(reference_data, capsys):
    call_command("generate_national_data", seed=3, years=3, scale=0.05, until=UNTIL)
    out = capsys.readouterr().out
    assert "records in" in out and "published placed a year: 15 to 20" in out
    assert "2023-24" in out


@pytest.mark.django_db
def test_the_command_refuses_to_run_in_production(reference_data, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="cannot run in production"):
        call_command("generate_national_data", seed=3, years=3, scale=0.05, until=UNTIL)
    assert not Child.objects.exists()


@pytest.mark.django_db
def test_the_history_cannot_end_in_the_future(reference_data):
    with pytest.raises(ValueError, match="future"):
        generate(**{**SMALL, "until": date(2999, 1, 1)})


@pytest.mark.django_db
def test_the_placed_children_have_life_story_work_as_the_barometer_suggests(reference_data):
    """nas.documents.synthetic: the book and the later-life letter, through the
    documents' bulk writer; some by the order, some after it, some never;
    never dated before the placement's first weeks or after the history."""
    from nas.documents.models import Document, DocumentVersion
    from nas.documents.synthetic import PDF

    counts = generate(**{**SMALL, "scale": 0.1})
    documents = Document.objects.filter(record_type="children.child")
    assert counts["life-story documents"] == documents.count() > 0
    assert set(documents.values_list("kind", flat=True)) == {"life_story_book", "later_life_letter"}
    dates = {c.pk: c.journey_dates for c in Child.objects.select_related("journey_dates")}
    given_by, after = 0, 0
    for document in documents:
        journey = dates[document.record_id]
        assert journey.last_placed is not None and document.dated <= UNTIL
        if journey.adoption_order is not None and document.dated > journey.adoption_order:
            after += 1
        else:
            assert document.dated >= journey.last_placed
            given_by += 1
    assert given_by > after > 0
    # NAS-C9 on the generated nation: about half given both by the order (the Barometer's figure).
    from nas.performance.measures import Filters, life_story_queryset

    adopted = life_story_queryset(date(2000, 1, 1), UNTIL, Filters())
    assert 0.35 < adopted.filter(on_time=True).count() / adopted.count() < 0.65
    versions = DocumentVersion.objects.filter(document__in=documents)
    assert versions.count() == documents.count()
    assert set(versions.values_list("size", flat=True)) == {len(PDF)}
    assert versions.values("storage_name").distinct().count() == documents.count()
