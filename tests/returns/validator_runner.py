"""Runs the DfE's SSDA903 validator (csc-validator-be-903, import name
lac_validator) on a directory of SSDA903 CSV tables and prints the result as
JSON. It runs in its own virtual environment (.venv-903: the validator pins
an old pandas), as a separate process:

    .venv-903/bin/python tests/returns/validator_runner.py --year 2026 --la W06000015 DIR [--previous DIR]

Output: {"version", "ruleset", "ran", "skipped", "failed",
"errors": {rule code: {"message", "tables": {table: [CHILD, ...]}}}}.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from importlib.metadata import version
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--year", required=True, help="collection year, e.g. 2026 for 2025-26")
    parser.add_argument("--la", required=True, help="the authority's ONS code, e.g. W06000015")
    parser.add_argument(
        "--previous", type=Path, help="the previous year's tables, for the rules that compare"
    )
    args = parser.parse_args()

    # The validator logs every rule it runs; only the JSON result goes out.
    logging.disable(logging.CRITICAL)
    from lac_validator.lac_validator import LacValidator
    from lac_validator.rules.ruleset_utils import get_year_ruleset

    files = [
        {"name": path.name, "file_content": path.read_bytes(), "description": "This year"}
        for path in sorted(args.directory.glob("*.csv"))
    ]
    if args.previous:
        files += [
            {"name": path.name, "file_content": path.read_bytes(), "description": "Prev year"}
            for path in sorted(args.previous.glob("*.csv"))
        ]
    registry = get_year_ruleset(args.year)
    # The validator prints as it loads; keep stdout for the result.
    stdout, sys.stdout = sys.stdout, sys.stderr
    try:
        validator = LacValidator(
            metadata={"collectionYear": args.year, "localAuthority": args.la},
            files=files,
            registry=registry,
        )
    finally:
        sys.stdout = stdout
    errors: dict[str, dict[str, object]] = {}
    for table, frame in validator.ds_results.items():
        if table == "metadata":
            continue
        for column in [c for c in frame.columns if str(c).startswith("ERR_")]:
            code = column[4:]
            flagged = frame[frame[column] == True]  # noqa: E712 - a pandas mask, not a truth test
            if flagged.empty:
                continue
            entry = errors.setdefault(code, {"message": registry[code].message, "tables": {}})
            entry["tables"][table] = sorted(str(c) for c in flagged["CHILD"])  # type: ignore[index]
    json.dump(
        {
            "version": version("csc-validator-be-903"),
            "ruleset": f"lac{int(args.year) - 1}_{args.year[2:]}",
            "ran": sorted(validator.dones),
            "skipped": sorted(validator.skips),
            "failed": sorted(validator.fails),
            "errors": errors,
            # Every rule that reads the adoption tables, from the validator's own registry.
            "adoption_rules": sorted(
                code for code, rule in registry.items() if {"AD1", "PlacedAdoption"} & set(rule.tables or [])
            ),
        },
        sys.stdout,
        indent=1,
        sort_keys=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
