"""Making a sibling group is a search step, not a checkbox for every child:
the worker searches by name, date of birth or case reference, adds the
children one at a time (each shown with their reference, date of birth and
authority), removes one if need be, then saves. Every button posts the whole
form, so nothing typed is lost, and it all works without JavaScript. Only the
caller's own authority's children are found; a child outside it is "not
found" (404), whatever id is sent."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone

from nas.audit.models import AuditEvent
from nas.children.models import Child, SiblingGroup
from nas.core.forms import CHOOSER_LIMIT

pytestmark = pytest.mark.django_db

URL = "/children/sibling-groups/new/"


def _added(page: str) -> list[str]:
    return re.findall(r'<input type="hidden" name="children" value="(\d+)">', page)


def _offered(page: str) -> list[str]:
    return re.findall(r'name="add" value="(\d+)"', page)


def _post(client, **fields):
    data = {"name": "", "child-q": "", "placed_together": "", "reason_apart": "", **fields}
    return client.post(URL, data)


@pytest.fixture
def evans(make_child):
    return [
        make_child(first_names="Mali", last_name="Evans", born=date(2019, 3, 27), case_reference="CDF-1003"),
        make_child(first_names="Osian", last_name="Evans", born=date(2021, 6, 1), case_reference="CDF-1004"),
        make_child(first_names="Mali", last_name="Evans", born=date(2016, 1, 9), case_reference="CDF-0007"),
    ]


def test_the_page_lists_no_child_until_a_search_and_no_checkbox_at_all(evans, client_for):
    page = client_for("sw.cardiff").get(URL).content.decode()
    assert 'type="checkbox"' not in page
    assert _offered(page) == [] and _added(page) == []
    assert "No child is in the group yet: search for the first below." in page
    assert '<label class="govuk-label" for="id_children">Search for a child</label>' in page


def test_a_search_lists_each_match_with_reference_date_of_birth_and_authority(evans, client_for):
    client = client_for("sw.cardiff")
    page = client.get(URL + "?child-q=mali+evans").content.decode()
    assert "2 matches for “mali evans”" in page
    assert sorted(_offered(page)) == sorted([str(evans[0].pk), str(evans[2].pk)])
    # Two children of one name are told apart by their reference and date of birth.
    for reference, born in (("CDF-1003", "27 March 2019"), ("CDF-0007", "9 January 2016")):
        assert re.search(
            rf'<td class="govuk-table__cell">{reference}</td>\s*<td class="govuk-table__cell">{born}</td>\s*'
            r'<td class="govuk-table__cell">Cardiff',
            page,
        )
    assert _offered(client.get(URL + "?child-q=1+6+2021").content.decode()) == [str(evans[1].pk)]
    assert _offered(client.get(URL + "?child-q=cdf-0007").content.decode()) == [str(evans[2].pk)]


def test_children_are_added_one_at_a_time_removed_and_the_group_saved(evans, client_for):
    client = client_for("sw.cardiff")
    mali, osian, other_mali = evans
    page = _post(client, name="The Evans children", **{"child-q": "evans", "add": mali.pk}).content.decode()
    assert _added(page) == [str(mali.pk)]
    assert str(mali.pk) not in _offered(page)  # the chosen child is not offered again
    assert 'value="The Evans children"' in page  # what was typed is kept
    assert "1 child in the group: add at least one more." in page
    assert "govuk-error-summary" not in page
    page = _post(client, name="The Evans children", children=[mali.pk], add=other_mali.pk).content.decode()
    page = _post(
        client, name="The Evans children", children=[mali.pk, other_mali.pk], add=osian.pk
    ).content.decode()
    assert _added(page) == [str(mali.pk), str(other_mali.pk), str(osian.pk)]
    assert "3 children in the group." in page
    page = _post(
        client, name="The Evans children", children=[mali.pk, other_mali.pk, osian.pk], remove=other_mali.pk
    ).content.decode()
    assert _added(page) == [str(mali.pk), str(osian.pk)]
    assert not SiblingGroup.objects.exists()
    response = _post(client, name="The Evans children", children=[mali.pk, osian.pk], placed_together="yes")
    group = SiblingGroup.objects.get()
    assert response.status_code == 302
    assert set(group.children.all()) == {mali, osian}
    assert Child.objects.get(pk=other_mali.pk).sibling_group is None


def test_saving_with_one_child_asks_for_a_second_and_links_to_the_search_box(evans, client_for):
    page = _post(
        client_for("sw.cardiff"), name="Just one", children=[evans[0].pk], placed_together="yes"
    ).content.decode()
    assert '<a href="#id_children">Choose at least two children for a sibling group</a>' in page
    assert _added(page) == [str(evans[0].pk)]
    assert not SiblingGroup.objects.exists()


def test_a_colleague_of_the_authority_finds_and_groups_the_same_children(evans, client_for):
    client = client_for("tm.cardiff")
    assert len(_offered(client.get(URL + "?child-q=evans").content.decode())) == 3
    _post(client, name="Evans", children=[evans[0].pk, evans[1].pk], placed_together="yes")
    assert SiblingGroup.objects.get().children.count() == 2


def test_an_outsider_finds_none_of_the_authoritys_children_and_adding_one_is_not_found(evans, client_for):
    client = client_for("sw.wrexham")
    page = client.get(URL + "?child-q=evans").content.decode()
    assert "0 matches for “evans”" in page and _offered(page) == []
    assert _post(client, name="Taken", add=evans[0].pk).status_code == 404
    saving = _post(client, name="Taken", children=[evans[0].pk, evans[1].pk], placed_together="yes")
    assert saving.status_code == 404
    assert _post(client, name="Taken", add="not-a-number").status_code == 404
    assert not SiblingGroup.objects.exists()


def test_a_child_in_a_group_or_adopted_is_never_offered(evans, make_child, client_for):
    client = client_for("sw.cardiff")
    _post(client, name="Evans", children=[evans[0].pk, evans[1].pk], placed_together="yes")
    Child.objects.filter(pk=evans[2].pk).update(restricted_at=timezone.now())
    page = client.get(URL + "?child-q=evans").content.decode()
    assert _offered(page) == []
    assert _post(client, name="Again", add=evans[2].pk).status_code == 404


def test_a_long_list_shows_a_page_of_matches_and_each_one_listed_is_an_audited_read(make_child, client_for):
    children = [make_child(last_name="Price") for _ in range(CHOOSER_LIMIT + 3)]
    page = client_for("sw.cardiff").get(URL + "?child-q=price").content.decode()
    assert len(_offered(page)) == CHOOSER_LIMIT
    assert f"{CHOOSER_LIMIT + 3} matches for “price”" in page
    assert "add to the search to narrow it" in page
    listed = AuditEvent.objects.filter(
        record_type="children.child", detail__listed_in="children:sibling-group-create"
    )
    assert listed.count() == CHOOSER_LIMIT
    assert {e.record_id for e in listed} <= {str(c.pk) for c in children}
