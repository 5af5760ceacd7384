"""The labelled spreadsheet tops (data/import_headers.yaml) and how well the guesses read them.

Shared by bench/bench_import_columns.py, which prints the figures, and the test that keeps the
held-out part above its floor.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from journal.year.import_columns import IGNORE, guess_columns
from journal.year.spreadsheets import find_header_row

DATA = Path(__file__).resolve().parent / "data" / "import_headers.yaml"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def labelled() -> dict[str, list[dict]]:
    """The sheets by part ("tune", "held_out"), cells as text as a file gives them."""
    parts: dict[str, list[dict]] = {"tune": [], "held_out": []}
    for sheet in yaml.safe_load(DATA.read_text(encoding="utf-8"))["sheets"]:
        sheet["rows"] = [[_text(cell) for cell in row] for row in sheet["rows"]]
        sheet["columns"] = [IGNORE if c == "ignore" else c for c in sheet["columns"]]
        parts[sheet["part"]].append(sheet)
    return parts


@dataclass
class Score:
    sheets: int = 0
    header_rows_right: int = 0
    columns: int = 0
    columns_right: int = 0
    sheets_wholly_right: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def column_accuracy(self) -> float:
        return self.columns_right / self.columns if self.columns else 0.0

    @property
    def header_accuracy(self) -> float:
        return self.header_rows_right / self.sheets if self.sheets else 0.0


def judge(sheets: list[dict]) -> Score:
    """Header rows found, and columns read right under the labelled header row."""
    score = Score()
    for sheet in sheets:
        score.sheets += 1
        found = find_header_row(sheet["rows"]).row
        header_right = found == sheet["header_row"]
        score.header_rows_right += header_right
        if not header_right:
            score.misses.append(f"{sheet['name']}: header row {found}, not {sheet['header_row']}")
        headers = sheet["rows"][sheet["header_row"] - 1]
        records = [
            (row + [""] * len(headers))[: len(headers)]
            for row in sheet["rows"][sheet["header_row"] :]
            if any(row)
        ]
        guessed = guess_columns(headers, records)
        right = 0
        for header, guess, label in zip(headers, guessed, sheet["columns"], strict=True):
            if guess == label:
                right += 1
            else:
                score.misses.append(
                    f"{sheet['name']}: “{header}” read as {guess or 'left out'}, not {label or 'left out'}"
                )
        score.columns += len(headers)
        score.columns_right += right
        score.sheets_wholly_right += header_right and right == len(headers)
    return score
