"""Read a rules YAML file into plain data that remembers its line numbers, refusing what rules never need.

Rules are written by people and read by every page of the site, so reading them must never crash and
never hang: a duplicate key would silently lose a value, an alias (`*x`) can multiply a small file into
gigabytes, deep nesting exhausts the interpreter's stack. All of these end as `Problem`s with a line.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_BYTES = 1_000_000  # the largest real rules file is ~70 kB
MAX_DEPTH = 20  # the deepest real rules nest 9 levels (a condition inside a route inside the file)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:  # one problem, one line: a key or value may itself contain line breaks
        return f"{self.file}:{self.line}: {self.path}: {self.message}".replace("\r", "\\r").replace("\n", "\\n")


class RulesError(Exception):
    """Bad rule data. Front ends print `problems` one per line; never a traceback."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


class LineDict(dict):
    """A YAML mapping with the line of the mapping and of each key."""
    line = 0
    key_lines: dict


class LineList(list):
    """A YAML sequence with the line of the sequence and of each item."""
    line = 0
    item_lines: list


class Num(str):
    """A YAML number kept as its literal text: 2000.01 must not become a float."""


def read_text(path: Path, display: str) -> str:
    """The file's text, or RulesError when it is missing, too large or not UTF-8."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RulesError([Problem(display, 1, "(file)", "file is missing")]) from None
    except OSError as exc:
        raise RulesError([Problem(display, 1, "(file)", f"cannot be read: {exc.strerror}")]) from None
    if len(data) > MAX_BYTES:
        raise RulesError([Problem(display, 1, "(file)",
                                  f"file is {len(data)} bytes; the limit is {MAX_BYTES} (a rules file is far smaller)")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise RulesError([Problem(display, line, "(file)",
                                  f"file is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                                  "save it as UTF-8")]) from None


def load_yaml(path: Path, display: str) -> Any:
    """Read and parse one YAML file; see `parse_yaml`."""
    return parse_yaml(read_text(path, display), display)


def parse_yaml(text: str, display: str) -> Any:
    """Parse YAML text to LineDict / LineList / Num / str / bool / date / None, or raise RulesError."""
    import yaml

    try:
        loader_class = _loader_class()
        if loader_class.fast:
            _screen(text)  # what the fast (libyaml) composer cannot refuse by itself
        loader = loader_class(text)  # the reader rejects control characters here already
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except _Refused as exc:
        raise RulesError([Problem(display, exc.problem_mark.line + 1, "(file)", exc.problem)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else text[:getattr(exc, "position", 0)].count("\n") + 1
        what = " ".join(filter(None, (getattr(exc, "context", None), getattr(exc, "problem", None)))) or str(exc).splitlines()[0]
        raise RulesError([Problem(display, line, "(file)", f"YAML syntax error: {what}")]) from None
    if loader.duplicates:
        raise RulesError([Problem(display, line, path, message) for line, path, message in loader.duplicates])
    return data


class _Refused(Exception):
    """Valid YAML that rules files do not allow (aliases, anchors, deep nesting, odd keys)."""

    def __init__(self, problem: str, mark: Any):
        super().__init__(problem)
        self.problem, self.problem_mark = problem, mark


def _refuse_event(event: Any, depth: int) -> None:
    import yaml

    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
        raise _Refused("YAML anchors and aliases (&name, *name) are not allowed in rules files: "
                       "write the value out", event.start_mark)
    if depth > MAX_DEPTH:
        raise _Refused(f"nested more than {MAX_DEPTH} levels deep (rules need far fewer)", event.start_mark)


def _screen(text: str) -> None:
    """Control characters, anchors, aliases and deep nesting, refused before libyaml composes: its
    own reader would place a control character on the wrong line."""
    import yaml

    yaml.reader.Reader(text)  # checks every character, raising with the exact position
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.NodeEvent):
                _refuse_event(event, depth + 1)
                depth += isinstance(event, yaml.CollectionStartEvent)
    except yaml.MarkedYAMLError as exc:  # libyaml stops runaway brackets itself, ahead of the events
        if "nesting depth" not in (exc.problem or ""):
            raise
        raise _Refused(f"nested more than {MAX_DEPTH} levels deep (rules need far fewer)", exc.problem_mark) from None


@functools.cache
def _loader_class() -> type:
    """A SafeLoader subclass, built on first use so that the engine does not need PyYAML. It parses
    with libyaml when PyYAML has it (the change log compiles dozens of rules files per build, and the
    pure-Python parser is most of that time); anchors and depth are then screened by `_screen`."""
    import yaml

    fast = getattr(yaml, "__with_libyaml__", False)

    class Loader(yaml.CSafeLoader if fast else yaml.SafeLoader):  # type: ignore[misc]
        def __init__(self, stream: str):
            super().__init__(stream)
            self.depth = 0
            self.duplicates: list[tuple[int, str, str]] = []
            self.path: list[str] = []  # key path of the value being built, for messages

        def compose_node(self, parent: Any, index: Any) -> Any:  # the pure-Python parser only
            self.depth += 1
            try:
                _refuse_event(self.peek_event(), self.depth)
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    Loader.fast = fast

    def mapping(loader: Loader, node: Any) -> LineDict:
        out = LineDict()
        out.line, out.key_lines = node.start_mark.line + 1, {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused("a key must be a plain word, not a list or mapping", key_node.start_mark)
            key = loader.construct_object(key_node, deep=True)
            loader.path.append(f".{key}")
            if key in out.key_lines:
                loader.duplicates.append((line, "".join(loader.path).lstrip("."),
                                          f"duplicate key (first given on line {out.key_lines[key]}); "
                                          "the earlier value would be silently lost"))
            else:
                out[key] = loader.construct_object(value_node, deep=True)
                out.key_lines[key] = line
            loader.path.pop()
        return out

    def sequence(loader: Loader, node: Any) -> LineList:
        out = LineList()
        for i, item in enumerate(node.value):
            loader.path.append(f"[{i}]")
            out.append(loader.construct_object(item, deep=True))
            loader.path.pop()
        out.line, out.item_lines = node.start_mark.line + 1, [n.start_mark.line + 1 for n in node.value]
        return out

    def as_text(loader: Loader, node: Any) -> Num:
        return Num(node.value)

    def timestamp(loader: Loader, node: Any) -> Any:  # an impossible date (2022-13-45) is data, not a crash
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except (ValueError, OverflowError):
            return node.value

    def refused(loader: Loader, node: Any) -> Any:
        raise _Refused(f"YAML type {node.tag} is not allowed in rules files", node.start_mark)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, sequence)
    Loader.add_constructor("tag:yaml.org,2002:float", as_text)
    Loader.add_constructor("tag:yaml.org,2002:int", as_text)
    for tag in ("binary", "set", "omap", "pairs"):
        Loader.add_constructor(f"tag:yaml.org,2002:{tag}", refused)
    Loader.add_constructor(None, refused)  # any other explicit tag (!foo, !!python/...)
    return Loader
