"""What a message template may contain: merge fields, `if` blocks, text joins and a few harmless filters.

The Jinja2 sandbox stops a template from reaching Python's internals, but not from burning time or memory
(`{% for %}` inside `{% for %}`, `[1] * 10**9`, `"%0999999999d" % 1`, `"x"|center(10**9)`). A message needs
none of that, so a template is parsed first and anything outside this small language is refused with a
sentence naming it, before it is ever rendered: in the editor's live preview, on saving, and when queueing.
"""

from __future__ import annotations

from collections.abc import Iterator

from jinja2 import Environment, nodes

from desktop_app.core.i18n import N_, Message

SAFE_FILTERS = ("upper", "lower", "title", "capitalize", "trim", "default", "d", "truncate", "length", "first",
                "last", "string")
SAFE_TESTS = ("defined", "undefined", "none", "string", "number")
ALLOWED_NODES = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Const, nodes.If, nodes.Not, nodes.And,
    nodes.Or, nodes.Compare, nodes.Operand, nodes.Concat, nodes.CondExpr, nodes.Add, nodes.Filter, nodes.Test,
)
NODE_WORDS = {
    nodes.For: N_("a loop (for)"),
    nodes.Call: N_("a function call"),
    nodes.Getattr: N_("a dot after a name"),
    nodes.Getitem: N_("square brackets after a name"),
    nodes.Macro: N_("a macro"),
    nodes.Mul: N_("multiplication"),
    nodes.Pow: N_("a power"),
    nodes.Mod: N_("the % operator"),
    nodes.Assign: N_("a variable (set)"),
    nodes.AssignBlock: N_("a variable (set)"),
    nodes.Include: N_("another template"),
    nodes.Import: N_("another template"),
    nodes.FromImport: N_("another template"),
    nodes.Extends: N_("another template"),
    nodes.List: N_("a list"),
    nodes.Tuple: N_("a list"),
    nodes.Dict: N_("a list"),
    nodes.Div: N_("arithmetic"),
    nodes.FloorDiv: N_("arithmetic"),
    nodes.Sub: N_("arithmetic"),
    nodes.Neg: N_("arithmetic"),
}
_parser = Environment()
MAX_DEPTH = 200  # a real message nests a few levels; Jinja2 compiles deeper trees recursively


class TemplateNotAllowed(Exception):
    """A construct message templates do not allow; `.message` says which."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.msgid)
        self.message = message


def _refuse(what: Message | str) -> TemplateNotAllowed:
    return TemplateNotAllowed(Message(
        "The template uses {what}, which message templates do not allow. Use the merge fields, 'if' blocks "
        "and the filters {filters}.", {"what": what, "filters": ", ".join(SAFE_FILTERS)}))


def check_structure(source: str, merge_fields: tuple[str, ...]) -> None:
    """Raise TemplateNotAllowed for anything beyond merge fields, `if`, joins and safe filters.

    Syntax errors are left to the renderer, which names them.
    """
    try:
        tree = _parser.parse(source)
    except RecursionError:
        raise _too_deep() from None
    except Exception:
        return
    for node in _walk(tree):
        if isinstance(node, nodes.Filter) and node.name not in SAFE_FILTERS:
            raise _refuse(Message("the filter '{name}'", {"name": node.name}))
        if isinstance(node, nodes.Test) and node.name not in SAFE_TESTS:
            raise _refuse(Message("the test '{name}'", {"name": node.name}))
        if isinstance(node, nodes.Name) and node.name not in merge_fields and node.name in _parser.globals:
            raise _refuse(Message("the name '{name}'", {"name": node.name}))
        if not isinstance(node, ALLOWED_NODES):
            words = next((w for kind, w in NODE_WORDS.items() if isinstance(node, kind)), None)
            raise _refuse(Message(words) if words else Message("'{kind}'", {"kind": type(node).__name__}))


def _too_deep() -> TemplateNotAllowed:
    return TemplateNotAllowed(Message(
        "The template nests too deeply (more than {limit} joins or 'if' blocks inside one another); write "
        "the text between the merge fields instead.", {"limit": MAX_DEPTH}))


def _walk(tree: nodes.Node) -> Iterator[nodes.Node]:
    """Yield every node of the parsed template (without recursion), refusing one nested too deeply."""
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep()
        yield node
        stack.extend((child, depth + 1) for child in reversed(list(node.iter_child_nodes())))
