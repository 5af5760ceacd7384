"""The journal's forms, one module per area like journal/views/."""
