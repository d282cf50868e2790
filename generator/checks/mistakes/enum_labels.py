"""An enumerated value written as its Chinese meaning (clerk trial 18, #31:
``form: 纸质`` for ``paper``).

The meanings are the locale's label groups (``labels(<key>)``), the same
that the "可选值" list shows in brackets; a value that is one of them is
offered its English value, "是不是想写 paper（纸质）？", for every
enumerated element.
"""

from __future__ import annotations


def label_meant(value, meanings: dict) -> list[str]:
    """[the allowed value whose meaning is ``value``] or []: the meaning
    equal to it (spaces left out), else the only meaning that holds it (at
    least two characters: 窗口 -> 窗口办理).  ``meanings``: allowed value ->
    its label (None when it has none)."""
    written = "".join(str(value or "").split())
    if not written:
        return []
    same = [v for v, m in meanings.items() if m and "".join(str(m).split()) == written]
    if len(same) == 1:
        return same
    holding = [v for v, m in meanings.items() if m and len(written) >= 2 and written in str(m)]
    return holding if len(holding) == 1 else []
