"""Signing in and out, and the admins' page for people and their roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from civicspace.store.models import Profile
from civicspace.web.forms import UserForm
from civicspace.web.views.common import administrator

login = views.LoginView.as_view(template_name="civicspace/login.html", redirect_authenticated_user=True)
logout = views.LogoutView.as_view(next_page="civicspace:login")


@administrator
def users(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = get_user_model().objects.create_user(username=data["username"], password=data["password"])
        Profile.objects.create(user=user, role=data["role"], clearance=data["clearance"])
        messages.success(request, _("Added %(name)s.") % {"name": user.username})
        return redirect("civicspace:users")
    people = get_user_model().objects.select_related("profile").order_by("username")
    return render(request, "civicspace/users.html", {"form": form, "people": people})
