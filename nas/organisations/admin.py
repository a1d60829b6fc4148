from django.contrib import admin
from django.http import HttpRequest

from nas.organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_cy", "kind", "region", "active"]
    list_filter = ["kind", "region", "active"]
    search_fields = ["name_en", "name_cy", "code"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
