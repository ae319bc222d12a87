"""The page shell's addresses: what every page links to."""

from __future__ import annotations

from django.templatetags.static import static
from django.test import RequestFactory
from django.urls import clear_script_prefix, reverse, set_script_prefix

from apps.core.context_processors import NAVIGATION, steady


def test_the_navigation_links_each_section_by_its_url_name() -> None:
    navigation = steady(RequestFactory().get("/"))["navigation"]
    assert [(label, url, key) for label, url, key in navigation] == [
        (label, reverse(name), key) for label, name, key in NAVIGATION
    ]


def test_the_shell_links_the_same_addresses_as_reverse_and_static() -> None:
    shell = steady(RequestFactory().get("/"))["shell_urls"]
    assert shell["crisis"] == reverse("safety:crisis")
    assert shell["logout"] == reverse("account_logout")
    assert shell["css"] == static("css/steady.css")


def test_a_site_served_under_a_prefix_links_under_it() -> None:
    crisis, today = reverse("safety:crisis"), reverse("programs:today")
    set_script_prefix("/steady/")
    try:
        context = steady(RequestFactory().get("/"))
    finally:
        clear_script_prefix()
    assert context["shell_urls"]["crisis"] == "/steady" + crisis
    assert {key: url for _, url, key in context["navigation"]}["today"] == "/steady" + today
    # Back at the root, the root's addresses again.
    assert steady(RequestFactory().get("/"))["shell_urls"]["crisis"] == crisis
