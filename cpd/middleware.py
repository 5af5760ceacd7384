"""Requests no page could answer: refused with the 400 page before any view runs, or, for a
form's address opened on its own, answered with a page that says where to go."""

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve


class RefuseMalformedRequests:
    """NUL characters in the path or query string (PostgreSQL cannot store or compare them)
    and a body in any character set but UTF-8.

    Django refuses to read a form sent in another character set, and refused again each time
    the error pages' CSRF check read it, which turned every such POST into a 500. Refused
    here, before anything reads the body, with the reason on the 400 page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self._problem(request)
        if problem:
            page = loader.get_template("400.html").render({"problem": problem}, request)
            return HttpResponseBadRequest(page)
        return self.get_response(request)

    @staticmethod
    def _problem(request) -> str:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return "NUL character in the address."
        charset = request.content_params.get("charset") if request.content_params else None
        if charset and charset.lower() != "utf-8":  # what Django's form reading accepts
            return "The form was not sent as UTF-8, the only character set this site reads."
        return ""


class ExplainWrongMethod:
    """A form's address opened on its own (a reloaded or restored tab after sending it) gets
    Django's empty 405; a person gets a page saying nothing was sent, with a link to the page
    the form belongs to (one level up: /review/entries/7/comment/ belongs to /review/entries/7/).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.method not in ("GET", "HEAD"):
            return response
        page = render(request, "405.html", {"back": self._page_above(request.path)}, status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page

    @staticmethod
    def _page_above(path: str) -> str:
        parent = path.rstrip("/").rsplit("/", 1)[0] + "/"
        try:
            resolve(parent)
        except Resolver404:
            return "/"
        return parent
