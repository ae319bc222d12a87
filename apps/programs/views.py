from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def today(request: HttpRequest) -> HttpResponse:
    return render(request, "programs/today.html", {"section": "today"})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "programs/mine.html", {"section": "program"})
