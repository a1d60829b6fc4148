import pytest

from nas.organisations.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db


def test_the_database_holds_one_nation_five_regions_and_22_authorities():
    assert Organisation.objects.filter(kind=OrganisationKind.NATIONAL).count() == 1
    assert Organisation.objects.regions().count() == 5
    assert Organisation.objects.local_authorities().count() == 22


def test_every_region_has_a_lead_authority_from_among_its_own():
    for region in Organisation.objects.regions().select_related("lead_authority"):
        assert region.lead_authority is not None, region.code
        assert region.lead_authority.region_id == region.pk, region.code


def test_vale_valleys_and_cardiff_is_hosted_by_the_vale_of_glamorgan():
    region = Organisation.objects.get(code="vale-valleys-cardiff")
    assert region.lead_authority.code == "vale-of-glamorgan"
    assert sorted(region.authorities.values_list("code", flat=True)) == [
        "cardiff",
        "merthyr-tydfil",
        "rhondda-cynon-taf",
        "vale-of-glamorgan",
    ]


def test_every_authority_has_an_english_and_a_welsh_name():
    for authority in Organisation.objects.local_authorities():
        assert authority.name_en and authority.name_cy
    assert Organisation.objects.get(code="isle-of-anglesey").name_cy == "Cyngor Sir Ynys Môn"


def test_the_name_follows_the_language_of_the_request():
    from django.utils import translation

    cardiff = Organisation.objects.get(code="cardiff")
    with translation.override("cy"):
        assert cardiff.name == "Cyngor Caerdydd"
    with translation.override("en"):
        assert cardiff.name == "Cardiff Council"


def test_a_local_authority_without_a_region_is_refused():
    from django.core.exceptions import ValidationError

    orphan = Organisation(code="nowhere", kind=OrganisationKind.LOCAL_AUTHORITY, name_en="N", name_cy="N")
    with pytest.raises(ValidationError, match="Choose the region"):
        orphan.full_clean()


def test_voluntary_adoption_agencies_are_reference_data_too():
    assert Organisation.objects.agencies().filter(code="st-davids-childrens-society").exists()
