"""The reports page, included by the workspace under reports/."""

from django.urls import path

from civicspace.report import views

urlpatterns = [path("", views.reports, name="reports")]
