"""The year's pages: the coverage heatmap, readiness and the copy view, imports."""
