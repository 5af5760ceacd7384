"""Signals the corpus sends, so apps above it can react without the corpus importing them."""

from django.dispatch import Signal

# Sent inside the import transaction after a source's passages were written, with
# `source`. Receivers return how many of their rows they changed (the import report counts
# them as "citations").
source_reimported = Signal()
