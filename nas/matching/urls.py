from django.urls import path

from nas.matching import views

app_name = "matching"

urlpatterns = [
    path("family-finding/profiles/", views.profile_list, name="profile-list"),
    path("family-finding/profiles/<int:pk>/", views.profile_detail, name="profile-detail"),
    path("family-finding/profiles/<int:pk>/edit/", views.profile_edit, name="profile-edit"),
    path("family-finding/profiles/<int:pk>/publish/", views.profile_publish, name="profile-publish"),
    path("family-finding/register/", views.register_summary, name="register-summary"),
    path("family-finding/weights/", views.weights, name="weights"),
    path("family-finding/weights/change/", views.weights_change, name="weights-change"),
    path("family-finding/fees/", views.fee_list, name="fees"),
    path("family-finding/fees/new/", views.fee_create, name="fee-create"),
]
