"""Load YAML while remembering the line of every node, so errors can name ``path:line``."""

from __future__ import annotations

from typing import Any

import yaml


class YamlError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def load_with_lines(text: str) -> tuple[Any, yaml.Node | None]:
    """Return (data, root node). Raises YamlError with a 1-based line on malformed YAML."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlError(line, f"malformed YAML: {err.problem or err}") from None
    return data, node


def line_of(node: yaml.Node | None, path: list[Any]) -> int:
    """1-based line of the node at ``path`` (keys and indexes); the deepest existing node wins."""
    if node is None:
        return 1
    line = node.start_mark.line + 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    node = value
                    line = key.start_mark.line + 1
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line
