"""Entries: their fields, the one save path, citations, Markdown, the privacy scan, the editor."""
