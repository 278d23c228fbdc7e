from django.urls import path

from teams import views, views_activities

urlpatterns = [
    # Teams
    path("", views.team_list, name="team_list"),
    path("office/<str:code>/", views.office_detail, name="office_detail"),
    path("office/<str:code>/team/new/", views.team_create, name="team_create"),
    path("<int:pk>/", views.team_detail, name="team_detail"),
    path("<int:pk>/edit/", views.team_update, name="team_update"),
    path("<int:pk>/status/", views.team_status, name="team_status"),
    path("<int:pk>/sk/", views.team_sk_download, name="team_sk_download"),
    path("<int:pk>/export/", views.team_export, name="team_export"),
    # Members and their assignments
    path("<int:pk>/members/new/", views.member_create, name="member_create"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_update, name="member_update"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("members/<int:pk>/assign/", views.assignment_create, name="assignment_create"),
    path("assignments/<int:pk>/done/", views.assignment_done, name="assignment_done"),
    # Activities
    path("office/<str:code>/activities/", views_activities.activity_list, name="activity_list"),
    path("office/<str:code>/activities/new/", views_activities.activity_create, name="activity_create"),
    path("office/<str:code>/activities/export/", views_activities.activity_export, name="activity_export"),
    path("activities/<int:pk>/", views_activities.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views_activities.activity_update, name="activity_update"),
    path("activities/<int:pk>/follow-ups/", views_activities.followup_create, name="followup_create"),
    path("follow-ups/<int:pk>/done/", views_activities.followup_done, name="followup_done"),
    path("activities/<int:pk>/files/", views_activities.activity_file_upload, name="activity_file_upload"),
    path("files/<int:pk>/download/", views_activities.activity_file_download, name="activity_file_download"),
]
