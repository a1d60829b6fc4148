from django.urls import path

from nas.sufficiency import plan_views, review_views, views

app_name = "sufficiency"

urlpatterns = [
    path("sufficiency/", views.index, name="index"),
    path("sufficiency/plans/", plan_views.index, name="plans"),
    path("sufficiency/plans/actions/<int:pk>/progress/", plan_views.progress_page, name="progress"),
    path("sufficiency/plans/<slug:code>/", plan_views.plan_page, name="plan"),
    path("sufficiency/reviews/", review_views.review_list, name="reviews"),
    path("sufficiency/reviews/new/", review_views.review_new, name="review-new"),
    path("sufficiency/reviews/<int:pk>/", review_views.review_detail, name="review"),
    path("sufficiency/reviews/<int:pk>/comment/", review_views.review_comment, name="review-comment"),
    path("sufficiency/reviews/<int:pk>/approve/", review_views.review_approve, name="review-approve"),
    path("sufficiency/reviews/<int:pk>/<slug:fmt>/", review_views.review_download, name="review-download"),
    path("sufficiency/<slug:code>/", views.scope_page, name="scope"),
]
