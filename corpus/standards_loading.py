"""Loading frameworks of standards from data files, validated, in one transaction.

A framework file holds a framework, its standards and their numbered statements, so other
frameworks (PCF, KSS, the SSSC codes) can be added as data without code changes.
"""

from pathlib import Path

import yaml
from django.db import transaction

from corpus.models import Framework, Standard, Statement

BUNDLED = Path(__file__).resolve().parent / "standards" / "swe.yaml"


class StandardsFileError(ValueError):
    pass


def _validate(data) -> None:
    if not isinstance(data, dict) or "framework" not in data or "standards" not in data:
        raise StandardsFileError("The file needs a 'framework' section and a 'standards' list.")
    framework = data["framework"]
    for key in ("slug", "name"):
        if not str(framework.get(key) or "").strip():
            raise StandardsFileError(f"The framework has no {key}.")
    seen_standards, seen_statements = set(), set()
    for standard in data["standards"]:
        number = str(standard.get("number") or "").strip()
        if not number:
            raise StandardsFileError("A standard has no number.")
        if not str(standard.get("title") or "").strip():
            raise StandardsFileError(f"Standard {number} has no title.")
        if number in seen_standards:
            raise StandardsFileError(f"Standard {number} appears twice.")
        seen_standards.add(number)
        for statement in standard.get("statements") or []:
            snumber = str(statement.get("number") or "").strip()
            if not snumber.startswith(number + "."):
                raise StandardsFileError(
                    f"Statement {snumber or '(no number)'} is not under standard {number}."
                )
            if snumber in seen_statements:
                raise StandardsFileError(f"Statement {snumber} appears twice.")
            if not str(statement.get("summary") or "").strip():
                raise StandardsFileError(f"Statement {snumber} has no summary.")
            seen_statements.add(snumber)


@transaction.atomic
def load_standards_data(data) -> dict[str, int]:
    _validate(data)
    meta = data["framework"]
    counts = {"created": 0, "updated": 0, "unchanged": 0}

    def upsert(model, lookup, values):
        obj, created = model.objects.get_or_create(**lookup, defaults=values)
        if created:
            counts["created"] += 1
            return obj
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if changed:
            for k in changed:
                setattr(obj, k, values[k])
            obj.save(update_fields=changed)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
        return obj

    framework = upsert(
        Framework,
        {"slug": meta["slug"]},
        {
            "name": meta["name"],
            "publisher": meta.get("publisher", ""),
            "url": meta.get("url", ""),
            "version": str(meta.get("version", "")),
            "is_primary": bool(meta.get("primary", False)),
        },
    )
    for order, item in enumerate(data["standards"], start=1):
        standard = upsert(
            Standard,
            {"framework": framework, "number": str(item["number"])},
            {
                "title": item["title"].strip(),
                "summary": item.get("summary", ""),
                "keywords": list(item.get("keywords") or []),
                "order": order,
            },
        )
        for sorder, statement in enumerate(item.get("statements") or [], start=1):
            upsert(
                Statement,
                {"standard": standard, "number": str(statement["number"])},
                {
                    "summary": statement["summary"].strip(),
                    "keywords": list(statement.get("keywords") or []),
                    "order": sorder,
                },
            )
    return counts


def load_standards_file(path) -> dict[str, int]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise StandardsFileError(f"{path}: cannot read the file ({error}).") from None
    try:
        return load_standards_data(data)
    except StandardsFileError as error:
        raise StandardsFileError(f"{path}: {error}") from None


def load_bundled_standards() -> dict[str, int]:
    return load_standards_file(BUNDLED)
