"""A charged fee whose standard states no amount.

Clerk trial 17, #32 (worst #3, a silent pass): ``standard: 2026 年度每人``
(the amount "400 元" deleted) under ``charged: true`` got no message, and
the page told the public a fee without saying how much.  A fee standard
states an amount when it has a sum of money (a number before 元, 角, 分 or
a percentage: ``每证 20 元``, ``1.5%``), says it is free (免费, 免收, 不收),
or says where the amount comes from (a price list or a rule of reckoning:
按殡仪馆公示价格, 按实际工程量结算, 分段累进; the words are the locale's
``fee_amount_words``).  A year (2026 年度) is no amount.  Otherwise the
standard is told at its line as a warning, quoting the committed standard
of the same fee when the last commit had one with an amount (read with
``item_refs.committed_data``).
"""

from __future__ import annotations

import re
from typing import Iterator

from generator.checks.mistakes.item_refs import committed_data
from generator.messages import labels

_MONEY = re.compile(r"\d\s*(万\s*)?[元角分]|\d\s*[%％]|[零一二两三四五六七八九十百千万]+\s*元")


def states_amount(standard: str) -> bool:
    """True when the fee standard ``standard`` states an amount or where it
    comes from (see the module's docstring)."""
    text = str(standard)
    return bool(_MONEY.search(text)) or any(w in text for w in labels("fee_amount_words").values())


def missing(entry, history=None) -> Iterator[tuple[tuple, str, dict]]:
    """(path, locale key, values) of each fee item of a charged ``entry``
    (catalogue.Entry) whose ``standard`` states no amount; ``history``
    (sources/history.History or None) for the committed standard."""
    fees = entry.item.fees
    if not fees or not fees.charged:
        return
    then = None
    for i, fee in enumerate(fees.items or ()):
        if not fee.standard or states_amount(fee.standard):
            continue
        then = _committed_fees(history, entry.key) if then is None else then
        was = next((str(f.get("standard")) for f in then if f.get("name") == fee.name), None)
        was = was if was is None else (was if states_amount(was) and was != fee.standard else None)
        values = {"name": fee.name, "standard": fee.standard}
        if was is not None:
            yield ("fees", "items", i, "standard"), "fee_without_amount_committed", {**values, "committed": was}
        else:
            yield ("fees", "items", i, "standard"), "fee_without_amount", values


def _committed_fees(history, key: str) -> list[dict]:
    data = committed_data(history, key)
    fees = data.get("fees") if isinstance(data, dict) else None
    items = fees.get("items") if isinstance(fees, dict) else None
    return [f for f in items if isinstance(f, dict)] if isinstance(items, list) else []
