from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from civicspace.web.api import api
from civicspace.web.views import auth, charts, dashboard, lists, records, review, search, upload

pages: list[URLPattern | URLResolver] = [
    path("", dashboard.dashboard, name="dashboard"),
    path("login/", auth.login, name="login"),
    path("logout/", auth.logout, name="logout"),
    path("users/", auth.users, name="users"),
    path("incidents/", lists.listing, {"kind": "incidents"}, name="incidents"),
    path("persons/", lists.listing, {"kind": "persons"}, name="persons"),
    path("organisations/", lists.listing, {"kind": "organisations"}, name="organisations"),
    path("laws/", lists.listing, {"kind": "laws"}, name="laws"),
    path("recommendations/", lists.listing, {"kind": "recommendations"}, name="recommendations"),
    path("documents/", lists.listing, {"kind": "documents"}, name="documents"),
    *[path(f"{kind}/facets/", lists.facets_panel, {"kind": kind}, name=f"{kind}-facets") for kind in lists.LISTINGS],
    path("incidents/<int:pk>/", records.incident, name="incident"),
    path("actors/<int:pk>/", records.actor, name="actor"),
    path("laws/<int:pk>/", records.law, name="law"),
    path("recommendations/<int:pk>/", records.recommendation, name="recommendation"),
    path("documents/<int:pk>/", records.document, name="document"),
    path("evidence/<int:pk>/", records.evidence_target, name="evidence"),
    path("review/", review.queue, name="review"),
    path("<str:kind>/<int:pk>/review/", review.review, name="review-record"),
    path("<str:kind>/<int:pk>/edit/", review.edit, name="edit"),
    path("link-choices/<str:kind>/", review.link_choices, name="link-choices"),
    path("upload/", upload.upload, name="upload"),
    path("jobs/<int:pk>/", upload.job, name="job"),
    path("charts/", charts.charts, name="charts"),
    path("search/", search.search, name="search"),
    path("reports/", include("civicspace.report.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include((pages, "civicspace"))),
]
