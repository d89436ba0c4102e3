"""Every locked package installs on Alpine from a wheel, on x86_64 and aarch64:
nobody compiles anything, on a laptop with Apple Silicon or on a Graviton server.

    python tests/wheels.py

Asks PyPI, through pip, for a wheel of each package in Pipfile.lock that pip on
the Pipfile's Python under Alpine (musl) would accept, and exits 1 naming any
package that has none, pure-Python wheels counting. Run by tests/lint.
"""

import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
ARCHITECTURES = ["x86_64", "aarch64"]
# The tags pip accepts on a musl 1.2 system (every Alpine since 3.13). pip
# matches each --platform exactly: a musllinux_1_1 wheel needs its own.
MUSLLINUX_TAGS = ["musllinux_1_2", "musllinux_1_1", "musllinux_1_0"]


def locked_requirements():
    lock = json.loads((PROJECT_DIR / "Pipfile.lock").read_text())
    return [
        f"{name}{entry['version']}" + (f"; {entry['markers']}" if "markers" in entry else "")
        for section in ("default", "develop")
        for name, entry in lock[section].items()
    ]


def python_version():
    return tomllib.loads((PROJECT_DIR / "Pipfile").read_text())["requires"]["python_version"]


def download_wheels(architecture, requirements, version):
    """pip's errors, if any requirement has no wheel for this architecture."""
    platforms = [argument for tag in MUSLLINUX_TAGS for argument in ("--platform", f"{tag}_{architecture}")]
    with tempfile.TemporaryDirectory() as destination:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
                "--only-binary=:all:",
                "--python-version",
                version,
                "--implementation",
                "cp",
                "--abi",
                f"cp{version.replace('.', '')}",
                *platforms,
                "--dest",
                destination,
                *requirements,
            ],
            capture_output=True,
            text=True,
        )
    if result.returncode == 0:
        return []
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    return errors or [f"pip exited with status {result.returncode}: {result.stderr.strip() or 'no message'}"]


def main():
    requirements, version = locked_requirements(), python_version()
    errors = {architecture: download_wheels(architecture, requirements, version) for architecture in ARCHITECTURES}
    for architecture, lines in errors.items():
        for line in lines:
            print(f"Alpine, {architecture}, Python {version}: {line}")
    if any(errors.values()):
        print("A package without a musllinux wheel is compiled in every user's build:")
        print("pin a version that has wheels, or pick another package.")
        return 1
    print(f"{len(requirements)} locked packages, each with a wheel for Python {version} on Alpine, x86_64 and aarch64")
    return 0


if __name__ == "__main__":
    sys.exit(main())
