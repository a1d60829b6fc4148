"""Retention: each rule with its official source, and the report of what is
due for review. Nothing is deleted automatically."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from nas.adopters import services as adopter_services
from nas.adopters.models import Enquiry
from nas.children.models import Child
from nas.organisations.models import Organisation
from nas.privacy import retention

pytestmark = pytest.mark.django_db


def test_adoption_records_are_kept_100_years_from_the_order_reg_30_2_e_of_the_2019_regulations():
    assert retention.ADOPTION.years == 100
    assert "regulation 30(2)(e)" in str(retention.ADOPTION.source)
    assert "regulation 5" in str(retention.ADOPTION.source)
    assert retention.ADOPTION.review_on(date(2026, 3, 31)) == date(2126, 3, 31)
    assert retention.ADOPTION.review_on(date(2028, 2, 29)) == date(2128, 2, 29)
    assert retention.years_after(date(2024, 2, 29), 1) == date(2025, 2, 28)


def test_adoption_support_records_are_kept_100_years_from_the_last_entry_reg_30_2_f_not_75():
    assert retention.SUPPORT.years == 100
    assert "regulation 30(2)(f)" in str(retention.SUPPORT.source)
    assert "75 years" in str(retention.SUPPORT.source)


def test_an_enquiry_that_went_no_further_is_due_for_review_3_years_after_its_last_entry_reg_30_2_g_i(
    personas,
):
    vvc = Organisation.objects.get(code="vale-valleys-cardiff")
    old, recent = (
        adopter_services.enquiry_submit(
            organisation_id=vvc.pk, first_names="Old", last_name=name, email="a@example.com", language="en"
        )
        for name in ("Old", "Recent")
    )
    for enquiry in (old, recent):
        adopter_services.enquiry_close(actor=personas["assessor.vvc"], enquiry=enquiry, reason="No reply")
    Enquiry.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=3 * 366))
    report = {
        r.rule.code: r for r in retention.report(user=personas["manager.vvc"], today=timezone.localdate())
    }
    assert report["ENQUIRY-3"].held == 2
    assert report["ENQUIRY-3"].due == 1
    assert report["ENQUIRY-3"].due_references == [str(old.pk)]
    assert Enquiry.objects.filter(pk=old.pk).exists()


def test_an_adopted_child_falls_due_100_years_after_the_order(personas, make_child, advance):
    child = make_child()
    advance(child, "adoption_order")
    order = Child.objects.get(pk=child.pk).journey_dates.adoption_order
    report = {
        r.rule.code: r for r in retention.report(user=personas["tm.cardiff"], today=timezone.localdate())
    }
    assert report["ADOPTION-100"].held == 1
    assert report["ADOPTION-100"].due == 0
    assert report["ADOPTION-100"].next_review == retention.years_after(order, 100)


def test_the_retention_page_shows_each_rule_with_its_source(client_for):
    page = client_for("manager.vvc").get("/data-protection/retention/").content.decode()
    assert "Adoption records" in page and "regulation 30(2)(e)" in page and "ENQUIRY-3" in page
