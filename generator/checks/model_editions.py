"""The reviewed list of terms the traditional-character edition keeps as they
are (``content/editions/protected-terms.yaml``; used by outputs/editions.py,
checked with the registries by validate.py)."""

from __future__ import annotations

from typing import Optional

from pydantic import Field

from generator.checks.model_types import Line, Strict


class ProtectedTerm(Strict):
    term: Line = Field(title="词语", description="数据中的写法（简体），如 企业登记的名称")
    traditional: Optional[Line] = Field(
        None, title="繁体写法", description="繁体版中的正式写法；不写表示繁体版中按原样保留")


class ProtectedTerms(Strict):
    terms: list[ProtectedTerm] = Field(default_factory=list, title="不逐字转换的词语")
