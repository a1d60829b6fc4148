"""Pages for adoption panels and the decision maker's decisions. Each view
parses input, calls one service or selector through the access layer, and
renders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nas.access.lookup import get_for_user, require
from nas.core.errors import add_errors
from nas.core.forms import is_search, keep_quiet
from nas.core.http import AuthenticatedRequest
from nas.core.records import StaleRecordError
from nas.panels import selectors, services, subjects
from nas.panels.forms import (
    CentralMemberForm,
    ChooseMembersForm,
    DecisionForm,
    ItemForm,
    KindForm,
    LeaveForm,
    MeetingForm,
    MinutesForm,
    RecommendationForm,
)
from nas.panels.models import AgendaItem, CentralMember, Decision, ItemKind, Meeting, PanelRole
from nas.panels.policies import central_members as central_policy
from nas.panels.policies import may_decide
from nas.panels.policies import meetings as policy


def _meeting(request: AuthenticatedRequest, pk: int, action: str = "view") -> Meeting:
    return get_for_user(
        request.user, policy, pk=pk, action=action, queryset=Meeting.objects.select_related("organisation")
    )


def _item(meeting: Meeting, item_pk: int) -> AgendaItem:
    item = meeting.items.filter(pk=item_pk).first()
    if item is None:
        raise Http404
    item.meeting = meeting
    return item


@require_GET
def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, policy, "list")
    return render(
        request,
        "panels/list.html",
        {
            "meetings": list(selectors.meeting_list(user=request.user)[:200]),
            "can_create": policy.can(request.user, "create"),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, policy, "create")
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(
            actor=request.user,
            organisation_id=request.user.organisation_id,
            when=form.cleaned_data["date"],
            venue=form.cleaned_data["venue"],
        )
        messages.success(request, _("The panel meeting is set up."))
        return redirect("panels:detail", pk=meeting.pk)
    return render(request, "panels/form.html", {"form": form, "title": _("Set up a panel meeting")})


@require_GET
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    members = list(meeting.members.all())
    items = list(meeting.items.select_related("decision__decided_by").order_by("position"))
    today = timezone.localdate()
    rows = []
    for item in items:
        item.meeting = meeting
        subject = subjects.get(item.subject_type)
        decision = getattr(item, "decision", None) if hasattr(item, "decision") else None
        due = services.decision_due(item)
        rows.append(
            {
                "item": item,
                "decision": decision,
                "due": due,
                "overdue": bool(due and decision is None and today > due),
                # A match is decided by the child's authority, on the match's own page.
                "decides": bool(subject and subject.decided_by is None and item.kind != "child_case"),
            }
        )
    manage = policy.can(request.user, "manage", meeting)
    return render(
        request,
        "panels/detail.html",
        {
            "meeting": meeting,
            "members": members,
            "quorum": services.quorum(meeting, members),
            "rows": rows,
            "can_manage": manage and not meeting.minutes_are_final,
            # Who sat and who was present is fixed once the panel has recommended on anything.
            "membership_open": manage
            and not meeting.minutes_are_final
            and not any(item.recommendation for item in items),
            "can_decide": may_decide(request.user),
            "all_recommended": bool(items) and all(i.recommendation for i in items),
        },
    )


@require_http_methods(["GET", "POST"])
def member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Choose the meeting's members from the central list (no typing)."""
    meeting = _meeting(request, pk, "manage")
    sitting = set(meeting.members.values_list("central_member_id", flat=True))
    on_list = list(selectors.central_list_on(organisation_id=meeting.organisation_id, day=meeting.date))
    available = [m for m in on_list if m.pk not in sitting]
    has_chair = meeting.members.filter(role=PanelRole.CHAIR).exists()
    form = ChooseMembersForm(
        request.POST if request.method == "POST" else None,
        available=available,
        chairs=None if has_chair else selectors.chair_candidates(available),
        initial={"version": meeting.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.members_choose(
                actor=request.user,
                meeting=meeting,
                central_member_ids=form.cleaned_data["members"],
                chair_id=form.cleaned_data.get("chair"),
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The members are chosen."))
            return redirect("panels:detail", pk=meeting.pk)
    return render(
        request,
        "panels/choose_members.html",
        {
            "form": form,
            "title": _("Choose the members of this meeting"),
            "meeting": meeting,
            "available": available,
            "can_keep_list": central_policy.can(request.user, "manage"),
        },
    )


@require_GET
def central_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, central_policy, "list")
    people = list(selectors.central_list(user=request.user))
    return render(
        request,
        "panels/central_list.html",
        {
            "current": [m for m in people if m.left_on is None],
            "left": [m for m in people if m.left_on is not None],
            "can_manage": central_policy.can(request.user, "manage"),
        },
    )


def _central_member(request: AuthenticatedRequest, member_pk: int) -> CentralMember:
    return get_for_user(request.user, central_policy, pk=member_pk, action="manage")


@require_http_methods(["GET", "POST"])
def central_add(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, central_policy, "create")
    form = CentralMemberForm(
        request.POST if request.method == "POST" else None, initial={"joined_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.central_member_add(actor=request.user, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(name)s is on the central list.") % {"name": data["name"]})
            return redirect("panels:central-list")
    return render(
        request, "panels/central_form.html", {"form": form, "title": _("Add a person to the central list")}
    )


@require_http_methods(["GET", "POST"])
def central_edit(request: AuthenticatedRequest, member_pk: int) -> HttpResponse:
    member = _central_member(request, member_pk)
    form = CentralMemberForm(
        request.POST if request.method == "POST" else None,
        initial={
            "version": member.version,
            "name": member.name,
            "role": member.role,
            "independent": "yes" if member.independent else "no",
            "joined_on": member.joined_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.central_member_update(
                actor=request.user,
                member=member,
                expected_version=version if version is not None else member.version,
                **data,
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The entry is changed."))
            return redirect("panels:central-list")
    return render(
        request,
        "panels/central_form.html",
        {
            "form": form,
            "title": _("Change an entry on the central list"),
            "member": member,
            "intro": _("Meetings they have already sat on keep the name and role they sat with."),
        },
    )


@require_http_methods(["GET", "POST"])
def central_leave(request: AuthenticatedRequest, member_pk: int) -> HttpResponse:
    member = _central_member(request, member_pk)
    form = LeaveForm(
        request.POST if request.method == "POST" else None,
        initial={"version": member.version, "left_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        try:
            services.central_member_leave(
                actor=request.user,
                member=member,
                left_on=form.cleaned_data["left_on"],
                expected_version=version if version is not None else member.version,
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(name)s has left the central list.") % {"name": member.name})
            return redirect("panels:central-list")
    return render(
        request,
        "panels/central_form.html",
        {"form": form, "title": _("Record that they left the central list"), "member": member},
    )


@require_POST
def member_attendance(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "manage")
    member = meeting.members.filter(pk=member_pk).first()
    if member is None:
        raise Http404
    member.meeting = meeting
    version = request.POST.get("version", "")
    try:
        services.member_set_present(
            actor=request.user,
            member=member,
            present=request.POST.get("present") == "yes",
            expected_version=int(version) if version.isdigit() else None,
        )
    except StaleRecordError:
        messages.error(request, StaleRecordError.message)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    return redirect("panels:detail", pk=meeting.pk)


@require_http_methods(["GET", "POST"])
def item_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "manage")
    kind = (request.POST if request.method == "POST" else request.GET).get("kind", "")
    if request.method == "GET" and kind not in ItemKind.values:
        step = KindForm(request.GET if "kind" in request.GET else None)
        step.is_valid()
        return render(
            request,
            "panels/item_kind.html",
            {"form": step, "title": _("Add to the agenda"), "meeting": meeting},
        )
    form = ItemForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        kind=kind,
        initial={"version": meeting.version, "kind": kind},
    )
    if is_search(request):
        keep_quiet(form)
    elif request.method == "POST" and form.is_valid():
        record_type, record_id = form.subject_key()
        try:
            services.item_add(
                actor=request.user,
                meeting=meeting,
                kind=form.cleaned_data["kind"],
                subject_type=record_type,
                subject_id=record_id,
                papers_received_on=form.cleaned_data["papers_received_on"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The item is on the agenda."))
            return redirect("panels:detail", pk=meeting.pk)
    return render(
        request,
        "panels/item_form.html",
        {
            "form": form,
            "title": _("Add to the agenda"),
            "meeting": meeting,
            "kind": dict(ItemKind.choices).get(kind, ""),
        },
    )


@require_http_methods(["GET", "POST"])
def recommendation(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "manage")
    item = _item(meeting, item_pk)
    form = RecommendationForm(
        request.POST if request.method == "POST" else None, initial={"version": meeting.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_record(
                actor=request.user,
                item=item,
                recommendation=form.cleaned_data["recommendation"],
                reasons=form.cleaned_data["reasons"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The panel's recommendation is recorded."))
            return redirect("panels:detail", pk=meeting.pk)
    return render(
        request,
        "panels/form.html",
        {"form": form, "title": _("Record the panel's recommendation"), "meeting": meeting, "item": item},
    )


@require_http_methods(["GET", "POST"])
def minutes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "manage")
    form = MinutesForm(
        request.POST if request.method == "POST" else None,
        initial={"minutes": meeting.minutes, "final_on": timezone.localdate(), "version": meeting.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_finalise(
                actor=request.user,
                meeting=meeting,
                minutes=form.cleaned_data["minutes"],
                final_on=form.cleaned_data["final_on"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The minutes are final and sent to the decision maker."))
            return redirect("panels:detail", pk=meeting.pk)
    return render(
        request,
        "panels/form.html",
        {
            "form": form,
            "title": _("Finalise the minutes"),
            "meeting": meeting,
            "intro": _(
                "Once final, the minutes and papers go to the agency decision maker, whose timescale "
                "runs from the date you give. The agenda is then closed."
            ),
        },
    )


def _decide(
    request: AuthenticatedRequest, record_type: str, record_id: int, item: AgendaItem | None, back: str
) -> HttpResponse:
    subject, record = subjects.resolve(request.user, record_type, record_id)
    if not may_decide(request.user) or subject.decided_by is not None:
        raise PermissionDenied
    outcomes = services.outcomes_for(subject, record, item)
    if not outcomes or (item is not None and Decision.objects.filter(agenda_item=item).exists()):
        raise Http404
    subjects.audit_read(request.user, record_type, record)
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        outcomes=outcomes,
        initial={"decided_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(
                actor=request.user,
                subject_type=record_type,
                subject_id=record_id,
                agenda_item=item,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your decision is recorded."))
            return redirect(back)
    return render(
        request,
        "panels/decision.html",
        {
            "form": form,
            "item": item,
            "subject_label": subject.describe(record),
            "subject_url": subject.url(record) if subject.url else "",
            "due": services.decision_due(item) if item is not None else None,
            "back": back,
        },
    )


@require_http_methods(["GET", "POST"])
def decision(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "record_decision")
    item = _item(meeting, item_pk)
    return _decide(request, item.subject_type, item.subject_id, item, f"/panels/{meeting.pk}/")


@require_http_methods(["GET", "POST"])
def subject_decision(request: AuthenticatedRequest, record_type: str, record_id: int) -> HttpResponse:
    subject, record = subjects.resolve(request.user, record_type, record_id)
    back = subject.url(record) if subject.url else "/"
    return _decide(request, record_type, record_id, None, back)
