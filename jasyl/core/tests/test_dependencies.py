"""The hashed lock files install exactly the versions the reviewed requirement files pin.

./dev installs from requirements*.lock with `pip --require-hashes`; the reasons for each package
live in requirements*.txt. A pin changed in one and not the other would install something no one
reviewed, so the two must name the same packages at the same versions.
"""

import re
from pathlib import Path

import pytest
from packaging.markers import Marker

ROOT = Path(__file__).resolve().parents[3]
PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;\\]+)(?:\s*;\s*([^\\#]+))?")


def applies(match: re.Match[str]) -> bool:
    """Whether a pin's environment marker holds here (the lock also pins what only Windows or
    PyPy install, such as colorama or brotlicffi)."""
    return match[3] is None or Marker(match[3].strip()).evaluate()


def pins(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-r "):
            found.update(pins(path.parent / line.split()[1]))
            continue
        match = PIN.match(line)
        if match and applies(match):
            found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return found


def hashed(path: Path) -> dict[str, int]:
    """Each locked package with the number of file hashes that follow it."""
    counts: dict[str, int] = {}
    name = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            name = re.sub(r"[-_.]+", "-", match[1]).lower()
            counts[name] = 0
        elif line.strip().startswith("--hash=sha256:"):
            counts[name] += 1
    return counts


@pytest.mark.parametrize("name", ["requirements", "requirements-dev"])
def test_lock_file_pins_what_the_requirements_pin_each_with_its_hashes(name):
    reviewed = pins(ROOT / f"{name}.txt")
    locked = pins(ROOT / f"{name}.lock")
    assert locked == reviewed, "run ./dev lock after editing the requirements"
    without_hash = [
        package for package, count in hashed(ROOT / f"{name}.lock").items() if not count
    ]
    assert without_hash == []
