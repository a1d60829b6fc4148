"""Family finding in the demonstration: the Cardiff children's profiles are
made by the 'should be placed' decisions of nas.children.demo; this
publishes two of them, one to the region and one on the national register,
so each tier has something to see."""

from __future__ import annotations

from nas.accounts.models import User
from nas.matching import services
from nas.matching.models import ChildProfile

PUBLISH = [
    ("CDF-1005", "region", ["language", "contact_plan"]),
    ("CDF-1006", "national", ["ethnicity", "religion"]),
]


def seed_matching() -> int:
    worker = User.objects.get(username="sw.cardiff")
    published = 0
    for reference, target, shared in PUBLISH:
        profile = ChildProfile.objects.filter(
            child__local_authority__code="cardiff", child__case_reference=reference
        ).first()
        if profile is None or profile.is_published_to_region:
            continue
        services.child_profile_update(
            actor=worker,
            profile=profile,
            expected_version=profile.version,
            shared_fields=shared,
            about="",
            avoid_own_authority=True,
            avoid_neighbouring_authorities=False,
        )
        profile.refresh_from_db()
        services.child_profile_publish(
            actor=worker, profile=profile, expected_version=profile.version, target=target
        )
        published += 1
    return published
