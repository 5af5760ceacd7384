"""Peer reflection: a colleague confirms the discussion through a link of its own."""
