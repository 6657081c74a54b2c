"""The conda environment.yml pins exactly what requirements.lock pins.

Regenerate environment.yml after `make lock` with
``python tests/contracts/test_environment.py --write``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
ENV = ROOT / "environment.yml"
_PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)")


def lock_pins() -> dict[str, str]:
    """Package name (lower case) -> version, from requirements.lock."""
    pins: dict[str, str] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


def render_environment() -> str:
    """environment.yml for conda users: Python 3.11 and the locked pins, installed by pip."""
    lines = [
        "# Conda environment for `discourse`, generated from requirements.lock:",
        "#   python tests/contracts/test_environment.py --write",
        "name: discourse",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {name}=={version}" for name, version in sorted(lock_pins().items())]
    lines.append("      - -e .")
    return "\n".join(lines) + "\n"


def test_environment_matches_lock() -> None:
    env = yaml.safe_load(ENV.read_text(encoding="utf-8"))
    pip_entries = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    env_pins = dict(
        entry.split("==", 1) for entry in pip_entries if "==" in entry and not entry.startswith("-")
    )
    env_pins = {name.lower(): version for name, version in env_pins.items()}
    lock = lock_pins()
    assert "python=3.11" in env["dependencies"]
    missing = sorted(set(lock) - set(env_pins))
    extra = sorted(set(env_pins) - set(lock))
    differ = sorted(n for n in set(lock) & set(env_pins) if lock[n] != env_pins[n])
    assert not (missing or extra or differ), (
        f"environment.yml is out of step with requirements.lock: missing {missing}, "
        f"extra {extra}, different versions {differ}. "
        "Run `python tests/contracts/test_environment.py --write`."
    )


def test_lock_pins_the_design_card_packages() -> None:
    lock = lock_pins()
    for name in ("jupyterlab", "pandas", "scikit-learn", "nltk", "matplotlib", "seaborn"):
        assert name in lock, f"{name} is not pinned in requirements.lock"


if __name__ == "__main__":
    if "--write" in sys.argv:
        ENV.write_text(render_environment(), encoding="utf-8")
        print(f"wrote {ENV.name}")


def test_dependency_floors_are_ones_that_work() -> None:
    """Floors below these fail at import or in the tests (found with tests/floors.py, a
    lowest-direct resolution); no upper cap on Python without a reason."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.version import Version

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floors = {}
    for spec in project["dependencies"]:
        req = Requirement(spec)
        lows = [Version(s.version) for s in req.specifier if s.operator == ">="]
        floors[req.name] = max(lows) if lows else None
    assert floors["nltk"] >= Version("3.10.2")  # 3.9.0 cannot import discourse.segment;
    # before 3.10.2 Punkt ends no sentence after a closing curly quote ("a disgrace.” Nobody")
    assert floors["matplotlib"] >= Version("3.10")  # 3.9 breaks plot.add_caption
    assert floors["scikit-learn"] >= Version("1.6")
    assert "wordfreq" not in floors  # sunset; replaced by discourse/data/english_words.txt
    assert "<" not in project["requires-python"]


def test_lock_leaves_out_the_training_extra() -> None:
    """The encoder's training stack (the ``train`` extra) never enters the locked environment;
    its run time (onnxruntime, tokenizers) does."""
    import tomllib

    lock = lock_pins()
    for name in ("torch", "transformers", "onnx", "nvidia-cublas-cu12", "triton"):
        assert name not in lock, (
            f"{name} is pinned in requirements.lock: `make lock` compiled train"
        )
    for name in ("onnxruntime", "tokenizers"):
        assert name in lock, f"{name} (the encoder's run time) is not pinned in requirements.lock"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(s.startswith("torch") for s in project["optional-dependencies"]["train"])
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    extras = re.search(r"^LOCK_EXTRAS := (.*)$", make, re.M)
    assert extras and "train" not in extras.group(1).split()
    assert "--all-extras" not in make
