"""A problem found by a check, printed as ``path:line: CODE name: message (fix)``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    code: str
    name: str
    message: str
    fix: str = ""
    severity: str = "error"  # "error" fails the check; "warning" only fails with --strict

    def format(self) -> str:
        fix = f" ({self.fix})" if self.fix else ""
        return f"{self.path}:{self.line}: {self.code} {self.name}: {self.message}{fix}"

    def github(self) -> str:
        """A GitHub Actions workflow command: the problem shows inline on the pull request's diff."""

        def escape(text: str) -> str:
            return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        level = "error" if self.severity == "error" else "warning"
        fix = f" ({self.fix})" if self.fix else ""
        title = escape(f"{self.code} {self.name}").replace(",", "%2C").replace(":", "%3A")
        return f"::{level} file={self.path},line={self.line},title={title}::{escape(self.message + fix)}"


def summary(problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if not problems:
        return "playbook check: no problems"
    return f"playbook check: {errors} error(s), {warnings} warning(s)"
