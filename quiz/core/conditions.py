"""The condition language: Python expression syntax, checked against a whitelist, evaluated by walking the tree.

Questionnaire rules are data written by content editors, and they run in a parent's browser. So they are
parsed with `ast`, every node and name is checked before the site is built, and evaluation is a small
interpreter over the checked tree: never `eval`. Standard library only (this module runs in Pyodide).

Evaluation is bounded by construction, so no condition can hang the build or a parent's tab:
- a condition is at most MAX_SOURCE characters and MAX_DEPTH levels deep (brackets, operators, calls), so its
  tree is small and every walk over it (check, evaluation, to_tree) is short and never recurses deeply;
- there are no loops, comprehensions or user functions: evaluating a tree visits each node once (and a
  function's list once), so the work is proportional to the condition's length;
- no value can grow: `+`, `-` and `*` work on numbers only. Writing them on text or lists (a constant, a list
  [...], a multiple-choice question, a single question's answer, or a value already known to be one of those)
  is refused when the file is checked; at run time any other operand gives None (no answer), never a
  repeated text or list. Numbers are capped: a result beyond MAX_NUMBER in size is None, so no number
  grows without end either. Lists therefore only hold what the condition spells out, or a question's answers.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass

MAX_SOURCE = 2000  # characters; a rule longer than this belongs in several named values
MAX_DEPTH = 50  # levels of brackets, operators and calls inside one another
MAX_NUMBER = 1e12  # a number beyond this size, written or worked out, is refused (written) or None (worked out)


class ConditionError(ValueError):
    """A condition that cannot be accepted: names the problem, with a column and a hint of the fix."""

    def __init__(self, message: str, column: int = 0, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.column = column
        self.hint = hint


Number = int | float


def _max(items: list[object]) -> Number:
    numbers = [x for x in items if isinstance(x, (int, float)) and not isinstance(x, bool)]
    return max(numbers) if numbers else 0


def _min(items: list[object]) -> Number:
    numbers = [x for x in items if isinstance(x, (int, float)) and not isinstance(x, bool)]
    return min(numbers) if numbers else 0


def _sum(items: list[object]) -> Number | None:
    return _bounded(sum(x for x in items if isinstance(x, (int, float))))


def _bounded(number: object) -> Number | None:
    """A number worked out by a condition, or None once it is beyond MAX_NUMBER (or not a number at all)."""
    return number if isinstance(number, (int, float)) and abs(number) <= MAX_NUMBER else None


def _count(items: list[object], value: object) -> int:
    return sum(1 for x in items if x == value and type(x) is type(value))


# Pure functions an expression may call, with their number of arguments. `points` is special: its
# argument must be a question name, and it is bound per questionnaire (see Expression.evaluate).
FUNCTIONS: dict[str, tuple[int, Callable[..., object] | None]] = {
    "count": (2, _count),
    "max": (1, _max),
    "min": (1, _min),
    "sum": (1, _sum),
    "len": (1, lambda x: len(x) if isinstance(x, (list, tuple, str)) else 0),
    "any": (1, lambda items: any(bool(x) for x in items)),
    "all": (1, lambda items: all(bool(x) for x in items)),
    "points": (1, None),
}

_COMPARE = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.In: lambda a, b: b is not None and a in b,
    ast.NotIn: lambda a, b: b is None or a not in b,
}
_ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
_ARITHMETIC = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b}
_SYMBOLS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}

# What an editor may have typed, in their words: a message never names a Python class.
_WORDS = {
    ast.Attribute: "a dot (.)",
    ast.Subscript: "square brackets after a name ([...])",
    ast.Slice: "a slice (:) inside square brackets",
    ast.Lambda: "lambda",
    ast.ListComp: "'for' inside a list [...]",
    ast.SetComp: "'for' inside {...}",
    ast.DictComp: "'for' inside {...}",
    ast.GeneratorExp: "'for' inside brackets (...)",
    ast.Dict: "a dictionary {...: ...}",
    ast.Set: "a set {...}",
    ast.NamedExpr: "':='",
    ast.Starred: "'*' in front of a value",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield from",
    ast.JoinedStr: "an f-string (f'...')",
    ast.FormattedValue: "{...} inside an f-string",
}
_HINT = (
    "conditions may use names, quoted values, lists [...], and, or, not, comparisons, + - * on numbers, "
    "'x if test else y' and the functions " + ", ".join(sorted(FUNCTIONS))
)

# Operators the language leaves out, as the editor typed them, and what to write instead.
_REFUSED = {
    ast.Pow: ("**", "multiply with *, for example points(a) * points(a)"),
    ast.Div: ("/", "compare with * on the other side instead: total >= 2 * count rather than total / count >= 2"),
    ast.FloorDiv: (
        "//",
        "compare with * on the other side instead: total >= 2 * count rather than total // count >= 2",
    ),
    ast.Mod: ("%", "list the numbers you mean instead, for example total in [2, 4, 6]"),
    ast.MatMult: ("@", "use * to multiply numbers"),
    ast.LShift: ("<<", "use * to multiply numbers"),
    ast.RShift: (">>", "use comparisons on numbers, such as total >= 4"),
    ast.BitOr: ("|", "use or"),
    ast.BitAnd: ("&", "use and"),
    ast.BitXor: ("^", "use != to ask whether two things differ"),
    ast.Invert: ("~", "use not"),
    ast.UAdd: ("+", "leave out the + in front of the value"),
    ast.Is: ("is", "use == or !="),
    ast.IsNot: ("is not", "use == or !="),
}
_TYPE_WORDS = {"text": "a text", "list": "a list", "none": "None"}


@dataclass(frozen=True)
class Expression:
    """One checked expression. `names` are the names it reads (for dependency checks and coverage).

    `value_type` is what it gives: "number", "text", "list", "bool" or "none", or None when that depends on
    the answers. The engine records it for each value, so that a later `+` or `*` on a text or list is refused.
    """

    source: str
    tree: ast.Expression
    names: frozenset[str]
    value_type: str | None = None

    def evaluate(self, env: Mapping[str, object], points: Callable[[str], object]) -> object:
        return _Evaluator(env, points).visit(self.tree.body)


def compile_expression(
    source: object,
    known: Mapping[str, str],
    answers: Mapping[str, tuple[str, ...]] | None = None,
    types: Mapping[str, str | None] | None = None,
    *,
    ask_when: bool = False,
) -> Expression:
    """Parse and check `source`. `known` maps each name it may use to its kind ("question", "value"…).
    `ask_when`: the condition decides a follow-up, so it must also keep to ASK_WHEN, the part of the language the
    page evaluates before the engine has loaded (quiz/web/conditions.js).

    A question used inside points() must be of kind "scored question". `answers` maps question ids to their
    answer values, so that comparing a question with a value it cannot have (a typo) is reported. `types`
    maps names to what they hold ("text" for a single question, "list" for a multiple-choice one, a value's
    value_type), so that `+`, `-` or `*` on a text or a list is refused here.
    """
    if isinstance(source, bool):
        source = "True" if source else "False"
    if not isinstance(source, str) or not source.strip():
        raise ConditionError(
            "a condition must be a non-empty text", hint="write an expression such as safety == 'often'"
        )
    if len(source) > MAX_SOURCE:
        raise ConditionError(f"the condition is longer than {MAX_SOURCE} characters", hint="split it into named values")
    text = " ".join(source.split())  # folded YAML keeps newlines; expressions ignore them
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        raise ConditionError(
            f"the condition is not a valid expression ({_syntax_words(error.msg)})",
            column=error.offset or 0,
            hint="check quotes around answer values and that brackets are closed",
        ) from None
    except (RecursionError, MemoryError, ValueError):  # Python's own parser gives up on very deep nesting
        raise ConditionError(_TOO_DEEP, hint=_TOO_DEEP_HINT) from None
    _check_depth(tree.body, text)
    checker = _Checker(text, known, types or {})
    value_type = checker.visit(tree.body)
    if ask_when:
        _check_ask_when(tree.body, text)
    if answers:
        _check_answer_values(tree.body, answers)
    return Expression(source=text, tree=tree, names=frozenset(checker.names), value_type=value_type)


# The part of the language an `ask_when` may use. The page decides which follow-ups to ask before the engine has
# loaded, with quiz/web/conditions.js, which implements exactly this (tests/test_conditions_js.py proves it).
ASK_WHEN_FUNCTIONS = ("points", "count", "len", "max", "min", "any", "all")
ASK_WHEN = (
    "an ask_when may use the ids of earlier questions, quoted values, numbers, lists, and, or, not, "
    "comparisons and " + ", ".join(ASK_WHEN_FUNCTIONS)
)
# What an ask_when may not use, in the editor's words, and what to write instead.
_OUTSIDE_ASK_WHEN = {
    ast.BinOp: ("arithmetic ({symbol})", "compare each part instead, for example points(a) >= 1 or points(b) >= 1"),
    ast.IfExp: ("'x if test else y'", "use and / or, for example (a == 'yes' and b == 'often') or c == 'always'"),
    ast.UnaryOp: ("'-' in front of a value", "compare the other way round, for example points(a) <= 1"),
    ast.Call: ("{name}()", "use max([...]) or count([...], 'value'), for example max([points(a), points(b)]) >= 2"),
}


def _check_ask_when(root: ast.AST, text: str) -> None:
    """Refuse, at its column, the first construct of an already checked condition that ASK_WHEN leaves out."""
    for node in ast.walk(root):
        if isinstance(node, ast.UnaryOp) and (isinstance(node.op, ast.Not) or _is_number(node.operand)):
            continue  # not, and a negative number
        if isinstance(node, ast.Call) and _called(node) in ASK_WHEN_FUNCTIONS:
            continue
        words = next((words for kind, words in _OUTSIDE_ASK_WHEN.items() if isinstance(node, kind)), None)
        if words is None:
            continue
        what, instead = words
        column = _column(text, node)
        if isinstance(node, ast.BinOp):
            symbol = _SYMBOLS[type(node.op)]
            what = what.format(symbol=symbol)
            column = _Checker(text, {}, {})._operator_column(symbol, node.left, node.right)
        elif isinstance(node, ast.Call):
            what = what.format(name=_called(node))
        raise ConditionError(
            f"{what} is not allowed in an ask_when (the page reads it before the engine loads)",
            column=column,
            hint=f"{instead}; {ASK_WHEN}",
        )


def _is_number(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool)


def _called(node: ast.Call) -> str:
    """The name of the function a checked call calls (the checker allows only names)."""
    return node.func.id if isinstance(node.func, ast.Name) else ""


_TOO_DEEP = f"the condition has more than {MAX_DEPTH} levels of brackets, operators or calls inside one another"
_TOO_DEEP_HINT = "split it into named values under values:, each one part of it"


def _syntax_words(message: str) -> str:
    """Python's syntax messages, minus the few that speak of its internals."""
    if "Exceeds the limit" in message or "integer string conversion" in message:
        return "a number is too long"
    if "null bytes" in message:
        return "it contains a NUL character"
    if "too many nested parentheses" in message:
        return "too many brackets inside one another"
    return message


def _check_depth(root: ast.AST, text: str) -> None:
    """Refuse a tree deeper than MAX_DEPTH, walking it without recursion (the checks after this one recurse)."""
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ConditionError(_TOO_DEEP, column=_column(text, node), hint=_TOO_DEEP_HINT)
        for child in ast.iter_child_nodes(node):
            stack.append((child, depth + isinstance(child, ast.expr)))


def _column(text: str, node: ast.AST, offset: int | None = None) -> int:
    """The column (from 1, in characters) of a node, or of a byte offset: ast counts UTF-8 bytes."""
    offset = getattr(node, "col_offset", 0) if offset is None else offset
    return len(text.encode("utf-8")[:offset].decode("utf-8", "ignore")) + 1


def _check_answer_values(root: ast.AST, answers: Mapping[str, tuple[str, ...]]) -> None:
    """`safety == 'oftn'` or `'lesons' in when` can never hold: name the value and the question's answers."""
    for node in ast.walk(root):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left] + list(node.comparators)
        for left, right in zip(operands, operands[1:], strict=False):  # each neighbouring pair
            for name, other in ((left, right), (right, left)):
                if not (isinstance(name, ast.Name) and name.id in answers):
                    continue
                items = other.elts if isinstance(other, (ast.List, ast.Tuple)) else [other]
                for item in items:
                    if (
                        isinstance(item, ast.Constant)
                        and isinstance(item.value, str)
                        and item.value not in answers[name.id]
                    ):
                        raise ConditionError(
                            f"'{item.value}' is not an answer of '{name.id}'",
                            column=getattr(item, "col_offset", 0) + 1,
                            hint="its answers are " + ", ".join(answers[name.id]),
                        )


class _Checker:
    """Checks a tree against the whitelist and works out the type of what each part gives (None: unknown)."""

    def __init__(self, text: str, known: Mapping[str, str], types: Mapping[str, str | None]):
        self.text = text
        self.known = known
        self.types = types
        self.names: set[str] = set()

    def visit(self, node: ast.AST) -> str | None:
        column = _column(self.text, node)
        if isinstance(node, ast.Name):
            if node.id in ("True", "False"):
                return "bool"
            if node.id == "None":
                return "none"
            if node.id not in self.known:
                close = _closest(node.id, self.known)
                raise ConditionError(
                    f"unknown name '{node.id}'",
                    column=column,
                    hint=(f"did you mean '{close}'? " if close else "")
                    + "names are question ids, values, rules and 'band'; answer values need quotes, like 'often'",
                )
            self.names.add(node.id)
            return self.types.get(node.id)
        if isinstance(node, ast.Constant):
            return self._constant(node.value, column)
        if isinstance(node, (ast.List, ast.Tuple)):
            for item in node.elts:
                self.visit(item)
            return "list"
        if isinstance(node, ast.BoolOp):
            kinds = {self.visit(value) for value in node.values}
            return kinds.pop() if len(kinds) == 1 else None
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            self.visit(node.operand)
            return "bool"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            self._numbers("-", node.operand, self.visit(node.operand), column)
            return "number"
        if isinstance(node, ast.UnaryOp):
            self._refuse(node.op, column)
        if isinstance(node, ast.BinOp):
            symbol = _SYMBOLS.get(type(node.op)) or _REFUSED.get(type(node.op), ("",))[0]
            at = self._operator_column(symbol, node.left, node.right)
            if type(node.op) not in _ARITHMETIC:
                self._refuse(node.op, at)
            left, right = self.visit(node.left), self.visit(node.right)
            self._numbers(symbol, node.left, left, at)
            self._numbers(symbol, node.right, right, at)
            return "number"
        if isinstance(node, ast.Compare):
            operands = [node.left] + list(node.comparators)
            for op, before, after in zip(node.ops, operands, operands[1:], strict=False):  # operands has one more
                if type(op) not in _COMPARE:
                    symbol = _REFUSED.get(type(op), ("",))[0]
                    self._refuse(op, self._operator_column(symbol.split()[0] if symbol else "", before, after))
            for operand in operands:
                self.visit(operand)
            return "bool"
        if isinstance(node, ast.IfExp):
            self.visit(node.test)
            body, orelse = self.visit(node.body), self.visit(node.orelse)
            return body if body == orelse else None
        if isinstance(node, ast.Call):
            return self._call(node, column)
        what = _WORDS.get(type(node), "this part of the condition")
        raise ConditionError(f"{what} is not allowed in a condition", column=column, hint=_HINT)

    def _constant(self, value: object, column: int) -> str:
        if isinstance(value, bool):
            return "bool"
        if value is None:
            return "none"
        if isinstance(value, str):
            return "text"
        if isinstance(value, (int, float)):
            if not abs(value) <= MAX_NUMBER:  # also refuses inf and nan
                raise ConditionError(
                    f"numbers in a condition must be at most {MAX_NUMBER:,.0f}",
                    column=column,
                    hint="a larger number is never needed to compare answers",
                )
            return "number"
        raise ConditionError(
            "only text, numbers, True, False and None may be written as values",
            column=column,
            hint="put quotes around a text, like 'often'",
        )

    def _numbers(self, symbol: str, operand: ast.AST, kind: str | None, column: int) -> None:
        """`+`, `-` and `*` on a text or a list would build a new one, as large as the file asks: refused."""
        if kind not in _TYPE_WORDS:
            return
        written = ast.get_source_segment(self.text, operand) or "it"
        written = written if len(written) <= 40 else written[:37] + "..."
        hint = (
            "to ask about several answers use in, count() or len(), for example 'lunch' in when"
            if kind == "list"
            else "compare texts with == or in, for example safety in ['often', 'always']"
        )
        raise ConditionError(
            f"'{symbol}' works only on numbers, and {written} is {_TYPE_WORDS[kind]}", column=column, hint=hint
        )

    def _refuse(self, op: ast.AST, column: int) -> None:
        symbol, hint = _REFUSED.get(type(op), ("this operator", "use + - * on numbers, and, or, not"))
        where = " in front of a value" if isinstance(op, (ast.UAdd, ast.Invert)) else ""
        raise ConditionError(f"'{symbol}'{where} is not allowed in a condition", column=column, hint=hint)

    def _operator_column(self, symbol: str, left: ast.expr, right: ast.expr) -> int:
        """Where the operator between two operands is: the text between them, searched for the symbol."""
        start = len(self.text.encode("utf-8")[: left.end_col_offset].decode("utf-8", "ignore"))
        end = _column(self.text, right) - 1
        found = self.text.find(symbol, start, end) if symbol else -1
        return (found if found >= 0 else start) + 1

    def _call(self, node: ast.Call, column: int) -> str:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            called = ast.get_source_segment(self.text, node.func) or "this"
            called = called if len(called) <= 40 else called[:37] + "..."
            raise ConditionError(
                f"'{called}' is not a function conditions can use",
                column=column,
                hint="the functions are " + ", ".join(sorted(FUNCTIONS)),
            )
        name = node.func.id
        arity = FUNCTIONS[name][0]
        if node.keywords or len(node.args) != arity:
            raise ConditionError(
                f"{name}() takes {arity} argument{'s' if arity > 1 else ''}",
                column=column,
                hint="for example count(areas, 'not_sure')" if name == "count" else f"for example {name}([a, b])",
            )
        if name == "points":
            (arg,) = node.args
            if not isinstance(arg, ast.Name) or self.known.get(arg.id) != "scored question":
                raise ConditionError(
                    "points() takes the id of a question whose answers have points",
                    column=column,
                    hint="for example points(academics)",
                )
        for arg in node.args:
            self.visit(arg)
        return "bool" if name in ("any", "all") else "number"


def _closest(name: str, known: Mapping[str, str]) -> str:
    import difflib

    matches = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    return matches[0] if matches else ""


class _Evaluator:
    """Evaluates a checked tree. Ordering comparisons with a missing answer (None) are simply false."""

    def __init__(self, env: Mapping[str, object], points: Callable[[str], object]):
        self.env = env
        self.points = points

    def visit(self, node: ast.AST) -> object:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in ("True", "False", "None"):
                return {"True": True, "False": False, "None": None}[node.id]
            return self.env.get(node.id)
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self.visit(item) for item in node.elts]
        if isinstance(node, ast.BoolOp):
            if isinstance(node.op, ast.And):
                result: object = True
                for value in node.values:
                    result = self.visit(value)
                    if not result:
                        return result
                return result
            result = False
            for value in node.values:
                result = self.visit(value)
                if result:
                    return result
            return result
        if isinstance(node, ast.UnaryOp):
            operand = self.visit(node.operand)
            if isinstance(node.op, ast.Not):
                return not operand
            return -operand if isinstance(operand, (int, float)) else None
        if isinstance(node, ast.BinOp):  # numbers only, and bounded: text and lists can never be repeated
            left, right = self.visit(node.left), self.visit(node.right)
            if not (isinstance(left, (int, float)) and isinstance(right, (int, float))):
                return None
            return _bounded(_ARITHMETIC[type(node.op)](left, right))
        if isinstance(node, ast.Compare):
            left = self.visit(node.left)
            for op, comparator in zip(node.ops, node.comparators, strict=True):
                right = self.visit(comparator)
                if isinstance(op, _ORDERING) and (left is None or right is None):
                    return False
                try:
                    if not _COMPARE[type(op)](left, right):
                        return False
                except TypeError:
                    return False
                left = right
            return True
        if isinstance(node, ast.IfExp):
            return self.visit(node.body) if self.visit(node.test) else self.visit(node.orelse)
        if isinstance(node, ast.Call):
            name = _called(node)
            if name == "points":
                (question,) = node.args
                return self.points(question.id if isinstance(question, ast.Name) else "")
            args = [self.visit(arg) for arg in node.args]
            if name in ("max", "min", "sum", "any", "all", "count") and not isinstance(args[0], list):
                args[0] = [] if args[0] is None else [args[0]]
            function = FUNCTIONS[name][1]
            assert function is not None  # only points() has none, and it returned above
            return function(*args)
        raise ValueError(f"unchecked expression node {type(node).__name__}")  # unreachable after _check


def to_tree(expression: Expression) -> list[object]:
    """The checked expression as a small JSON tree, for the page script to decide follow-ups before Pyodide loads.

    The page evaluates only `ask_when` with it (quiz/web/conditions.js mirrors _Evaluator on ASK_WHEN, the part
    of the language an ask_when keeps to); scoring always runs in the engine. Nodes: ["const", v], ["name", id],
    ["points", id], ["list", …], ["and", …], ["or", …], ["not", x], ["cmp", a, [op, b], …], ["call", f, …].
    A condition outside ASK_WHEN has no tree (ValueError).
    """
    return _tree(expression.tree.body)


def _tree(node: ast.AST) -> list[object]:
    if isinstance(node, ast.Constant):
        return ["const", node.value]
    if isinstance(node, ast.Name):
        if node.id in ("True", "False", "None"):
            return ["const", {"True": True, "False": False, "None": None}[node.id]]
        return ["name", node.id]
    if isinstance(node, (ast.List, ast.Tuple)):
        return ["list"] + [_tree(item) for item in node.elts]
    if isinstance(node, ast.BoolOp):
        return ["and" if isinstance(node.op, ast.And) else "or"] + [_tree(v) for v in node.values]
    number = node.operand.value if isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant) else None
    if (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(number, (int, float))
        and not isinstance(number, bool)
    ):
        return ["const", -number]  # a negative number, as ask_when may write it
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return ["not", _tree(node.operand)]
    if isinstance(node, ast.Compare):
        names = {
            ast.Eq: "==",
            ast.NotEq: "!=",
            ast.Lt: "<",
            ast.LtE: "<=",
            ast.Gt: ">",
            ast.GtE: ">=",
            ast.In: "in",
            ast.NotIn: "not in",
        }
        return [
            "cmp",
            _tree(node.left),
            *([names[type(op)], _tree(c)] for op, c in zip(node.ops, node.comparators, strict=True)),
        ]
    if isinstance(node, ast.Call) and _called(node) in ASK_WHEN_FUNCTIONS:
        (first, *_) = node.args
        if _called(node) == "points" and isinstance(first, ast.Name):
            return ["points", first.id]
        return ["call", _called(node)] + [_tree(arg) for arg in node.args]
    raise ValueError(f"{type(node).__name__} is outside the ask_when grammar: the page cannot evaluate it")
