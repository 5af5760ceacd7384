"""Values every page's layout needs, present on every page (error pages included)."""


def navigation(request) -> dict:
    """The current URL's name, for marking the navigation link of the page being shown.

    Error pages answered before URL resolution (400, 404 on a bad path) have none.
    """
    match = getattr(request, "resolver_match", None)
    return {"url_name": match.url_name if match else ""}
