from django.urls import path

from nas.support import views

app_name = "support"

urlpatterns = [
    path("support/", views.caseload, name="caseload"),
    path("support/people/", views.person_list, name="person-list"),
    path("support/people/new/", views.person_create, name="person-create"),
    path("support/people/<int:pk>/", views.person_detail, name="person-detail"),
    path("support/people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("support/cases/new/", views.case_create, name="case-create"),
    path("support/cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("support/cases/<int:pk>/edit/", views.case_edit, name="case-edit"),
    path("support/cases/<int:pk>/assessment/", views.case_assess, name="case-assess"),
    path("support/cases/<int:pk>/decision/", views.case_decide, name="case-decide"),
    path("support/cases/<int:pk>/services/new/", views.case_service, name="case-service"),
    path("support/cases/<int:pk>/plan/", views.case_plan, name="case-plan"),
    path("support/cases/<int:pk>/reviews/new/", views.case_review, name="case-review"),
    path("support/cases/<int:pk>/close/", views.case_close, name="case-close"),
    path("support/letterbox/", views.letterbox_list, name="letterbox-list"),
    path("support/letterbox/new/", views.letterbox_create, name="letterbox-create"),
    path("support/letterbox/<int:pk>/", views.letterbox_detail, name="letterbox-detail"),
    path("support/letterbox/<int:pk>/end/", views.letterbox_end, name="letterbox-end"),
    path("support/letterbox/<int:pk>/workers/", views.letterbox_workers, name="letterbox-workers"),
    path("support/letterbox/<int:pk>/people/new/", views.letterbox_party, name="letterbox-party"),
    path("support/letterbox/<int:pk>/letters/new/", views.letter_create, name="letter-create"),
    path("support/letters/<int:pk>/", views.letter_detail, name="letter-detail"),
    path("support/letters/<int:pk>/check/", views.letter_check, name="letter-check"),
    path("support/letters/<int:pk>/release/", views.letter_release, name="letter-release"),
    path("support/birth-records/", views.birth_records_list, name="birth-records-list"),
    path("support/birth-records/new/", views.birth_records_create, name="birth-records-create"),
    path("support/birth-records/<int:pk>/", views.birth_records_detail, name="birth-records-detail"),
    path(
        "support/birth-records/<int:pk>/counselling/new/",
        views.birth_records_counselling,
        name="birth-records-counselling",
    ),
    path(
        "support/birth-records/<int:pk>/disclosure/",
        views.birth_records_disclosure,
        name="birth-records-disclosure",
    ),
    path("support/intermediary/", views.intermediary_list, name="intermediary-list"),
    path("support/intermediary/new/", views.intermediary_create, name="intermediary-create"),
    path("support/intermediary/<int:pk>/", views.intermediary_detail, name="intermediary-detail"),
    path("support/intermediary/<int:pk>/checks/", views.intermediary_checks, name="intermediary-checks"),
    path("support/intermediary/<int:pk>/outcome/", views.intermediary_outcome, name="intermediary-outcome"),
]
