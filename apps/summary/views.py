"""The clinician summary (print-friendly page and PDF), its share links, and the public
page a share link opens."""

from __future__ import annotations

from typing import Any

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.http import AuthedHttpRequest
from apps.summary import selectors, services, wording
from apps.summary.forms import ShareLinkForm, SummaryOptionsForm
from apps.summary.models import ShareLink
from apps.summary.pdf import summary_pdf
from apps.summary.selectors import Sections, Summary


def _private(response: HttpResponse) -> HttpResponse:
    """A summary is never stored by a browser or proxy, nor indexed."""
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _shared(response: HttpResponse) -> HttpResponse:
    """A shared link's page is also never named in a Referer header when a link on it
    is followed, so its token stays in the address bar it was typed into. (Not on the
    person's own pages: with no referrer, browsers send a null Origin with their forms,
    which Django's CSRF check refuses.)"""
    response["Referrer-Policy"] = "no-referrer"
    return _private(response)


def _pdf_response(summary: Summary) -> HttpResponse:
    """The PDF as a download; the caller adds the headers of the page it stands for."""
    f = summary.figures
    response = HttpResponse(summary_pdf(summary), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="steady-summary-{f.start:%Y-%m-%d}-to-{f.end:%Y-%m-%d}.pdf"'
    )
    return response


def _document_context(summary: Summary, *, title_level: int) -> dict[str, Any]:
    """What ``summary/_document.html`` shows, its sentences from ``wording`` (as in the
    PDF). ``title_level`` is the heading level of its title; sections sit one below."""
    f = summary.figures
    return {
        "summary": summary,
        "figures": f,
        "wording": wording,
        "title_level": title_level,
        "h": title_level + 1,
        "charts": summary.charts,
        "attendance_text": wording.attendance_text(f),
        "who5_line": wording.who5_line(f),
        "guidance_lines": [wording.guidance_line(p) for p in f.guidance],
        "week_rows": wording.week_rows(f),
    }


@login_required
@require_GET
def summary(request: AuthedHttpRequest) -> HttpResponse:
    """Choose a range and sections; see the summary as it prints."""
    form = SummaryOptionsForm.from_query(request.GET, today=request.user.local_today())
    context: dict[str, Any] = {"section": "settings", "form": form}
    status = 200
    if form.is_valid():
        data = selectors.summary_for(
            request.user,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            sections=form.sections,
        )
        context |= _document_context(data, title_level=2)
        context["query"] = request.GET.urlencode()
    else:
        status = 400
    return _private(render(request, "summary/summary.html", context, status=status))


@login_required
@require_GET
def summary_download(request: AuthedHttpRequest) -> HttpResponse:
    form = SummaryOptionsForm.from_query(request.GET, today=request.user.local_today())
    if not form.is_valid():
        context = {"section": "settings", "form": form}
        return _private(render(request, "summary/summary.html", context, status=400))
    data = selectors.summary_for(
        request.user,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        sections=form.sections,
    )
    return _private(_pdf_response(data))


def _links_context(request: AuthedHttpRequest, form: ShareLinkForm) -> dict[str, Any]:
    links = list(selectors.share_links_for(request.user))
    openings = selectors.openings_for(links)
    return {
        "section": "settings",
        "form": form,
        "links": [(link, openings[link.pk]) for link in links],
    }


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def links(request: AuthedHttpRequest) -> HttpResponse:
    """Share links: the person's links with their access log, and a form for a new one.
    Making a link asks for the password again, as the data export does."""
    today = request.user.local_today()
    if request.method != "POST":
        form = ShareLinkForm(today=today, initial={"expires_in_days": 7})
        return _private(render(request, "summary/links.html", _links_context(request, form)))
    form = ShareLinkForm(request.POST, today=today)
    if not form.is_valid():
        context = _links_context(request, form)
        return _private(render(request, "summary/links.html", context, status=400))
    link, token = services.share_link_create(
        user=request.user,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        sections=form.sections,
        expires_in_days=form.cleaned_data["expires_in_days"],
    )
    # The token exists only in this response: it is never stored, so it is shown now.
    url = request.build_absolute_uri(reverse("summary:shared", kwargs={"token": token}))
    context = {"section": "settings", "link": link, "url": url}
    return _private(render(request, "summary/link_created.html", context))


@login_required
@require_POST
def link_revoke(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(selectors.share_links_for(request.user), pk=pk)
    services.share_link_revoke(link=link)
    messages.success(request, "The link is switched off. Nobody can open it any more.")
    return redirect("summary:links")


def _shared_summary(request: HttpRequest, token: str, format: str) -> Summary | HttpResponse:
    link = selectors.open_link_for_token(token)
    if link is None:
        # Unknown, altered, expired and revoked tokens all look the same.
        return _shared(render(request, "summary/shared_unavailable.html", status=404))
    services.share_link_record_opening(link=link, format=format)
    return selectors.summary_for(
        link.user, start=link.start_date, end=link.end_date, sections=Sections.of_link(link)
    )


@require_GET
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """The summary a share link opens: no login, the token is the key."""
    found = _shared_summary(request, token, ShareLink.Format.PAGE)
    if isinstance(found, HttpResponse):
        return found
    context = _document_context(found, title_level=1) | {"token": token}
    return _shared(render(request, "summary/shared.html", context))


@require_GET
def shared_download(request: HttpRequest, token: str) -> HttpResponse:
    found = _shared_summary(request, token, ShareLink.Format.PDF)
    if isinstance(found, HttpResponse):
        return found
    return _shared(_pdf_response(found))
