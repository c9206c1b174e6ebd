"""Write constraints.txt: the installed version of every package requirements-dev.txt needs, directly or through a
dependency, `pip freeze`-style. Run it after upgrading and testing a dependency:

    python scripts/freeze-constraints.py > constraints.txt

It reads only what is installed (no index): the versions written are the ones the tests just ran with."""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement

PROJECT = Path(__file__).resolve().parents[1]


def _requirements(path: Path) -> list[Requirement]:
    found: list[Requirement] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            found += _requirements(path.parent / line[3:].strip())
        elif line:
            found.append(Requirement(line))
    return found


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(roots: list[Requirement]) -> dict[str, str]:
    """name -> installed version, for the roots and everything they require in this environment."""
    pinned: dict[str, str] = {}
    todo = [(r, "") for r in roots]
    while todo:
        requirement, extra = todo.pop()
        environment = {**default_environment(), "extra": extra}
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        name = _canonical(requirement.name)
        if name in pinned:
            continue
        try:
            dist = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            sys.exit(f"{requirement.name} is required but not installed: pip install -r requirements-dev.txt first")
        pinned[name] = dist.version
        for needed in dist.requires or []:
            for wanted in requirement.extras or {""}:
                todo.append((Requirement(needed), wanted))
    return pinned


def main() -> None:
    pinned = closure(_requirements(PROJECT / "requirements-dev.txt"))
    print("# The tested versions of everything requirements-dev.txt installs, with their dependencies.")
    print("# Written by scripts/freeze-constraints.py; scripts/test.sh and scripts/run.sh install with -c constraints.txt.")
    for name in sorted(pinned):
        print(f"{name}=={pinned[name]}")


if __name__ == "__main__":
    main()
