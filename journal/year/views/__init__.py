"""The year's pages: the dashboard and entry list, readiness and the copy view, imports."""
