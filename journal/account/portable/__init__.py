"""Moving an account between installations: the full export (a ZIP with data.json and the
evidence files) and the import that reads it back into another account, all or nothing.

format.py names the format and its limits, export.py writes it, reading.py checks a file
and turns it into unsaved records, importing.py saves them.
"""
