"""A problem found in a source file, and how it is printed for editors."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterable, Literal


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    element: str = ""  # the element's Chinese name, e.g. 申请材料
    key: str = ""  # the key path in the file, e.g. materials[2].name
    severity: Literal["error", "warning"] = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def format_text(self, labels: dict[str, str]) -> str:
        head = f"{self.where()}: {labels[self.severity]}"
        if self.element or self.key:
            head += f"【{self.element}】" if self.element else ""
            head += f"({self.key})" if self.key else ""
        text = f"{head} {self.message}"
        if self.hint:  # a hint of numbered steps, one a line: each under the first (clerk trial 14, #17)
            lead = f"    {labels['hint']}"
            text += "\n" + lead + self.hint.replace("\n", "\n" + " " * _width(lead))
        return text

    def format_github(self) -> str:
        """A GitHub Actions workflow command (``::error file=…,line=…::message``).
        Its escaping rules (actions/toolkit, command.ts): in the message '%',
        CR and LF are written %25, %0D, %0A; in a property value also ':' and
        ',' (%3A, %2C), which would otherwise end the value.  The file name is
        a property too: a file called ``a,title=x.yaml`` must not add one."""
        def esc(s: str) -> str:
            return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        def prop(s: str) -> str:
            return esc(s).replace(":", "%3A").replace(",", "%2C")

        kind = "error" if self.is_error else "warning"
        title = f"{self.element} ({self.key})" if self.key else self.element
        body = self.message + ((f"\n{self.hint}" if "\n" in self.hint else f" {self.hint}") if self.hint else "")
        props = f"file={prop(self.file)},line={self.line},col={self.column}"
        if title:
            props += ",title=" + prop(title)
        return f"::{kind} {props}::{esc(body)}"


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (CJK) characters two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class ProblemsFound(Exception):
    """Raised by a stage that cannot go on; carries every problem it found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def in_paths(file: str, paths: list[str]) -> bool:
    """True when ``file`` is one of ``paths`` or inside one of them (for `check PATHS`)."""
    return any(not x or file == x or file.startswith(x + "/") for x in (p.rstrip("/") for p in paths))


def only(problems: Iterable[Problem], paths: list[str]) -> list[Problem]:
    """Problems in the given files or folders (for `check PATHS`)."""
    return [p for p in problems if in_paths(p.file, paths)]
