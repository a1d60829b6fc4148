from django.urls import path

from nas.adopters import views

app_name = "adopters"

urlpatterns = [
    path("adopters/", views.household_list, name="list"),
    path("adopters/new/", views.household_create, name="create"),
    path("adopters/worklist/", views.worklist, name="worklist"),
    path("adopters/enquiries/", views.enquiry_list, name="enquiries"),
    path("adopters/enquiries/<int:pk>/", views.enquiry_detail, name="enquiry-detail"),
    path("adopters/enquiries/<int:pk>/open/", views.enquiry_open, name="enquiry-open"),
    path("adopters/enquiries/<int:pk>/close/", views.enquiry_close, name="enquiry-close"),
    path("adopters/<int:pk>/", views.household_detail, name="detail"),
    path("adopters/<int:pk>/edit/", views.household_edit, name="edit"),
    path("adopters/<int:pk>/members/new/", views.member_add, name="member-add"),
    path("adopters/<int:pk>/members/<int:member_pk>/edit/", views.member_edit, name="member-edit"),
    path("adopters/<int:pk>/approval-range/", views.approval_range, name="approval-range"),
    path("adopters/<int:pk>/milestones/<str:kind>/new/", views.milestone_record, name="milestone-record"),
    path(
        "adopters/<int:pk>/milestones/<int:milestone_pk>/correct/",
        views.milestone_correct,
        name="milestone-correct",
    ),
    path("adopters/<int:pk>/archive/", views.household_archive, name="archive"),
    # Public: no sign-in.
    path("enquire/", views.enquire, name="enquire"),
    path("enquire/thank-you/", views.enquire_thanks, name="enquire-thanks"),
]
