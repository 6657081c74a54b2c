"""The README's API tour runs as written."""

from __future__ import annotations

import re

from discourse.corpus import paths


def tour_code() -> str:
    readme = (paths.project_root() / "README.md").read_text(encoding="utf-8")
    section = readme.split("## A ten-line tour", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, flags=re.S)
    assert match, "README.md has no python block under 'A ten-line tour'"
    return match.group(1)


def test_readme_tour_runs(capsys) -> None:  # type: ignore[no-untyped-def]
    code = tour_code()
    assert len([line for line in code.splitlines() if line.strip()]) <= 12
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "Ilham Aliyev" in printed
    assert "traditional_values" in printed
