from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import Action
from accounts.forms import AssignmentForm, UserCreateForm
from accounts.people import pick_people
from accounts.provisioning import setup_link
from accounts.scoping import NOT_FOUND, get_visible_or_404, require_some_reach
from accounts.selectors import has_api_token, managed_assignments, managed_user, user_list
from accounts.services import assignment_create, assignment_revoke, token_create, token_revoke, user_create
from core.errors import ApplicationError

USERS_PER_PAGE = 50


def _apply_error(form, exc: ApplicationError):
    form.add_error(None, exc.message)
    for field, errors in exc.extra.items():
        for error in errors if isinstance(errors, list) else [errors]:
            form.add_error(field if field in form.fields else None, error)


@login_required
def token_page(request: HttpRequest):
    return render(request, "accounts/token.html", {"has_token": has_api_token(user=request.user)})


@login_required
@require_POST
def token_create_view(request: HttpRequest):
    token = token_create(user=request.user)
    # The key is shown once, on this response only.
    return render(request, "accounts/token.html", {"has_token": True, "new_key": token.key})


@login_required
@require_POST
def token_revoke_view(request: HttpRequest):
    token_revoke(user=request.user)
    messages.success(request, _("Your API token was revoked."))
    return redirect("token")


@login_required
def user_list_view(request: HttpRequest):
    require_some_reach(request.user, Action.MANAGE_USERS)
    q = request.GET.get("q", "").strip()
    page = Paginator(user_list(user=request.user, query=q), USERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"users": page, "page": page, "q": q})


@login_required
def user_create_view(request: HttpRequest):
    require_some_reach(request.user, Action.MANAGE_USERS)
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            _apply_error(form, exc)
        else:
            link = setup_link(user, request.build_absolute_uri("/"))
            return render(request, "accounts/user_created.html", {"new_user": user, "link": link})
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_detail_view(request: HttpRequest, username: str):
    require_some_reach(request.user, Action.MANAGE_USERS)
    person = managed_user(user=request.user, username=username)
    if person is None:
        raise Http404(NOT_FOUND)
    form = AssignmentForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            assignment_create(actor=request.user, user=person, **form.cleaned_data)
        except ApplicationError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("Assignment added."))
            return redirect("user_detail", username=person.username)
    return render(request, "accounts/user_detail.html", {"person": person, "form": form})


@login_required
@require_POST
def assignment_revoke_view(request: HttpRequest, pk: int):
    assignment = get_visible_or_404(managed_assignments(user=request.user), request.user, Action.MANAGE_USERS, pk=pk)
    try:
        assignment_revoke(actor=request.user, assignment=assignment)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Assignment revoked."))
    return redirect("user_detail", username=assignment.user.username)


@login_required
def person_pick(request: HttpRequest):
    """The person picker's suggestions (accounts/people.py) as JSON: people the caller can see whom the
    field would accept for the `region` it is about."""
    get = request.GET
    people = pick_people(
        user=request.user,
        q=get.get("q", "").strip()[:100],
        region=get.get("region", "").strip()[:20],
        mode=get.get("mode", "sees"),
    )
    return JsonResponse({"results": people})
