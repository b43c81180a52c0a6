"""The README opens with the two commands; .ci/run runs the test command verbatim."""
from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_readme_opens_with_run_and_test_commands():
    run, test = readme_commands()
    assert "pip install ." in run and run.endswith("srbgraph paths")
    assert "pytest" in test
    head = (REPO / "README.md").read_text(encoding="utf-8").split("---", 1)[0]
    assert head.count("```sh") == 2


def test_ci_runs_the_readme_test_command_verbatim():
    _, test = readme_commands()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [l for l in ci.splitlines() if l.strip() and not l.startswith("#")
                and not l.startswith(("set ", "cd ", "export SRBGRAPH_REQUIRE_SOURCE=1"))]
    assert commands == [test]
