"""The README's API tour runs as written, fast, and ends with the quoted speaker's stances."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from discourse.corpus import paths


def tour_code() -> str:
    readme = (paths.project_root() / "README.md").read_text(encoding="utf-8")
    section = readme.split("## A twelve-line tour", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, flags=re.S)
    assert match, "README.md has no python block under 'A twelve-line tour'"
    return match.group(1)


def test_readme_tour_runs(capsys) -> None:  # type: ignore[no-untyped-def]
    code = tour_code()
    assert len([line for line in code.splitlines() if line.strip()]) <= 12
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    printed = capsys.readouterr().out
    assert "traditional_values" in printed and "per_1k_sentences" in printed
    assert "..." not in printed.splitlines()[0]  # the columns that matter are all shown
    last = printed.strip().splitlines()[-16:]
    # the last table groups by the quoted speaker: Aliyev, never the outlet that reports him
    assert "bne IntelliNews" not in "\n".join(last)
    assert sum("Ilham Aliyev" in line for line in last) >= 10
    stances = namespace["stances"]
    assert set(stances[stances.voice == "quote"]["speaker"]) == {"Ilham Aliyev"}  # type: ignore[attr-defined,index]


def test_readme_tour_is_fast_after_imports() -> None:
    """Under 5 s once ``discourse`` and ``pandas`` are imported (in a fresh interpreter)."""
    code = tour_code()
    imports = "\n".join(line for line in code.splitlines() if line.startswith("import "))
    body = "\n".join(line for line in code.splitlines() if not line.startswith("import "))
    program = (
        f"{imports}\nimport io, json, time, contextlib\n"
        "t = time.perf_counter()\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    exec({body!r})\n"
        "print(json.dumps(time.perf_counter() - t))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=300
    ).stdout
    seconds = json.loads(out.strip().splitlines()[-1])
    assert seconds < 5.0, f"the README tour took {seconds:.1f} s after imports"
