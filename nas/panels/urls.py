from django.urls import path

from nas.panels import views

app_name = "panels"

urlpatterns = [
    path("panels/", views.meeting_list, name="list"),
    path("panels/new/", views.meeting_create, name="create"),
    path("panels/central-list/", views.central_list, name="central-list"),
    path("panels/central-list/new/", views.central_add, name="central-add"),
    path("panels/central-list/<int:member_pk>/", views.central_edit, name="central-edit"),
    path("panels/central-list/<int:member_pk>/leave/", views.central_leave, name="central-leave"),
    path(
        "panels/decisions/<str:record_type>/<int:record_id>/",
        views.subject_decision,
        name="subject-decision",
    ),
    path("panels/<int:pk>/", views.meeting_detail, name="detail"),
    path("panels/<int:pk>/members/new/", views.member_add, name="member-add"),
    path(
        "panels/<int:pk>/members/<int:member_pk>/attendance/",
        views.member_attendance,
        name="member-attendance",
    ),
    path("panels/<int:pk>/items/new/", views.item_add, name="item-add"),
    path("panels/<int:pk>/items/<int:item_pk>/recommendation/", views.recommendation, name="recommendation"),
    path("panels/<int:pk>/items/<int:item_pk>/decision/", views.decision, name="decision"),
    path("panels/<int:pk>/minutes/", views.minutes, name="minutes"),
]
