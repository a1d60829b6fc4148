from django.urls import path

from nas.casework import views

app_name = "casework"

urlpatterns = [
    path("casework/my-cases/", views.my_cases, name="my-cases"),
    path("casework/caseload/", views.caseload, name="caseload"),
    path("casework/caseload/<slug:section>/", views.caseload_section, name="caseload-section"),
    path("casework/my-tasks/", views.my_tasks, name="my-tasks"),
    path("casework/of/<str:record_type>/<int:record_id>/allocation/", views.allocation, name="allocation"),
    path("casework/of/<str:record_type>/<int:record_id>/notes/", views.note_list, name="notes"),
    path("casework/of/<str:record_type>/<int:record_id>/notes/new/", views.note_create, name="note-create"),
    path("casework/of/<str:record_type>/<int:record_id>/tasks/new/", views.task_create, name="task-create"),
    path(
        "casework/of/<str:record_type>/<int:record_id>/chronology/", views.chronology_page, name="chronology"
    ),
    path(
        "casework/of/<str:record_type>/<int:record_id>/chronology.pdf",
        views.chronology_pdf,
        name="chronology-pdf",
    ),
    path("casework/notes/<int:pk>/", views.note_detail, name="note-detail"),
    path("casework/notes/<int:pk>/edit/", views.note_edit, name="note-edit"),
    path("casework/notes/<int:pk>/addendum/", views.note_addendum, name="note-addendum"),
    path("casework/notes/<int:pk>/archive/", views.note_archive, name="note-archive"),
    path("casework/tasks/<int:pk>/", views.task_detail, name="task-detail"),
]
