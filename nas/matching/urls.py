from django.urls import path

from nas.matching import household_views, link_views, report_views, views

app_name = "matching"

urlpatterns = [
    path("family-finding/profiles/", views.profile_list, name="profile-list"),
    path("family-finding/profiles/<int:pk>/", views.profile_detail, name="profile-detail"),
    path("family-finding/profiles/<int:pk>/edit/", views.profile_edit, name="profile-edit"),
    path("family-finding/profiles/<int:pk>/publish/", views.profile_publish, name="profile-publish"),
    path(
        "family-finding/profiles/<int:pk>/suggestions/", views.profile_suggestions, name="profile-suggestions"
    ),
    path("family-finding/households/", household_views.household_list, name="household-list"),
    path("family-finding/households/<int:pk>/", household_views.household_detail, name="household-detail"),
    path("family-finding/households/<int:pk>/edit/", household_views.household_edit, name="household-edit"),
    path(
        "family-finding/households/<int:pk>/publish/",
        household_views.household_publish,
        name="household-publish",
    ),
    path(
        "family-finding/households/<int:pk>/suggestions/",
        household_views.household_suggestions,
        name="household-suggestions",
    ),
    path("family-finding/links/", link_views.link_list, name="link-list"),
    path("family-finding/links/new/", link_views.link_create, name="link-create"),
    path("family-finding/links/<int:pk>/", link_views.link_detail, name="link-detail"),
    path("family-finding/links/<int:pk>/accept/", link_views.link_accept, name="link-accept"),
    path("family-finding/links/<int:pk>/decline/", link_views.link_decline, name="link-decline"),
    path("family-finding/links/<int:pk>/decision/", link_views.link_decision, name="link-decision"),
    path("family-finding/links/<int:pk>/<slug:step>/", link_views.link_step, name="link-step"),
    path("family-finding/national-plan/", report_views.national_plan, name="national-plan"),
    path("family-finding/equity/", report_views.equity_report, name="equity"),
    path("family-finding/register/", views.register_summary, name="register-summary"),
    path("family-finding/weights/", views.weights, name="weights"),
    path("family-finding/weights/change/", views.weights_change, name="weights-change"),
    path("family-finding/fees/", views.fee_list, name="fees"),
    path("family-finding/fees/new/", views.fee_create, name="fee-create"),
]
