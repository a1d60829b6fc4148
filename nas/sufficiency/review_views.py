"""The regional services' annual reviews: drafted by the regional manager,
commented on and approved by the Regional Collaborative Board, then read by
the National Board."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nas.access.lookup import get_for_user, require
from nas.core.errors import add_errors
from nas.core.http import AuthenticatedRequest
from nas.core.records import StaleRecordError
from nas.organisations.models import Organisation
from nas.performance import measures, periods
from nas.performance.policies import managed_region_id
from nas.sufficiency import review_export, services
from nas.sufficiency.models import AnnualReview
from nas.sufficiency.policies import reviews as review_policy


class DraftForm(forms.Form):
    year = forms.CharField(
        label=gettext_lazy("Financial year"),
        help_text=gettext_lazy("For example 2025-26"),
        max_length=7,
        error_messages={"required": gettext_lazy("Enter a financial year such as 2025-26")},
    )
    commentary = forms.CharField(
        label=gettext_lazy("Your commentary (optional)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Enter your comment")},
    )


@require_GET
def review_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, review_policy, "list")
    found = review_policy.scope(request.user).select_related("region")
    return render(
        request,
        "sufficiency/reviews.html",
        {"reviews": found, "drafts": review_policy.can(request.user, "draft")},
    )


@require_http_methods(["GET", "POST"])
def review_new(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, review_policy, "draft")
    region = Organisation.objects.get(pk=int(managed_region_id(request.user) or 0))
    last_year = periods.year_of(periods.year_of(timezone.localdate()).start - timedelta(days=1))
    form = DraftForm(request.POST or None, initial={"year": last_year.code})
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_draft(actor=request.user, region=region, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The review is drafted. The Regional Collaborative Board can now comment.")
            )
            return redirect("sufficiency:review", pk=review.pk)
    return render(
        request,
        "sufficiency/review_new.html",
        {"form": form, "region": region},
        status=400 if request.method == "POST" else 200,
    )


def _review(request: AuthenticatedRequest, pk: int, action: str = "view") -> AnnualReview:
    return get_for_user(
        request.user,
        review_policy,
        pk=pk,
        action=action,
        queryset=AnnualReview.objects.select_related("region", "drafted_by", "approved_by"),
    )


@require_GET
def review_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    return _render_detail(request, review, CommentForm())


def _render_detail(
    request: AuthenticatedRequest, review: AnnualReview, form: CommentForm, status: int = 200
) -> HttpResponse:
    figures = review.figures or {}
    rows = [
        (code, measures.get(code), measures.display(measures.BY_CODE[code], value))
        for code, value in figures.get("measures", {}).items()
        if code in measures.BY_CODE
    ]
    return render(
        request,
        "sufficiency/review.html",
        {
            "review": review,
            "rows": rows,
            "plan": figures.get("plan", {}),
            "ahead": figures.get("forecast", {}),
            "comments": review.comments.select_related("author"),
            "form": form,
            "comments_allowed": review_policy.can(request.user, "comment", review),
            "approves": review_policy.can(request.user, "approve", review),
        },
        status=status,
    )


@require_POST
def review_comment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, "comment")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.review_comment(actor=request.user, review=review, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your comment is added."))
            return redirect("sufficiency:review", pk=review.pk)
    return _render_detail(request, review, form, status=400)


@require_POST
def review_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, "approve")
    try:
        services.review_approve(actor=request.user, review=review)
    except StaleRecordError:
        messages.error(request, str(StaleRecordError.message))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The review is approved and sent to the National Board."))
    return redirect("sufficiency:review", pk=review.pk)


@require_GET
def review_download(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    """The review as PDF or Excel, in English or Welsh (?lang=cy)."""
    review = _review(request, pk)
    language = request.GET.get("lang", "en")
    if fmt not in review_export.FORMATS or language not in review_export.LANGUAGES:
        raise Http404
    content_type = (
        "application/pdf"
        if fmt == "pdf"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(review_export.render(review, fmt, language), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{review_export.filename(review, fmt, language)}"'
    )
    return response
