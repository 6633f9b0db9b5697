#!/usr/bin/env python
"""Django's command-line utility for the clinic site."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_site.settings.dev")
    try:
        from django.core.management import execute_from_command_line

        import clinic_site  # noqa: F401  (installed from site/ by `pip install -e .`)
    except ImportError as exc:
        raise SystemExit(
            f"{exc}\nRun the install step first: `make install` (or `pip install -e '.[dev]'`)."
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
