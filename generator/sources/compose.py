"""YAML text to a node tree with libyaml (the C parser), each tag marked as
written or as chosen by the resolver.

``compose(text)`` returns the root node (None for an empty document) or
raises ``yaml.YAMLError`` (``yaml.MarkedYAMLError`` with a position for a
syntax error).  A node's tag is an ``Implicit`` when the file wrote none and
the resolver chose it (``STR_TAG`` for a text, and so on); an explicit tag
(``!!int``, ``!include``) stays a plain str, which ``load.py`` refuses.  The
resolver is PyYAML's safe one (YAML 1.1's patterns); ``load.py`` then reads
values as data, not as YAML 1.1's guesses.
"""

from __future__ import annotations

import yaml

try:  # the C loader is ~10x faster; fall back quietly where libyaml is missing
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader

TAGS = "tag:yaml.org,2002:"


class Implicit(str):
    """A tag the resolver chose (the file wrote none): an explicit tag stays a plain str."""


# The safe resolver's table (first character -> (tag, pattern)), with the tags
# marked as chosen by the resolver.  ``_Reader.resolve`` is PyYAML's
# ``BaseResolver.resolve`` for this table (no wildcard or path resolvers: the
# safe loader registers none), called from C for every node: a third of the
# time of composing an item file went to the general version
# (docs/performance.md, "Validation CPU").
_RESOLVERS = {first: tuple((Implicit(tag), pattern) for tag, pattern in found)
              for first, found in Loader.yaml_implicit_resolvers.items()}
assert None not in _RESOLVERS and not Loader.yaml_path_resolvers
STR_TAG, SEQ_TAG, MAP_TAG = (Implicit(TAGS + kind) for kind in ("str", "seq", "map"))
MERGE_TAG = TAGS + "merge"


class _Reader(Loader):
    """The safe loader, marking which tags were resolved rather than written."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if implicit[0]:  # plain: the first matching pattern for its first character ("" for empty)
                for tag, pattern in _RESOLVERS.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return STR_TAG
        return SEQ_TAG if kind is yaml.SequenceNode else MAP_TAG

    def descend_resolver(self, current_node, current_index):
        pass  # path resolvers: none registered

    def ascend_resolver(self):
        pass


def compose(text: str) -> yaml.Node | None:
    """The node tree of ``text`` (one document); raises yaml.YAMLError."""
    loader = _Reader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()
