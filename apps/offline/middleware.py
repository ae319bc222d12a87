"""Logging out clears what Steady keeps on the device."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


def clear_site_data_on_logout(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """A successful log-out answers ``Clear-Site-Data: "cache", "storage"``.

    The page's own script has already asked about unsent entries and cleared the caches
    and IndexedDB (static/js/offline.js); this also covers a page without JavaScript or
    with an old script, on a shared phone: the browser drops the kept pages, the queue
    and the service worker itself.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        # Asked before the view runs: a log-out forgets who was signed in.
        signed_in = request.method == "POST" and request.user.is_authenticated
        response = get_response(request)
        # Which view answered, from the URL resolution the request already made.
        match = request.resolver_match
        if (
            signed_in
            and match is not None
            and match.view_name == "account_logout"
            and response.status_code in (301, 302, 303)
        ):
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response

    return middleware
