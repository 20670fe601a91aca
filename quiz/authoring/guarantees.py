"""Guarantees: what a questionnaire's rules must never do, declared in its file and proven by `quiz check`.

A definition's `guarantees:` list says, as data, what the band rules promise a parent:

    - monotone: [academics, safety]          raising one of these answers along its order never lowers the
      order: points                          band (points: the scale's order; or a list of values, low to high;
      band: never_lower                      a multiple-choice question: ticking one more never lowers it)
    - floor: shared                          when the condition holds, the band is at least `shared`
      when: injury in ['weekly', 'daily']    (never a band outside the order, such as "gather data")
      question: injury                       the answers that trigger it
    - ceiling: shared                        when the condition holds, the band is at most `shared`
    - never: time_specific                   when the condition holds, the band is not `time_specific`
    - note: safety_plan_now                  when the condition holds, the result includes that note
    - not_sure_never_hides: [academics, …]   turning one of these known answers into "not sure" never
                                             removes a floor that another answer triggers

Conditions are the engine's condition language, with four more names about the result: `band`, `focus`,
`notes` and `day_levels` (the day map's level for each part of the day, in order).

The proof works over the answers the bands and the guarantees actually read (followed through values, rules
and follow-up conditions): every other question cannot change them. When that space is small enough it is
enumerated whole (an exhaustive proof); otherwise a seeded search tries at least SEARCH_SETS answer sets,
a third of them neighbours of sets where a floor, ceiling or never-rule holds (the boundaries, where a
rule change bites first), plus the examples. A broken guarantee is reported at its line with the smallest
counterexample found (answers shrunk one at a time toward "never" while the guarantee still breaks) and the
band rule that won. Results are cached under build/cache/ by a hash of the definition and the engine, so
`mkdocs serve` proves a file again only when it changes.
"""

from __future__ import annotations

import ast
import hashlib
import itertools
import json
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core import engine
from ..core.conditions import (  # the engine's own operator tables, so the proof's evaluator cannot drift
    _ARITHMETIC,
    _COMPARE,
    _ORDERING,
    FUNCTIONS,
    ConditionError,
    Expression,
    _bounded,
    compile_expression,
)
from .definition import QuestionnaireFileError, Source

KINDS = ("monotone", "floor", "ceiling", "never", "note", "not_sure_never_hides")
FIELDS = {
    "monotone": {"id", "monotone", "order", "band", "because"},
    "floor": {"id", "floor", "when", "question", "because"},
    "ceiling": {"id", "ceiling", "when", "question", "because"},
    "never": {"id", "never", "when", "question", "because"},
    "note": {"id", "note", "when", "because"},
    "not_sure_never_hides": {"id", "not_sure_never_hides", "value", "because"},
}
RESULT_NAMES = ("band", "focus", "notes", "day_levels")  # names a guarantee may read beyond the engine's
EXHAUSTIVE_LIMIT = 250_000  # answer sets; above this the proof is a seeded search
SEARCH_SETS = 200_000  # answer sets the full search tries
QUICK_SETS = 20_000  # answer sets a quick proof tries (mkdocs serve), when no full proof is cached
SEED = 20261201
# Seconds a proof may take before it stops with an error at the guarantees' line: a definition at the loader's
# limits (100 questions, 300 rules) must not keep the build busy for long. The flagship's full proof takes
# 20 to 50 s on a 2-core machine, its quick one 2 to 5 s.
BUDGET = {"full": 300.0, "quick": 30.0}
CACHE = Path("build") / "cache" / "proofs"  # beside the site being built (the working folder), as build.py's cache


@dataclass(frozen=True)
class Guarantee:
    kind: str
    index: int  # position in `guarantees:`, for its line
    id: str = ""
    band: str | None = None  # floor, ceiling, never; the note's id for a note guarantee
    when: Expression | None = None
    triggers: tuple[str, ...] = ()  # floor: the questions whose answers trigger it
    questions: tuple[str, ...] = ()  # monotone, not_sure_never_hides
    # monotone: per question, its values low → high (empty for a multiple choice)
    orders: tuple[tuple[str, ...], ...] = ()
    direction: int = 1  # monotone: +1 never lower, -1 never higher
    value: str = "not_sure"  # not_sure_never_hides

    def describe(self) -> str:
        if self.kind == "monotone":
            return (
                f"raising {', '.join(self.questions)} never makes the band "
                f"{'lower' if self.direction > 0 else 'higher'}"
            )
        if self.kind == "not_sure_never_hides":
            return f"'{self.value}' never hides a floor"
        assert self.when is not None  # every kind but those two has a condition
        if self.kind == "note":
            return f"when {self.when.source}, the result includes the note {self.band}"
        words = {"floor": "at least", "ceiling": "at most", "never": "not"}[self.kind]
        return f"when {self.when.source}, the band is {words} {self.band}"


@dataclass
class Proof:
    """What `quiz check` says about one file's guarantees."""

    method: str  # "exhaustive" or "search"
    answer_sets: int
    seconds: float
    guarantees: int
    errors: list[QuestionnaireFileError] = field(default_factory=list)
    cached: bool = False

    def summary(self) -> str:
        how = "proved exhaustively over" if self.method == "exhaustive" else "checked by a seeded search of"
        cached = ", from the cache" if self.cached else ""
        return f"{self.guarantees} guarantees {how} {self.answer_sets:,} answer sets in {self.seconds:.1f} s{cached}"


# ── Reading the declarations ──────────────────────────────────────────────────────────────────


def parse(source: Source) -> list[Guarantee]:
    """The file's guarantees, checked like every other condition; raises QuestionnaireFileError."""
    raw = source.data.get("guarantees") or []
    questionnaire = _loaded(source)
    if not isinstance(raw, list):
        raise source.error(("guarantees",), "guarantees must be a list", "start each one with '- floor:' or similar")
    known, answers = _names(questionnaire)
    bands = {b.id: b for b in questionnaire.bands}
    parsed = []
    seen_ids: set = set()
    for index, item in enumerate(raw):
        at = ("guarantees", index)
        kinds = [k for k in KINDS if isinstance(item, dict) and k in item]
        if len(kinds) != 1:
            raise source.error(
                at, "each guarantee needs exactly one of " + ", ".join(KINDS), "for example: - floor: shared"
            )
        kind = kinds[0]
        gid = item.get("id", f"{kind}_{index + 1}")
        if not isinstance(gid, str) or gid in seen_ids:
            raise source.error(
                at + ("id",),
                f"the guarantee id '{gid}' is used twice or is not a word",
                "give each guarantee its own id",
            )
        seen_ids.add(gid)
        for key in item:
            if key not in FIELDS[kind]:
                raise source.error(
                    at + (key,),
                    f"'{key}' is not a field of a {kind} guarantee",
                    "fields: " + ", ".join(sorted(FIELDS[kind])),
                )
        if kind == "monotone":
            parsed.append(_monotone(source, item, at, index))
        elif kind == "not_sure_never_hides":
            questions = _question_list(source, item[kind], at + (kind,), single_only=True)
            value = item.get("value", "not_sure")
            for question_id in questions:
                if value not in questionnaire.question(question_id).values():
                    raise source.error(
                        at + ("value",),
                        f"'{value}' is not an answer of '{question_id}'",
                        "answers: " + ", ".join(questionnaire.question(question_id).values()),
                    )
            parsed.append(Guarantee(kind, index, questions=questions, value=value))
        elif kind == "note":
            notes = [n.id for n in questionnaire.notes]
            if item[kind] not in notes:
                raise source.error(
                    at + (kind,), f"there is no note called '{item[kind]}'", "notes: " + ", ".join(notes)
                )
            parsed.append(Guarantee(kind, index, band=item[kind], when=_when(source, item, at, known, answers)))
        else:
            band = item[kind]
            if band not in bands:
                raise source.error(at + (kind,), f"there is no band called '{band}'", "bands: " + ", ".join(bands))
            if kind in ("floor", "ceiling") and bands[band].rank is None:
                raise source.error(
                    at + (kind,),
                    f"the band '{band}' has no rank, so nothing is above or below it",
                    "use a band with a rank, or a never: guarantee",
                )
            when = _when(source, item, at, known, answers)
            triggers: tuple[str, ...] = ()
            if item.get("question") is not None:
                triggers = _question_list(source, item["question"], at + ("question",))
            parsed.append(Guarantee(kind, index, band=band, when=when, triggers=triggers))
    return [Guarantee(**{**g.__dict__, "id": (raw[g.index].get("id") or f"{g.kind}_{g.index + 1}")}) for g in parsed]


def _when(source: Source, item: dict, at: tuple, known: dict, answers: dict) -> Expression:
    try:
        return compile_expression(item.get("when"), known, answers)
    except ConditionError as error:
        raise source.error(at + ("when",), error.message, error.hint, error.column) from None


def _monotone(source: Source, item: dict, at: tuple, index: int) -> Guarantee:
    questionnaire = _loaded(source)
    questions = _question_list(source, item["monotone"], at + ("monotone",))
    order = item.get("order", "points")
    orders: list[tuple[str, ...]] = []
    for question_id in questions:
        question = questionnaire.question(question_id)
        if question.kind == "multiple":
            orders.append(())
            continue
        if order == "points":
            ranked = sorted((o for o in question.options if o.points is not None), key=lambda o: o.points or 0)
            if len(ranked) < 2:
                raise source.error(
                    at + ("order",),
                    f"'{question_id}' has no answers with points to order",
                    "write order: as a list of its answers, lowest first",
                )
            orders.append(tuple(o.value for o in ranked))
        elif isinstance(order, list) and order and all(isinstance(v, str) for v in order):
            for position, value in enumerate(order):
                if value not in question.values():
                    raise source.error(
                        at + ("order", position),
                        f"'{value}' is not an answer of '{question_id}'",
                        "answers: " + ", ".join(question.values()),
                    )
            orders.append(tuple(order))
        else:
            raise source.error(
                at + ("order",),
                "order must be points or a list of answers, lowest first",
                "for example order: [none, occasional, weekly, daily]",
            )
    direction = item.get("band", "never_lower")
    if direction not in ("never_lower", "never_higher"):
        raise source.error(
            at + ("band",),
            "band must be never_lower or never_higher",
            "never_lower: more need never means less support",
        )
    return Guarantee(
        "monotone", index, questions=questions, orders=tuple(orders), direction=1 if direction == "never_lower" else -1
    )


def _question_list(source: Source, raw: object, at: tuple, single_only: bool = False) -> tuple[str, ...]:
    ids = raw if isinstance(raw, list) else [raw]
    known = {q.id: q for q in _loaded(source).questions}
    for position, question_id in enumerate(ids):
        where = at + (position,) if isinstance(raw, list) else at
        if question_id not in known:
            import difflib

            close = difflib.get_close_matches(str(question_id), list(known), n=1)
            raise source.error(
                where,
                f"'{question_id}' is not a question id",
                f"did you mean '{close[0]}'?" if close else "questions: " + ", ".join(known),
            )
        if single_only and known[question_id].kind != "single":
            raise source.error(where, f"'{question_id}' is a multiple-choice question", "list single-choice ones")
    return tuple(ids)


def _loaded(source: Source) -> engine.Questionnaire:
    """The file's checked questionnaire: load_file (or the translation's loader) has set it."""
    questionnaire = source.questionnaire
    assert isinstance(questionnaire, engine.Questionnaire), "prove a file that load_file has read"
    return questionnaire


def _names(questionnaire: engine.Questionnaire) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """The names a guarantee may read, as compile_expression wants them, and each question's answers."""
    known: dict[str, str] = {}
    for question in questionnaire.questions:
        scored = question.kind == "single" and any(o.points is not None for o in question.options)
        known[question.id] = "scored question" if scored else "question"
    known.update({name: "value" for name, _ in questionnaire.values})
    known.update({rule.id: "rule" for rule in questionnaire.rules})
    known.update({name: "value" for name in RESULT_NAMES})
    answers = {q.id: tuple(q.values()) for q in questionnaire.questions}
    return known, answers


# ── A fast evaluator for the proof ────────────────────────────────────────────────────────────
# The proof scores hundreds of thousands of answer sets. The engine's evaluator walks the tree for every
# expression on every set; here each checked tree is turned once into nested closures with the engine's
# exact semantics (quiz/core/conditions.py, _Evaluator). The engine stays the reference: every example and
# every 500th set is also scored by engine.decide, and any difference stops the proof as an internal error.

_LISTS = ("max", "min", "sum", "any", "all", "count")


def _closure(node: ast.AST) -> Callable[..., Any]:
    """f(env, points) for a checked expression node."""
    if isinstance(node, ast.Constant):
        value = node.value
        return lambda env, points: value
    if isinstance(node, ast.Name):
        if node.id in ("True", "False", "None"):
            value = {"True": True, "False": False, "None": None}[node.id]
            return lambda env, points: value
        name = node.id
        return lambda env, points: env.get(name)
    if isinstance(node, (ast.List, ast.Tuple)):
        items = [_closure(item) for item in node.elts]
        return lambda env, points: [f(env, points) for f in items]
    if isinstance(node, ast.BoolOp):
        parts = [_closure(v) for v in node.values]
        if isinstance(node.op, ast.And):

            def all_of(env, points):
                result: object = True
                for part in parts:
                    result = part(env, points)
                    if not result:
                        return result
                return result

            return all_of

        def any_of(env, points):
            result: object = False
            for part in parts:
                result = part(env, points)
                if result:
                    return result
            return result

        return any_of
    if isinstance(node, ast.UnaryOp):
        operand = _closure(node.operand)
        if isinstance(node.op, ast.Not):
            return lambda env, points: not operand(env, points)

        def negate(env, points):
            value = operand(env, points)
            return -value if isinstance(value, (int, float)) else None

        return negate
    if isinstance(node, ast.BinOp):
        left, right, op = _closure(node.left), _closure(node.right), _ARITHMETIC[type(node.op)]

        def arithmetic(env, points):  # numbers only, and bounded, as the engine's evaluator
            a, b = left(env, points), right(env, points)
            if not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
                return None
            return _bounded(op(a, b))

        return arithmetic
    if isinstance(node, ast.Compare):
        first = _closure(node.left)
        steps = [(type(op), _COMPARE[type(op)], _closure(c)) for op, c in zip(node.ops, node.comparators, strict=True)]

        def compare(env, points):
            a = first(env, points)
            for kind, test, operand in steps:
                b = operand(env, points)
                if kind in _ORDERING and (a is None or b is None):
                    return False
                try:
                    if not test(a, b):
                        return False
                except TypeError:
                    return False
                a = b
            return True

        return compare
    if isinstance(node, ast.IfExp):
        test, body, other = _closure(node.test), _closure(node.body), _closure(node.orelse)
        return lambda env, points: body(env, points) if test(env, points) else other(env, points)
    if isinstance(node, ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else ""  # the checker allows only names
        if name == "points":
            (arg,) = node.args
            question = arg.id if isinstance(arg, ast.Name) else ""
            return lambda env, points: points(question)
        args = [_closure(a) for a in node.args]
        function = FUNCTIONS[name][1]
        assert function is not None  # only points() has none
        wraps = name in _LISTS

        def call(env, points):
            values = [a(env, points) for a in args]
            if wraps and not isinstance(values[0], list):
                values[0] = [] if values[0] is None else [values[0]]
            return function(*values)

        return call
    raise ValueError(f"unchecked expression node {type(node).__name__}")


class _FastEngine:
    """engine.decide's band, from closures, reading only what the bands and guarantees need."""

    def __init__(self, questionnaire: engine.Questionnaire, needed: set[str]):
        self.q = questionnaire
        self.points_of: dict[str, dict[object, engine.Number | None]] = {
            q.id: {o.value: o.points for o in q.options} for q in questionnaire.questions
        }
        self.questions = [
            (q.id, q.kind, q.default, _closure(q.ask_when.tree.body) if q.ask_when else None)
            for q in questionnaire.questions
        ]
        self.values = [(name, _closure(expr.tree.body)) for name, expr in questionnaire.values if name in needed]
        self.rules = [(rule.id, _closure(rule.when.tree.body)) for rule in questionnaire.rules if rule.id in needed]
        self.bands = [(band.id, _closure(band.when.tree.body)) for band in questionnaire.bands]

    def decide(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        env: dict[str, Any] = {}
        table = self.points_of

        def points(question_id: str) -> engine.Number | None:
            return table[question_id].get(env.get(question_id))

        for qid, kind, default, ask_when in self.questions:
            if ask_when is not None and not ask_when(env, points):
                env[qid] = [] if kind == "multiple" else None
                continue
            answer = answers.get(qid)
            if answer is None or answer == []:
                answer = default if kind == "single" else []
            env[qid] = answer
        for name, value in self.values:
            env[name] = value(env, points)
        for rule_id, when in self.rules:
            env[rule_id] = bool(when(env, points))
        env["band"] = next(band_id for band_id, when in self.bands if when(env, points))
        return env


# ── Proving ───────────────────────────────────────────────────────────────────────────────────


def prove(source: Source, quick: bool = False, cache: bool = True) -> Proof:
    """Prove the file's guarantees (exhaustively if the space is small enough, else by a seeded search)."""
    guarantees = parse(source)
    started = time.perf_counter()
    key = _cache_key(source)
    if cache and guarantees:
        hit = _cache_read(key, quick)
        if hit is not None:
            return Proof(hit["method"], hit["answer_sets"], hit["seconds"], len(guarantees), cached=True)
    if not guarantees:
        return Proof("exhaustive", 0, 0.0, 0)
    prover = _Prover(source, guarantees)
    space = prover.space_size()
    if space <= (QUICK_SETS if quick else EXHAUSTIVE_LIMIT):  # a quick proof never tries more than QUICK_SETS
        method, sets = "exhaustive", prover.every_set()
    else:
        method, sets = "search", prover.search_sets(QUICK_SETS if quick else SEARCH_SETS)
    budget = BUDGET["quick" if quick else "full"]
    errors = prover.check(sets, deadline=started + budget, budget=budget)
    proof = Proof(method, len(prover.bands), time.perf_counter() - started, len(guarantees), errors)
    if cache and not errors:
        _cache_write(key, quick, proof)
    return proof


class _Prover:
    def __init__(self, source: Source, guarantees: list):
        self.source = source
        self.q = _loaded(source)
        self.guarantees = guarantees
        self.rank = {b.id: b.rank for b in self.q.bands}
        self.bands: dict = {}  # answer key → (band, env); every set evaluated once
        self.relevant = self._relevant_questions()
        self.domains = {qid: self._domain(self.q.question(qid)) for qid in self.relevant}
        self.failures: dict = {}  # guarantee index → (size, message)
        self.fast = _FastEngine(self.q, self._needed_names())
        self.results: dict = {}  # answer key → engine.score's result, for guarantees that read the result
        self.parity = 0

    # The answers that can change a band or a guarantee: what their conditions read, followed back through
    # values, rules and follow-up conditions. Anything else cannot change what is proven.
    def _relevant_questions(self) -> list:
        reads: dict = {name: expr.names for name, expr in self.q.values}
        reads.update({rule.id: rule.when.names for rule in self.q.rules})
        for question in self.q.questions:
            reads[question.id] = question.ask_when.names if question.ask_when is not None else frozenset()
        wanted = set().union(*(b.when.names for b in self.q.bands))
        for g in self.guarantees:
            if g.when is not None:
                wanted |= g.when.names
            wanted |= set(g.questions) | set(g.triggers)
        if self.needs_result_names():
            wanted |= {q.id for q in self.q.questions if q.times}
            if self.q.day is not None and self.q.day.question:
                wanted.add(self.q.day.question)
            if self.q.focus is not None:
                wanted |= self.q.focus.names
        seen: set = set()
        stack = list(wanted)
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            stack.extend(reads.get(name, ()))
        return [q.id for q in self.q.questions if q.id in seen]

    def _needed_names(self) -> set:
        """Values and rules the bands and guarantees read, followed back through each other."""
        reads: dict = {name: expr.names for name, expr in self.q.values}
        reads.update({rule.id: rule.when.names for rule in self.q.rules})
        stack = [n for b in self.q.bands for n in b.when.names]
        stack += [n for g in self.guarantees if g.when is not None for n in g.when.names]
        seen: set = set()
        while stack:
            name = stack.pop()
            if name not in seen:
                seen.add(name)
                stack.extend(reads.get(name, ()))
        return seen

    def needs_result_names(self) -> bool:
        return any(g.when is not None and g.when.names & set(RESULT_NAMES[1:]) for g in self.guarantees)

    def _domain(self, question: engine.Question) -> list:
        if question.kind == "multiple":
            choices = question.values()
            return [list(c) for n in range(len(choices) + 1) for c in itertools.combinations(choices, n)]
        values: list[str | None] = list(question.values())
        if question.default is None:
            values.append(None)  # left unanswered (an answers file may leave it out)
        return values

    def space_size(self) -> int:
        size = 1
        for domain in self.domains.values():
            size *= len(domain)
        return size

    def every_set(self) -> Iterator[dict]:
        ids = list(self.domains)
        for combination in itertools.product(*(self.domains[i] for i in ids)):
            yield {qid: value for qid, value in zip(ids, combination, strict=True) if value is not None}

    def search_sets(self, count: int) -> Iterator[dict]:
        """Examples, then uniform random sets, neighbours of the examples, and neighbours of sets where a
        floor, ceiling or never-rule holds: the boundary each rule draws."""
        generator = random.Random(SEED)
        examples = [dict(e.get("answers") or {}) for e in self.source.data.get("examples") or [] if isinstance(e, dict)]
        for answers in examples:
            yield answers
        holding: dict = {g.index: [] for g in self.guarantees if g.when is not None}
        made = 0
        while len(self.bands) < count and made < count * 4:
            made += 1
            roll = generator.random()
            pools = [pool for pool in holding.values() if pool]
            if roll < 0.35 and pools:
                base = generator.choice(generator.choice(pools))
                answers = self._mutate(base, generator, generator.randint(1, 2))
            elif roll < 0.5 and examples:
                answers = self._mutate(generator.choice(examples), generator, generator.randint(1, 3))
            else:
                answers = self._random(generator)
            yield answers
            band, env = self.evaluate(answers)
            for g in self.guarantees:
                if g.when is not None and len(holding[g.index]) < 2000 and self._holds(g, answers, band, env):
                    holding[g.index].append(answers)

    def _random(self, generator: random.Random) -> dict:
        answers = {}
        for qid, domain in self.domains.items():
            # Extremes and "not sure" are where rules break: weight them up.
            value = generator.choice(domain) if generator.random() < 0.7 else generator.choice([domain[0], domain[-1]])
            if value is not None:
                answers[qid] = value
        return answers

    def _mutate(self, base: dict, generator: random.Random, changes: int) -> dict:
        answers = {k: (list(v) if isinstance(v, list) else v) for k, v in base.items() if k in self.domains}
        for qid in generator.sample(list(self.domains), min(changes, len(self.domains))):
            value = generator.choice(self.domains[qid])
            if value is None:
                answers.pop(qid, None)
            else:
                answers[qid] = value
        return answers

    # ── evaluation ──

    def evaluate(self, answers: dict) -> tuple:
        key = self._key(answers)
        hit = self.bands.get(key)
        if hit is None:
            env = self.fast.decide(answers)
            self.parity += 1
            if self.parity % 500 == 1:  # the engine is the reference
                reference = engine.decide(self.q, answers)[0]["band"]
                if reference != env["band"]:
                    raise RuntimeError(
                        f"the proof's evaluator gives {env['band']} where the engine gives "
                        f"{reference} for {answers}: report this as a bug"
                    )
            hit = self.bands[key] = (env["band"], env)
        return hit

    def result(self, answers: dict) -> dict:
        key = self._key(answers)
        if key not in self.results:
            self.results[key] = engine.score(self.q, answers)
        return self.results[key]

    def _key(self, answers: dict) -> tuple:
        return tuple((tuple(v) if isinstance(v, list) else v) for v in (answers.get(q) for q in self.domains))

    def _holds(self, g: Guarantee, answers: dict, band: str, env: dict) -> bool:
        assert g.when is not None  # only guarantees with a condition hold or not
        names = g.when.names
        scope = dict(env)
        if names & {"focus", "notes", "day_levels"}:
            result = self.result(answers)
            scope.update(
                focus=result["focus"], notes=result["notes"], day_levels=[row["level"] for row in result["day"]]
            )
        points = _points(self.q, scope)
        return bool(g.when.evaluate(scope, points))

    def _meets(self, g: Guarantee, band: str, answers: dict | None = None) -> bool:
        if g.kind == "note":
            return g.band in self.result(answers or {})["notes"]
        rank = self.rank.get(band)
        if g.kind in ("floor", "ceiling"):
            wanted = self.rank.get(g.band or "")
            assert wanted is not None  # parse() refuses a floor or ceiling on a band without a rank
            if g.kind == "floor":
                return rank is not None and rank >= wanted
            return rank is None or rank <= wanted
        return band != g.band  # never

    # ── the checks ──

    def check(
        self, sets: Iterable[dict], deadline: float = float("inf"), budget: float = 0.0
    ) -> list[QuestionnaireFileError]:
        floors = [g for g in self.guarantees if g.kind == "floor"]
        rules = [g for g in self.guarantees if g.kind in ("floor", "ceiling", "never", "note")]
        monotone = [g for g in self.guarantees if g.kind == "monotone"]
        hides = [g for g in self.guarantees if g.kind == "not_sure_never_hides"]
        for answers in sets:
            if time.perf_counter() > deadline:
                raise self.source.error(
                    ("guarantees",),
                    f"the proof ran out of time after {len(self.bands):,} answer sets (it may take {budget:g} s)",
                    "let the band rules read fewer questions, or split the questionnaire",
                )
            band, env = self.evaluate(answers)
            held = []
            for g in rules:
                # A never-rule only matters when its band is given: skip the (costlier) condition otherwise.
                if g.kind == "never" and band != g.band:
                    continue
                if self._holds(g, answers, band, env):
                    if g.kind == "floor":
                        held.append(g)
                    if not self._meets(g, band, answers):
                        self._fail(g, answers, None)
            for g in monotone:
                for raised in self._raises(g, answers):
                    if not self._monotone_ok(g, band, self.evaluate(raised)[0]):
                        self._fail(g, answers, raised)
            for g in hides:
                for floor in held if floors else ():
                    for qid in g.questions:
                        if qid in floor.triggers or answers.get(qid, self._default(qid)) in (g.value, None):
                            continue
                        if env.get(qid) is None:
                            continue  # not asked here: its answer is not known to the parent's result
                        hidden = dict(answers, **{qid: g.value})
                        if not self._meets(floor, self.evaluate(hidden)[0]):
                            self._fail(g, answers, hidden, floor)
        return [self._report(index) for index in sorted(self.failures)]

    def _default(self, qid: str) -> str | None:
        return self.q.question(qid).default

    def _raises(self, g: Guarantee, answers: dict) -> Iterator[dict]:
        for qid, order in zip(g.questions, g.orders, strict=True):
            current = answers.get(qid, self._default(qid))
            if not order:  # a multiple choice: tick one more
                ticked = current or []
                if not ticked:
                    continue  # nothing ticked is "not answered" (the page asks for one), not "none of these"
                for value in self.q.question(qid).values():
                    if value not in ticked:
                        yield dict(
                            answers, **{qid: [v for v in self.q.question(qid).values() if v in ticked or v == value]}
                        )
            elif current in order and order.index(current) + 1 < len(order):
                yield dict(answers, **{qid: order[order.index(current) + 1]})

    def _monotone_ok(self, g: Guarantee, before: str, after: str) -> bool:
        low, high = self.rank.get(before), self.rank.get(after)
        if low is None or high is None:
            return True  # a band outside the order (gather data) has guarantees of its own
        return (high - low) * g.direction >= 0

    # ── counterexamples ──

    def _fail(self, g: Guarantee, answers: dict, changed: dict | None, floor: Guarantee | None = None) -> None:
        answers, changed = self._shrink(g, answers, changed, floor)
        size = len(answers)
        if g.index in self.failures and self.failures[g.index][0] <= size:
            return
        self.failures[g.index] = (size, self._explain(g, answers, changed, floor))

    def _still_fails(self, g: Guarantee, answers: dict, changed: dict | None, floor: Guarantee | None) -> bool:
        band, env = self.evaluate(answers)
        if g.kind in ("floor", "ceiling", "never", "note"):
            return self._holds(g, answers, band, env) and not self._meets(g, band, answers)
        if g.kind == "monotone":
            return changed is not None and not self._monotone_ok(g, band, self.evaluate(changed)[0])
        assert floor is not None and changed is not None
        return self._holds(floor, answers, band, env) and not self._meets(floor, self.evaluate(changed)[0])

    def _shrink(self, g: Guarantee, answers: dict, changed: dict | None, floor: Guarantee | None) -> tuple:
        """Fewer answers, each as low as it goes, while the guarantee still breaks: the smallest story."""
        diff = (
            {k for k in set(answers) | set(changed or {}) if (changed or {}).get(k) != answers.get(k)}
            if changed is not None
            else set()
        )
        progress = True
        while progress:
            progress = False
            for qid in sorted(answers, key=lambda k: list(self.domains).index(k) if k in self.domains else 0):
                if qid in diff:
                    continue
                for simpler in self._simpler(qid, answers[qid]):
                    trial = dict(answers)
                    if simpler is None:
                        del trial[qid]
                    else:
                        trial[qid] = simpler
                    trial_changed = None
                    if changed is not None:
                        trial_changed = dict(changed)
                        if simpler is None:
                            trial_changed.pop(qid, None)
                        else:
                            trial_changed[qid] = simpler
                    if self._still_fails(g, trial, trial_changed, floor):
                        answers, changed, progress = trial, trial_changed, True
                        break
        return answers, changed

    def _simpler(self, qid: str, value: object) -> list:
        question = self.q.question(qid)
        if question.kind == "multiple":
            if not isinstance(value, list) or not value:
                return []
            return [None, *([v for v in value if v != drop] for drop in value)]
        options = [o.value for o in sorted(question.options, key=lambda o: (o.points is None, o.points or 0))]
        simpler: list = [None] if question.default is None or question.default != value else []
        simpler += [v for v in options[: options.index(value)] if v != question.default] if value in options else []
        return [v for v in simpler if v != value]

    def _explain(self, g: Guarantee, answers: dict, changed: dict | None, floor: Guarantee | None) -> str:
        band, _ = self.evaluate(answers)
        story = _plain(self.q, answers)
        line = self.source.where(("guarantees", g.index))[0]
        won = self._winner(band)
        if g.kind == "note":
            return f"{story} gives no note {g.band}; the guarantee at line {line} asks for it ({g.describe()})"
        if g.kind in ("floor", "ceiling", "never"):
            words = {"floor": "asks for at least", "ceiling": "allows at most", "never": "rules out"}[g.kind]
            return f"{story} gives {band}; the {g.kind} at line {line} {words} {g.band}. {won}"
        after, _ = self.evaluate(changed or answers)
        assert changed is not None  # monotone and not_sure_never_hides always change an answer
        moved = ", ".join(f"{k} to {_value(changed[k])}" for k in changed if changed.get(k) != answers.get(k))
        if g.kind == "monotone":
            return (
                f"{story} gives {band}, but raising {moved} gives {after}: the guarantee at line {line} says "
                f"{g.describe()}. {self._winner(after)}"
            )
        assert floor is not None  # not_sure_never_hides: the floor it hid
        floor_line = self.source.where(("guarantees", floor.index))[0]
        return (
            f"{story} gives {band}, but changing {moved} gives {after}: the floor at line {floor_line} "
            f"({floor.describe()}) is hidden by '{g.value}'. {self._winner(after)}"
        )

    def _winner(self, band: str) -> str:
        index = next(i for i, b in enumerate(self.q.bands) if b.id == band)
        line = self.source.where(("bands", index, "when"))[0]
        return f"The band rule that won is '{band}' at line {line}: {self.q.bands[index].when.source}"

    def _report(self, index: int) -> QuestionnaireFileError:
        return self.source.error(
            ("guarantees", index),
            self.failures[index][1],
            "change the band rules so the guarantee holds, or the guarantee if it is wrong",
        )


def _plain(questionnaire: engine.Questionnaire, answers: dict) -> str:
    shown = [f"{qid} {_value(v)}" for qid, v in answers.items()]
    return " + ".join(shown) if shown else "no answers at all"


def _value(value: object) -> str:
    return "[" + ", ".join(value) + "]" if isinstance(value, list) else str(value)


def _points(questionnaire: engine.Questionnaire, env: Mapping[str, Any]) -> Callable[[str], engine.Number | None]:
    def points(question_id: str) -> engine.Number | None:
        return questionnaire.question(question_id).points_of(env.get(question_id))

    return points


# ── Cache ─────────────────────────────────────────────────────────────────────────────────────


def _cache_key(source: Source) -> str:
    """The definition (less its examples, which the proof only starts from) and the code that scores it."""
    digest = hashlib.sha256()
    data = {k: v for k, v in source.data.items() if k != "examples"}
    digest.update(json.dumps(data, sort_keys=True, default=str).encode())
    for path in sorted(Path(engine.__file__).parent.glob("*.py")) + [Path(__file__)]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def _cache_read(key: str, quick: bool) -> dict | None:
    """A full proof answers for a quick one too; a quick one never stands in for a full one."""
    for mode in ("full", "quick") if quick else ("full",):
        path = CACHE / f"{key}-{mode}.json"
        if path.is_file():
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                return None
    return None


def _cache_write(key: str, quick: bool, proof: Proof) -> None:
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = CACHE / f"{key}.{time.time_ns()}.tmp"
        partial.write_text(
            json.dumps({"method": proof.method, "answer_sets": proof.answer_sets, "seconds": round(proof.seconds, 2)}),
            encoding="utf-8",
        )
        partial.replace(CACHE / f"{key}-{'quick' if quick else 'full'}.json")
    except OSError:
        pass  # a read-only checkout still proves; it only cannot remember


__all__ = ["Guarantee", "Proof", "parse", "prove", "EXHAUSTIVE_LIMIT", "SEARCH_SETS", "QUICK_SETS"]
