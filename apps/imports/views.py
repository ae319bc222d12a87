"""Import views: upload, preview and mapping, progress (polled by HTMX), undo.

Every import is fetched through ``imports_for(user)``: a stranger gets 404.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.http import AuthedHttpRequest
from apps.imports import matching, parsing, selectors, services
from apps.imports.forms import MappingForm, UploadForm
from apps.imports.models import Import

PAGE = "imports/import.html"


def _import_or_404(request: AuthedHttpRequest, pk: int) -> Import:
    return get_object_or_404(selectors.imports_for(request.user), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: AuthedHttpRequest) -> HttpResponse:
    form = UploadForm(
        request.POST or None, request.FILES or None, initial={"unit": request.user.units}
    )
    problem: parsing.ImportFileError | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = services.import_upload(
                user=request.user,
                data=upload.read(),
                filename=upload.name or "",
                unit=form.cleaned_data["unit"],
            )
        except parsing.ImportFileError as error:
            problem = error
        else:
            return redirect("imports:import", pk=created.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "imports/start.html",
        {
            "section": "history",
            "form": form,
            "problem": problem,
            "imports": selectors.recent_imports(request.user),
            "max_mb": parsing.MAX_BYTES // 1_048_576,
            "max_rows": parsing.MAX_ROWS,
        },
        status=status,
    )


def _preview_context(request: AuthedHttpRequest, import_run: Import) -> dict[str, Any]:
    parsed = services.parsed_file(import_run)
    names = parsed.sets_per_exercise()
    exercises = services.library(request.user)
    proposals = services.proposals_for(request.user, parsed, exercises)
    form = MappingForm(
        request.POST or None,
        names=names,
        proposals=proposals,
        exercises=exercises,
        measures=services.measures_in_file(parsed),
        library_names={matching.normalise(e.name): e.name for e in exercises if not e.is_own},
        own_names={matching.normalise(e.name): e.name for e in exercises if e.is_own},
    )
    kinds = Counter(s.kind for s in parsed.sets)
    return {
        "parsed": parsed,
        "format_name": parsing.FORMAT_NAMES[parsed.format],
        "form": form,
        "warmups": kinds[parsing.WARMUP],
        "drops": kinds[parsing.DROP],
        "failures": kinds[parsing.FAILURE],
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    import_run = _import_or_404(request, pk)
    context: dict[str, Any] = {"section": "history", "import_run": import_run}
    if import_run.state == Import.State.PREVIEW:
        context |= _preview_context(request, import_run)
        form: MappingForm = context["form"]
        if request.method == "POST" and form.is_valid():
            services.import_confirm(import_run=import_run, mapping=form.mapping())
            return redirect("imports:import", pk=import_run.pk)
    elif request.method == "POST":
        return redirect("imports:import", pk=import_run.pk)
    return render(request, PAGE, context)


@login_required
@require_GET
def import_progress(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    import_run = _import_or_404(request, pk)
    context = {"import_run": import_run}
    if request.htmx:
        return render(request, f"{PAGE}#progress", context)
    return redirect("imports:import", pk=import_run.pk)


@login_required
@require_POST
def import_undo(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    import_run = _import_or_404(request, pk)
    services.import_undo(import_run=import_run)
    return redirect("imports:import", pk=import_run.pk)


@login_required
@require_POST
def import_discard(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    import_run = _import_or_404(request, pk)
    if services.import_discard(import_run=import_run):
        messages.info(request, "Nothing was imported from that file.")
    return redirect("imports:start")
