"""The check's problems for CI systems (issue 13).

* ``github``: GitHub Actions workflow commands (``::error file=…``).  GitHub
  shows at most 10 error and 10 warning annotations of a step (and 50 of a
  job; docs.github.com, "Workflow commands": annotations are limited), so
  when there are more of a kind they are grouped: one annotation per file, at
  its first problem, listing all of them.  The full list goes to the job
  summary (``markdown``) as well.
* ``gitlab``: the Code Climate JSON GitLab reads as a code-quality report
  (docs.gitlab.com, "Code Quality": an array of objects with description,
  check_name, fingerprint, severity and location.path / location.lines.begin;
  severity one of info, minor, major, critical, blocker).  A fingerprint
  leaves out the line, so a problem that only moved is not new to GitLab.
* ``markdown``: every problem as a table, for ``$GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from generator.checks.problems import Problem
from generator.messages import ui

GITHUB_SHOWN = 10  # annotations of one kind GitHub shows for a step
MAX_SUMMARY_ROWS = 2000  # a job summary holds up to 1 MiB


def github(problems: list[Problem]) -> list[str]:
    """Workflow commands: one per problem, or one per file and kind when a
    kind has more than GITHUB_SHOWN problems."""
    out = []
    for severity in ("error", "warning"):
        of_kind = [p for p in problems if p.severity == severity]
        if len(of_kind) <= GITHUB_SHOWN:
            out += [p.format_github() for p in of_kind]
            continue
        by_file: dict[str, list[Problem]] = {}
        for p in of_kind:
            by_file.setdefault(p.file, []).append(p)
        for file, group in by_file.items():
            if len(group) == 1:
                out.append(group[0].format_github())
                continue
            first = min(group)
            lines = [ui("report_more_in_file").format(n=len(group))]
            lines += [f"{ui('report_line').format(line=p.line)} {_one_line(p)}" for p in sorted(group)]
            out.append(Problem(file, first.line, first.column, "\n".join(lines), severity=severity).format_github())
    return out


def _one_line(p: Problem) -> str:
    text = (f"【{p.element}】" if p.element else "") + p.message
    return text + (f" {ui('hint')}{' '.join(p.hint.split(chr(10)))}" if p.hint else "")  # steps of a hint: one line


def gitlab(problems: list[Problem]) -> str:
    """The Code Climate report (a JSON array)."""
    seen: Counter = Counter()
    report = []
    for p in problems:
        identity = "\0".join((p.file, p.severity, p.key, p.element, p.message))
        seen[identity] += 1  # the same problem twice in a file: two fingerprints
        fingerprint = hashlib.sha256(f"{identity}\0{seen[identity]}".encode()).hexdigest()
        report.append({
            "type": "issue",
            "check_name": p.key or p.element or "catalogue",
            "description": _one_line(p),
            "categories": ["Bug Risk" if p.is_error else "Style"],
            "severity": "major" if p.is_error else "minor",
            "fingerprint": fingerprint,
            "location": {"path": p.file, "lines": {"begin": max(p.line, 1)}},
        })
    return json.dumps(report, ensure_ascii=False, indent=1)


def _cell(text: str) -> str:
    text = " ".join(str(text).split())
    return "".join("\\" + ch if ch in "\\`*_{}[]<>()#+!|~" else ch for ch in text)


def markdown(problems: list[Problem], title: str = "") -> str:
    """Every problem as a Markdown table under a heading."""
    errors = sum(p.is_error for p in problems)
    head = title or ui("report_title").format(errors=errors, warnings=len(problems) - errors)
    out = [f"## {_cell(head)}", ""]
    if not problems:
        return "\n".join(out + [ui("report_none"), ""])
    out += [f"| {ui('report_col_where')} | {ui('report_col_kind')} | {ui('report_col_problem')} |", "| --- | --- | --- |"]
    for p in problems[:MAX_SUMMARY_ROWS]:
        kind = ui("error") if p.is_error else ui("warning")
        out.append(f"| `{p.where().replace('`', chr(39))}` | {kind} | {_cell(_one_line(p))} |")
    if len(problems) > MAX_SUMMARY_ROWS:
        out.append(f"| | | {_cell(ui('more_warnings').format(n=len(problems) - MAX_SUMMARY_ROWS))} |")
    return "\n".join(out) + "\n"
