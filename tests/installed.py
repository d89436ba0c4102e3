"""What an image has installed, against Pipfile.lock: the same packages at the
same versions, and every command they declare on PATH.

tests/test_parity.py checks the dev image (default and develop packages); the
system tests check the production image, which has neither pytest nor tests/, by
running this file, mounted, in its /code:

    python /tmp/installed.py default

which prints what differs and exits 1, or prints a summary and exits 0.
"""

import json
import re
import shutil
import sys
from importlib.metadata import distributions
from pathlib import Path

LOCK = Path("/code/Pipfile.lock")

# The python image's own pip, which the project's packages never replace.
BASE_IMAGE_PACKAGES = {"pip"}


def canonical(name):
    """A distribution's name as PyPI compares it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_packages(*sections):
    lock = json.loads(LOCK.read_text())
    return {
        canonical(name): entry["version"].removeprefix("==")
        for section in sections
        for name, entry in lock[section].items()
    }


def installed_packages():
    """Every distribution in site-packages but the base image's own."""
    installed = {canonical(dist.metadata["Name"]): dist.version for dist in distributions()}
    return {name: version for name, version in installed.items() if name not in BASE_IMAGE_PACKAGES}


def commands_not_on_path():
    """The console scripts that installed distributions declare and PATH lacks."""
    declared = {
        entry_point.name
        for dist in distributions()
        for entry_point in dist.entry_points
        if entry_point.group == "console_scripts"
    }
    return sorted(name for name in declared if shutil.which(name) is None)


def main(sections):
    locked, installed, missing = locked_packages(*sections), installed_packages(), commands_not_on_path()
    differences = [
        f"{name}: locked {locked.get(name, 'no')}, installed {installed.get(name, 'no')}"
        for name in sorted(locked.keys() | installed.keys())
        if locked.get(name) != installed.get(name)
    ] + [f"{name}: a command the packages install, not on PATH" for name in missing]
    for line in differences:
        print(line)
    if not differences:
        print(f"{len(installed)} packages, as locked in {', '.join(sections)}; every command they install is on PATH")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["default"]))
