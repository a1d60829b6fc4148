"""Demonstration performance work, so a newcomer who runs `make run` sees
the framework in use: a draft return for the current quarter in every
region, a submitted return for Vale, Valleys and Cardiff's last quarter, and
an open intervention on that region. The figures come from the other
demonstration journeys. Safe to run again: nothing is made twice."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from nas.accounts.models import User
from nas.organisations.models import Organisation
from nas.performance import periods as P
from nas.performance import selectors, services
from nas.performance.models import Intervention, QuarterlyReturn

REGION = "vale-valleys-cardiff"


def seed_performance() -> int:
    manager = User.objects.filter(username="manager.vvc").first()
    director = User.objects.filter(username="director.national").first()
    if manager is None or director is None:
        return 0
    made = 0
    today = timezone.localdate()
    current = P.quarter_of(today)
    with transaction.atomic():
        for region in Organisation.objects.regions():
            if not QuarterlyReturn.objects.filter(region=region, quarter=current.code).exists():
                services.return_draft(actor=None, region=region, quarter=current.code)
                made += 1
        region = Organisation.objects.get(code=REGION)
        last = selectors.latest_complete_quarter(today)
        if not QuarterlyReturn.objects.filter(region=region, quarter=last.code).exists():
            record = services.return_draft(actor=manager, region=region, quarter=last.code)
            services.return_commentary(
                actor=manager,
                record=record,
                commentary="Two children waited longer than six months for a match: both are now linked.",
            )
            for step in ("check", "sign_off", "submit"):
                services.return_step(actor=manager, record=record, step=step)
            made += 1
        if not Intervention.objects.filter(region=region).exists():
            services.intervention_open(
                actor=director,
                region=region,
                measure="NAS-C4",
                concerns="Children are waiting more than six months from the 'should be placed' decision "
                "for a match, above every other region.",
                action="Review every child waiting over six months at the family-finding meeting and "
                "refer each to the national register.",
                action_due_on=today + timedelta(days=30),
                review_on=today + timedelta(days=45),
                response_due_on=today + timedelta(days=14),
            )
            made += 1
    return made
