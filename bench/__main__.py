"""`make bench`: every benchmark, each against a simple baseline measured in
the same run, printing its figures and the ratio."""

from __future__ import annotations

import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nas.settings")
    django.setup()
    from bench import adopter_worklist, audit_chain

    selected = set(sys.argv[1:])
    for name, module in [("audit_chain", audit_chain), ("adopter_worklist", adopter_worklist)]:
        if not selected or name in selected:
            module.run()


if __name__ == "__main__":
    main()
