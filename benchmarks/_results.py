"""What every benchmark shares: writing its results file, and the machine it ran on."""

from __future__ import annotations

import json
import platform
from pathlib import Path
from typing import Any

from discourse._atomic import write_atomic


def save_json(path: Path, result: Any, *, sort_keys: bool = True) -> None:
    """Write ``result`` to ``path`` as indented JSON, atomically, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, (json.dumps(result, indent=2, sort_keys=sort_keys) + "\n").encode())


def machine() -> dict[str, str]:
    """The Python version and the processor, as results record them."""
    return {
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {platform.processor() or 'unknown cpu'}",
    }
