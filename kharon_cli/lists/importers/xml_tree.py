"""The XML reader of the importers that take XML (``un``, ``eu``): a small element tree with line numbers.

Read with expat, which gives the line of every element for error messages. A DOCTYPE, and so any entity
declaration, is refused: lists come from other teams, and entity expansion ("billion laughs", external files)
is an attack vector; no official list has one. Every failure is an ``ImportSourceError`` naming the file and,
where there is one, the line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from ...errors import ImportSourceError


@dataclass
class XmlNode:
    tag: str
    line: int
    attrs: dict[str, str]
    children: list[XmlNode] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(self.parts)

    def all(self, tag: str) -> Iterator[XmlNode]:
        return (c for c in self.children if c.tag == tag)

    def first(self, tag: str) -> XmlNode | None:
        return next(self.all(tag), None)

    def value(self, tag: str) -> str:
        """The text of the first child ``tag`` with whitespace collapsed, or ""."""
        child = self.first(tag)
        return " ".join(child.text().split()) if child is not None else ""

    def attr(self, name: str) -> str:
        """The attribute ``name`` with whitespace collapsed, or ""."""
        return " ".join(self.attrs.get(name, "").split())


class _Refused(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def fail(path: Path, line: int | None, message: str) -> ImportSourceError:
    where = f"{path}" if line is None else f"{path}: line {line}"
    return ImportSourceError(f"{where}: {message}")


def read_xml(
    path: Path,
    what: str,
    *,
    namespace_separator: str | None = None,
    tag: Callable[[str], str] = str,
) -> XmlNode:
    """The root element of the XML file ``path``. ``what`` names the list in messages, with its article
    ("a UN list"); ``namespace_separator`` turns on namespace processing, and ``tag`` maps each element's
    name (expat's ``namespace<sep>local``) to the tag kept."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail(path, None, f"cannot read {what.split(' ', 1)[1]}: {exc.strerror or exc}") from None
    parser = expat.ParserCreate(namespace_separator=namespace_separator)
    parser.buffer_text = True
    stack: list[XmlNode] = []
    roots: list[XmlNode] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        node = XmlNode(tag(name), parser.CurrentLineNumber, attrs)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def end(name: str) -> None:
        stack.pop()

    def chars(text: str) -> None:
        if stack:
            stack[-1].parts.append(text)

    def doctype(*_args: object) -> None:
        raise _Refused(parser.CurrentLineNumber, f"DOCTYPE declarations are not allowed in {what}")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise fail(path, exc.line, exc.message) from None
    except expat.ExpatError as exc:
        raise fail(path, exc.lineno, f"not well-formed XML: {expat.ErrorString(exc.code)}") from None
    return roots[0]
