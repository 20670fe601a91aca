"""The condition language: Python expression syntax, checked against a whitelist, evaluated by walking the tree.

Questionnaire rules are data written by content editors, and they run in a parent's browser. So they are
parsed with `ast`, every node and name is checked before the site is built, and evaluation is a small
interpreter over the checked tree: never `eval`. Standard library only (this module runs in Pyodide).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable, Mapping

MAX_SOURCE = 2000  # characters; a rule longer than this belongs in several named values


class ConditionError(ValueError):
    """A condition that cannot be accepted: names the problem, with a column and a hint of the fix."""

    def __init__(self, message: str, column: int = 0, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.column = column
        self.hint = hint


def _max(items):
    numbers = [x for x in items if isinstance(x, (int, float)) and not isinstance(x, bool)]
    return max(numbers) if numbers else 0


def _min(items):
    numbers = [x for x in items if isinstance(x, (int, float)) and not isinstance(x, bool)]
    return min(numbers) if numbers else 0


def _sum(items):
    return sum(x for x in items if isinstance(x, (int, float)))


def _count(items, value):
    return sum(1 for x in items if x == value and type(x) is type(value))


# Pure functions an expression may call, with their number of arguments. `points` is special: its
# argument must be a question name, and it is bound per questionnaire (see Expression.evaluate).
FUNCTIONS: dict[str, tuple[int, Callable]] = {
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
_CONSTANT_TYPES = (str, int, float, bool, type(None))

_WORDS = {
    ast.Attribute: "a dot (.)",
    ast.Subscript: "square brackets after a name ([...])",
    ast.Lambda: "lambda",
    ast.ListComp: "a list comprehension",
    ast.GeneratorExp: "a generator",
    ast.Dict: "a dictionary",
    ast.Set: "a set",
    ast.NamedExpr: ":=",
    ast.Starred: "*",
    ast.Await: "await",
}


@dataclass(frozen=True)
class Expression:
    """One checked expression. `names` are the names it reads (for dependency checks and coverage)."""

    source: str
    tree: ast.Expression
    names: frozenset

    def evaluate(self, env: Mapping[str, object], points: Callable[[str], object]) -> object:
        return _Evaluator(env, points).visit(self.tree.body)


def compile_expression(source: object, known: Mapping[str, str], answers: Mapping[str, tuple] | None = None) -> Expression:
    """Parse and check `source`. `known` maps each name it may use to its kind ("question", "value"…).

    A question used inside points() must be of kind "scored question". `answers` maps question ids to their
    answer values, so that comparing a question with a value it cannot have (a typo) is reported.
    """
    if isinstance(source, bool):
        source = "True" if source else "False"
    if not isinstance(source, str) or not source.strip():
        raise ConditionError("a condition must be a non-empty text", hint="write an expression such as safety == 'often'")
    if len(source) > MAX_SOURCE:
        raise ConditionError(f"the condition is longer than {MAX_SOURCE} characters", hint="split it into named values")
    text = " ".join(source.split())  # folded YAML keeps newlines; expressions ignore them
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        raise ConditionError(
            f"the condition is not a valid expression ({error.msg})",
            column=error.offset or 0,
            hint="check quotes around answer values and that brackets are closed",
        ) from None
    names: set = set()
    _check(tree.body, known, names)
    if answers:
        _check_answer_values(tree.body, answers)
    return Expression(source=text, tree=tree, names=frozenset(names))


def _check_answer_values(root: ast.AST, answers: Mapping[str, tuple]) -> None:
    """`safety == 'oftn'` or `'lesons' in when` can never hold: name the value and the question's answers."""
    for node in ast.walk(root):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left] + list(node.comparators)
        for left, right in zip(operands, operands[1:]):
            for name, other in ((left, right), (right, left)):
                if not (isinstance(name, ast.Name) and name.id in answers):
                    continue
                items = other.elts if isinstance(other, (ast.List, ast.Tuple)) else [other]
                for item in items:
                    if isinstance(item, ast.Constant) and isinstance(item.value, str) \
                            and item.value not in answers[name.id]:
                        raise ConditionError(
                            f"'{item.value}' is not an answer of '{name.id}'",
                            column=getattr(item, "col_offset", 0) + 1,
                            hint="its answers are " + ", ".join(answers[name.id]),
                        )


def _check(node: ast.AST, known: Mapping[str, str], names: set) -> None:
    column = getattr(node, "col_offset", 0) + 1
    if isinstance(node, ast.Name):
        if node.id in ("True", "False", "None"):
            return
        if node.id not in known:
            close = _closest(node.id, known)
            raise ConditionError(
                f"unknown name '{node.id}'",
                column=column,
                hint=(f"did you mean '{close}'? " if close else "")
                + "names are question ids, values, rules and 'band'; answer values need quotes, like 'often'",
            )
        names.add(node.id)
        return
    if isinstance(node, ast.Constant):
        if not isinstance(node.value, _CONSTANT_TYPES):
            raise ConditionError("only text, numbers, True, False and None may be written as values", column=column)
        return
    if isinstance(node, (ast.List, ast.Tuple)):
        for item in node.elts:
            _check(item, known, names)
        return
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            _check(value, known, names)
        return
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
        _check(node.operand, known, names)
        return
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
        _check(node.left, known, names)
        _check(node.right, known, names)
        return
    if isinstance(node, ast.Compare):
        for op in node.ops:
            if type(op) not in _COMPARE:
                raise ConditionError("use ==, !=, <, <=, >, >=, in or not in to compare", column=column)
        _check(node.left, known, names)
        for comparator in node.comparators:
            _check(comparator, known, names)
        return
    if isinstance(node, ast.IfExp):
        for part in (node.test, node.body, node.orelse):
            _check(part, known, names)
        return
    if isinstance(node, ast.Call):
        _check_call(node, known, names, column)
        return
    what = _WORDS.get(type(node), type(node).__name__)
    raise ConditionError(
        f"{what} is not allowed in a condition",
        column=column,
        hint="conditions may use names, quoted values, lists [...], and, or, not, comparisons, + - *, "
        "'x if test else y' and the functions " + ", ".join(sorted(FUNCTIONS)),
    )


def _check_call(node: ast.Call, known: Mapping[str, str], names: set, column: int) -> None:
    if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
        called = node.func.id if isinstance(node.func, ast.Name) else "this"
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
        if not isinstance(arg, ast.Name) or known.get(arg.id) != "scored question":
            raise ConditionError(
                "points() takes the id of a question whose answers have points",
                column=column,
                hint="for example points(academics)",
            )
    for arg in node.args:
        _check(arg, known, names)


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
            return {"True": True, "False": False, "None": None}[node.id] if node.id in ("True", "False", "None") else self.env.get(node.id)
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
        if isinstance(node, ast.BinOp):
            left, right = self.visit(node.left), self.visit(node.right)
            if left is None or right is None:
                return None
            try:
                return _ARITHMETIC[type(node.op)](left, right)
            except TypeError:
                return None
        if isinstance(node, ast.Compare):
            left = self.visit(node.left)
            for op, comparator in zip(node.ops, node.comparators):
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
            name = node.func.id
            if name == "points":
                return self.points(node.args[0].id)
            args = [self.visit(arg) for arg in node.args]
            if name in ("max", "min", "sum", "any", "all", "count") and not isinstance(args[0], list):
                args[0] = [] if args[0] is None else [args[0]]
            return FUNCTIONS[name][1](*args)
        raise ValueError(f"unchecked expression node {type(node).__name__}")  # unreachable after _check


def to_tree(expression: Expression) -> list:
    """The checked expression as a small JSON tree, for the page script to decide follow-ups before Pyodide loads.

    The page evaluates only `ask_when` with it (quiz/web/conditions.js mirrors _Evaluator); scoring always
    runs in the engine. Nodes: ["const", v], ["name", id], ["points", id], ["list", …], ["and", …], ["or", …],
    ["not", x], ["neg", x], ["bin", op, a, b], ["cmp", a, [op, b], …], ["if", test, then, else], ["call", f, …].
    """
    return _tree(expression.tree.body)


def _tree(node: ast.AST) -> list:
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
    if isinstance(node, ast.UnaryOp):
        return ["not" if isinstance(node.op, ast.Not) else "neg", _tree(node.operand)]
    if isinstance(node, ast.BinOp):
        return ["bin", {ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}[type(node.op)], _tree(node.left), _tree(node.right)]
    if isinstance(node, ast.Compare):
        names = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
                 ast.In: "in", ast.NotIn: "not in"}
        return ["cmp", _tree(node.left)] + [[names[type(op)], _tree(c)] for op, c in zip(node.ops, node.comparators)]
    if isinstance(node, ast.IfExp):
        return ["if", _tree(node.test), _tree(node.body), _tree(node.orelse)]
    if isinstance(node, ast.Call):
        if node.func.id == "points":
            return ["points", node.args[0].id]
        return ["call", node.func.id] + [_tree(arg) for arg in node.args]
    raise ValueError(f"unchecked expression node {type(node).__name__}")
