from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nas.accounts.models import StaffRole, User
from nas.audit.models import AuditAction
from nas.audit.services import audit_record


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 1
    fields = ["role"]


class StaffCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "organisation", "first_name", "last_name", "email")


@admin.register(User)
class StaffAdmin(UserAdmin):
    """Administrators create accounts here; there is no self-registration.
    Accounts are deactivated, never deleted, so the audit trail keeps its people."""

    add_form = StaffCreationForm
    add_fieldsets = (
        (
            None,
            {
                "fields": (
                    "username",
                    "organisation",
                    "first_name",
                    "last_name",
                    "email",
                    "password1",
                    "password2",
                )
            },
        ),
    )
    fieldsets = (
        (None, {"fields": ("username", "organisation", "first_name", "last_name", "email")}),
        (_("Sign-in"), {"fields": ("is_active", "failed_sign_ins", "locked_at", "last_login")}),
    )
    # An account leaves the service by archiving, with a reason, on the staff pages.
    readonly_fields = ["is_active", "failed_sign_ins", "locked_at", "last_login"]
    list_display = ["username", "first_name", "last_name", "organisation", "is_active", "locked_at"]
    list_filter = ["organisation__kind", "organisation", "is_active"]
    inlines = [StaffRoleInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: str | None = None) -> Any:
        """A new account signs in only once its authenticator app is set up, through a
        one-time link an administrator creates on the account's staff page."""
        messages.info(
            request,
            format_html(
                gettext(
                    "{name} sets up an authenticator app through a one-time link: "
                    '<a href="{url}">create it on the account\'s page</a>.'
                ),
                name=str(obj),
                url=reverse("accounts:staff-detail", args=[obj.pk]),
            ),
        )
        return super().response_add(request, obj, post_url_continue)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Audit the account and its roles together, once the roles are saved."""
        obj = form.instance
        roles_before = sorted(obj.role_set) if change else []
        super().save_related(request, form, formsets, change)
        obj.refresh_from_db()
        roles_after = sorted(StaffRole.objects.filter(user=obj).values_list("role", flat=True))
        detail: dict[str, Any] = {"changed": sorted(form.changed_data), "via": "administration"}
        if roles_after != roles_before:
            detail["roles"] = {"from": roles_before, "to": roles_after}
        audit_record(
            actor=request.user,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            record_type="accounts.user",
            record_id=obj.pk,
            detail=detail,
        )
