"""Load YAML while remembering the line of every node, so errors can name ``path:line``."""

from __future__ import annotations

from typing import Any

import yaml

# libyaml's C loader (shipped in PyYAML's wheels) is ~10× faster and keeps the same line marks.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def safe_load(text: str) -> Any:
    """Parse YAML with the fast loader; raise YamlError (1-based line) worded by the pure-Python one."""
    return load_with_lines(text)[0]


def load_with_lines(text: str) -> tuple[Any, yaml.Node | None]:
    """Return (data, root node). Raises YamlError with a 1-based line on malformed YAML."""
    try:
        loader = SafeLoader(text)
        try:  # one parse: compose the node tree (with marks), then construct the data from it
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError:
        try:  # the pure-Python loader words errors better and marks the line where the problem starts
            yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            raise YamlError(mark.line + 1 if mark else 1, f"malformed YAML: {err.problem or err}") from None
        raise
    except yaml.YAMLError as err:
        raise YamlError(1, f"malformed YAML: {err}") from None
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


class _MkDocsLoader(SafeLoader):
    """Reads mkdocs.yml without importing MkDocs: ``!ENV [NAME, default]`` gives the environment value."""


def _env_tag(loader, node):
    import os

    names = (
        loader.construct_sequence(node)
        if isinstance(node, yaml.SequenceNode)
        else [loader.construct_scalar(node)]
    )
    for name in names[:-1] if len(names) > 1 else names:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return names[-1] if len(names) > 1 else None


def _other_tag(loader, suffix, node):
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    return loader.construct_scalar(node)


_MkDocsLoader.add_constructor("!ENV", _env_tag)
_MkDocsLoader.add_multi_constructor("!", _other_tag)
_MkDocsLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _other_tag)


def load_mkdocs_config(text: str) -> dict:
    return yaml.load(text, Loader=_MkDocsLoader) or {}
