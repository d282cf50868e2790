"""The optional English texts of an item (``en:``), for the English edition
(issue 19).  Every part is optional: what an item does not give in English is
shown in Chinese, marked as such, never machine-translated.

The texts are the same types as the Chinese ones (``Line``: one line, at most
200 characters; ``Text``: at most 5000; no hidden characters; shown as text,
never as Markdown or HTML).  Lists follow the Chinese lists they translate:

* ``conditions`` and ``faq``: by position, as many as the item's own;
* ``materials``: by position, as many as the item's ``materials``;
* ``steps``: by the step's ``id`` (ids are what flowcharts and branches use),
  any number of them, each once.

That correspondence is checked by ``checks/english.py`` (``check_english``),
which sees the whole item; this module only gives the shapes.

Example::

    en:
      name: First application for a resident ID card
      summary: For residents registered in the city applying for their first ID card.
      conditions: [Registered permanent residence in the city]
      materials:
        - name: Household register
      steps:
        - {id: apply, name: Apply}
      faq:
        - question: Can I apply on behalf of my child?
          answer: Yes, a guardian can apply with the child present.
"""

from __future__ import annotations

from typing import Optional

from pydantic import Field

from generator.checks.model_types import Id, Line, Strict, Text


class EnglishMaterial(Strict):
    name: Line = Field(title="材料名称（英文）")
    instructions: Optional[Text] = Field(None, title="填报须知（英文）")
    common_mistakes: list[Line] = Field(default_factory=list, title="常见错误示例（英文）",
                                        description="与中文的常见错误逐条对应")


class EnglishStep(Strict):
    id: Id = Field(title="环节编号", description="办理流程 steps 中一个环节的 id")
    name: Line = Field(title="环节名称（英文）")
    standard: Optional[Text] = Field(None, title="审查标准（英文）")
    result: Optional[Text] = Field(None, title="环节结果（英文）")


class EnglishFaq(Strict):
    question: Line = Field(title="问题（英文）")
    answer: Text = Field(title="解答（英文）")


class EnglishTexts(Strict):
    """The ``en:`` block of an item: English texts for the English edition."""

    name: Optional[Line] = Field(None, title="事项名称（英文）")
    summary: Optional[Text] = Field(None, title="主要内容（英文）")
    conditions: Optional[list[Text]] = Field(
        None, title="受理条件（英文）", min_length=1, description="与中文受理条件逐条对应，条数相同")
    materials: Optional[list[EnglishMaterial]] = Field(
        None, title="申请材料（英文）", min_length=1, description="与中文申请材料逐项对应，项数相同")
    steps: Optional[list[EnglishStep]] = Field(
        None, title="办理流程（英文）", min_length=1, description="按环节编号（id）对应，如 - {id: apply, name: Apply}")
    faq: Optional[list[EnglishFaq]] = Field(
        None, title="常见问题（英文）", min_length=1, description="与中文常见问题逐条对应，条数相同")
