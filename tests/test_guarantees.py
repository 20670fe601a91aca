"""Guarantees declared in a questionnaire file and proven by `quiz check` (quiz/authoring/guarantees.py).

Three kinds of test: the prover catches each kind of broken guarantee, at the guarantee's line, with a
counterexample in plain words and the band rule that won; the flagship and fading questionnaires keep their
guarantees (the same properties checked again by hypothesis, straight against the engine, so a weakened
rule fails here even if the prover were wrong); and the five classes of failure issue 10 found stay fixed.
"""

from __future__ import annotations

import re
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.authoring import definition, guarantees
from quiz.core import engine
from tests.helpers import AREAS, FLAGSHIP, TIMES, flagship

TINY = textwrap.dedent("""\
    id: tiny
    version: 1
    title: A tiny questionnaire
    scales:
      help:
        - {value: never, label: Never, points: 0}
        - {value: often, label: Often, points: 1}
        - {value: always, label: Always, points: 2}
        - {value: not_sure, label: Not sure}
    questions:
      - {id: lessons, title: Lessons?, scale: help, default: not_sure}
      - {id: safety, title: Safety?, scale: help, default: not_sure}
      - id: where
        title: Where?
        ask_when: safety != 'never'
        options:
          - {value: room, label: Room}
          - {value: street, label: Street}
          - {value: not_sure, label: Not sure}
    values:
      unsure: count([lessons, safety], 'not_sure')
      street: where == 'street'
    bands:
      - {id: close, rank: 2, when: "points(safety) >= 2"}
      - {id: gather, when: "unsure >= 2 and not street"}
      - {id: some, rank: 1, when: "points(lessons) >= 1 or street"}
      - {id: none, rank: 0, when: "True"}
    guarantees:
      - {id: more_need, monotone: [lessons, safety]}
      - {id: street_floor, floor: some, when: street, question: where}
      - {id: street_not_hidden, not_sure_never_hides: [lessons, safety]}
      - {id: calm_ceiling, ceiling: none, when: "lessons == 'never' and safety == 'never'"}
    """)


def tiny(tmp_path, text=TINY):
    path = tmp_path / "tiny.yml"
    path.write_text(text)
    return definition.load_file(path)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# ── The prover ──────────────────────────────────────────────────────────────────────────────────


def test_a_small_space_is_proved_exhaustively(tmp_path):
    proof = guarantees.prove(tiny(tmp_path), cache=False)
    assert proof.errors == []
    assert proof.method == "exhaustive" and proof.answer_sets == 4 * 4 * 4  # where: 3 answers or left out
    assert "proved exhaustively over 64 answer sets" in proof.summary()


def test_a_broken_floor_names_its_line_the_smallest_counterexample_and_the_rule_that_won(tmp_path):
    # "gather" now wins before "some": two "not sure" answers hide the street.
    text = TINY.replace('when: "unsure >= 2 and not street"', 'when: "unsure >= 2"')
    source = tiny(tmp_path, text)
    errors = guarantees.prove(source, cache=False).errors
    error = next(e for e in errors if e.line == line_of(text, "id: street_floor"))
    assert "lessons not_sure + safety not_sure + where street gives gather" in error.message
    assert f"the floor at line {error.line} asks for at least some" in error.message
    assert f"The band rule that won is 'gather' at line {line_of(text, 'id: gather')}: unsure >= 2" in error.message


def test_not_sure_hiding_a_floor_is_caught(tmp_path):
    # With the floor on the street written for "often" only, "not sure" about safety removes it.
    text = TINY.replace("floor: some, when: street,", "floor: some, when: \"street and safety != 'not_sure'\",")
    text = text.replace(
        'when: "unsure >= 2 and not street"', "when: \"unsure >= 1 and not (street and safety != 'not_sure')\""
    )
    errors = guarantees.prove(tiny(tmp_path, text), cache=False).errors
    messages = [e.message for e in errors]
    assert any("changing safety to not_sure gives gather" in m and "is hidden by 'not_sure'" in m for m in messages), (
        messages
    )


def test_a_rule_that_lowers_the_band_when_need_rises_is_caught(tmp_path):
    text = TINY.replace('when: "points(safety) >= 2"', 'when: "points(safety) == 1"')
    errors = guarantees.prove(tiny(tmp_path, text), cache=False).errors
    monotone = [e for e in errors if e.line == line_of(text, "id: more_need")]
    assert monotone and "but raising safety to always gives" in monotone[0].message


def test_a_ceiling_is_kept(tmp_path):
    text = TINY.replace('{id: none, rank: 0, when: "True"}', '{id: none, rank: 0, when: "True"}').replace(
        'when: "points(lessons) >= 1 or street"', 'when: "points(lessons) >= 0 or street"'
    )
    errors = guarantees.prove(tiny(tmp_path, text), cache=False).errors
    assert [e.line for e in errors] == [line_of(text, "id: calm_ceiling")]
    assert "the ceiling at line" in errors[0].message and "allows at most none" in errors[0].message


@pytest.mark.parametrize(
    "change, message",
    [
        ("{id: street_floor, floor: some, when: street, question: where}", "there is no band called 'sume'"),
        ("{id: street_floor, floor: some, when: stret, question: where}", "unknown name 'stret'"),
        (
            "{id: street_floor, floor: some, when: \"where == 'stret'\", question: where}",
            "'stret' is not an answer of 'where'",
        ),
        ("{id: street_floor, floor: gather, when: street, question: where}", "has no rank"),
        ("{id: street_floor, flor: some, when: street}", "exactly one of"),
        ("{id: more_need, monotone: [lesons]}", "'lesons' is not a question id (hint: did you mean 'lessons'?)"),
    ],
)
def test_a_guarantee_naming_something_unknown_is_an_error_at_its_line(tmp_path, change, message):
    original = next(line.strip()[2:] for line in TINY.splitlines() if change.split(",")[0] in line)
    misspelt = change.replace("floor: some, when: street, question", "floor: sume, when: street, question")
    text = TINY.replace(original, misspelt if "sume" in message else change)
    with pytest.raises(definition.QuestionnaireFileError) as caught:
        guarantees.prove(tiny(tmp_path, text), cache=False)
    assert message in str(caught.value)
    assert caught.value.line == line_of(text, change.split(",")[0])


def test_a_proof_is_cached_by_the_definitions_hash(tmp_path, monkeypatch):
    monkeypatch.setattr(guarantees, "CACHE", tmp_path / "cache")
    source = tiny(tmp_path)
    first = guarantees.prove(source)
    second = guarantees.prove(source)
    assert not first.cached and second.cached and second.answer_sets == first.answer_sets
    changed = tiny(tmp_path, TINY.replace("question: where}", "question: [where]}"))
    assert not guarantees.prove(changed).cached


# ── The flagship's and the fading questionnaire's guarantees ────────────────────────────────────


def test_the_flagship_declares_the_guarantees_issue_10_asks_for():
    declared = {g.id: g for g in guarantees.parse(flagship())}
    assert {
        "more_need_more_support",
        "where_they_go",
        "injuries",
        "more_times_of_day",
        "street_floor",
        "street_asks_for_a_plan",
        "weekly_injury_floor",
        "plan_not_working_floor",
        "plan_not_working_review",
        "health_all_day_floor",
        "health_all_day_nurse",
        "set_times_ceiling",
        "set_times_text_is_true",
        "not_sure_never_hides",
    } <= set(declared)
    assert declared["street_floor"].band == "time_specific"
    assert declared["weekly_injury_floor"].band == "shared"
    assert declared["where_they_go"].orders == (("in_room", "in_building", "exits_or_street"),)
    assert declared["injuries"].orders == (("none", "occasional", "weekly", "daily"),)


def test_every_floor_and_ceiling_has_an_example_where_it_holds():
    source = flagship()
    questionnaire = source.questionnaire
    for g in guarantees.parse(source):
        if g.kind not in ("floor", "ceiling", "note"):
            continue
        held = []
        for example in source.data["examples"]:
            env, _ = engine.decide(questionnaire, example["answers"])
            if g.when.evaluate(env, lambda q, env=env: questionnaire.question(q).points_of(env.get(q))):
                held.append(example["name"])
        assert held, f"no example exercises the guarantee '{g.id}'"


@pytest.mark.parametrize(
    "path", ["docs/questionnaires/paraprofessional-support.yml", "docs/questionnaires/fading-readiness.yml"]
)
def test_the_project_questionnaires_keep_their_guarantees(path):
    proof = guarantees.prove(definition.load_file(path))
    assert proof.errors == [], "\n".join(str(e) for e in proof.errors)
    if "fading" in path:
        assert proof.method == "exhaustive" and proof.answer_sets == 196_608
    else:
        assert proof.method == "search" and proof.answer_sets >= guarantees.SEARCH_SETS


@pytest.mark.parametrize(
    "weaken, guarantee",
    [
        ('  safety_level: "max([points(safety), 2 if street else 0])"', "street_floor"),
        ("      injury_weekly or health_all_day", "weekly_injury_floor"),
        ("    when: not_sure_count >= 3 and not intensive", "street_floor"),
        ("    when: routine_high or behavior_safety >= 2", "more_times_of_day"),
    ],
)
def test_weakening_a_flagship_rule_breaks_its_guarantee(tmp_path, weaken, guarantee):
    text = FLAGSHIP.read_text(encoding="utf-8")
    replacement = {
        "street_floor": None,
        "weekly_injury_floor": "      False or health_all_day",
        "more_times_of_day": "    when: routine_high or (behavior_safety >= 2 and routine_only)",
    }
    if weaken.startswith("  safety_level"):
        new = '  safety_level: "max([points(safety), 0])"'
    elif weaken.startswith("    when: not_sure_count"):
        new = "    when: not_sure_count >= 3"
    else:
        new = replacement[guarantee]
    assert weaken in text
    path = tmp_path / "weakened.yml"
    path.write_text(text.replace(weaken, new, 1), encoding="utf-8")
    source = definition.load_file(path)
    proof = guarantees.prove(source, quick=True, cache=False)
    lines = {g.id: source.where(("guarantees", g.index))[0] for g in guarantees.parse(source)}
    assert lines[guarantee] in [e.line for e in proof.errors], "\n".join(str(e) for e in proof.errors)


# The same promises, checked by hypothesis straight against the engine (not through the prover).

RANK = {"classroom": 0, "time_specific": 1, "shared": 2, "one_to_one": 3}


@st.composite
def parents(draw) -> dict:
    q = flagship().questionnaire
    answers = {}
    for question in q.questions:
        if question.kind == "multiple":
            answers[question.id] = draw(st.lists(st.sampled_from(question.values()), unique=True, min_size=1))
        else:
            answers[question.id] = draw(st.sampled_from(question.values()))
    return answers


@settings(max_examples=500, deadline=None)
@given(parents(), st.sampled_from(["sometimes", "not_sure", "often", "always"]))
def test_a_street_risk_is_never_classroom_or_gather_data_and_asks_for_a_plan_now(answers, how_often):
    answers = dict(answers, safety=how_often, safety_where="exits_or_street")
    result = engine.score(flagship().questionnaire, answers)
    assert result["band"] not in ("classroom", "gather_data"), answers
    assert "safety_plan_now" in result["notes"]
    assert (
        "when" in engine.asked(flagship().questionnaire, answers)
        and engine.asked(flagship().questionnaire, answers)["when"] != []
    )


@settings(max_examples=500, deadline=None)
@given(parents(), st.sampled_from(["weekly", "daily"]))
def test_someone_hurt_weekly_is_at_least_shared(answers, injury):
    behavior = answers["behavior"] if answers["behavior"] != "never" else "sometimes"
    answers = dict(answers, behavior=behavior, injury=injury)
    result = engine.score(flagship().questionnaire, answers)
    assert RANK.get(result["band"], -1) >= (3 if injury == "daily" else 2), answers
    if answers.get("plan") == "established" and "plan" in result["answers"]:
        assert "plan_review" in result["notes"]


@settings(max_examples=500, deadline=None)
@given(parents(), st.sampled_from(AREAS))
def test_turning_an_answer_into_not_sure_never_brings_a_street_risk_to_gather_data(answers, area):
    answers = dict(
        answers,
        safety_where="exits_or_street",
        safety=answers["safety"] if answers["safety"] != "never" else "sometimes",
    )
    hidden = dict(answers, **{area: "not_sure"})
    if area == "safety":
        hidden["safety_where"] = "exits_or_street"
    assert engine.score(flagship().questionnaire, hidden)["band"] != "gather_data"


@settings(max_examples=500, deadline=None)
@given(
    parents(),
    st.sampled_from(TIMES),
)
def test_ticking_one_more_part_of_the_day_never_lowers_the_band(answers, time):
    q = flagship().questionnaire
    if time in answers["when"]:
        return
    more = dict(answers, when=[v for v in q.question("when").values() if v in answers["when"] or v == time])
    before, after = engine.score(q, answers)["band"], engine.score(q, more)["band"]
    if before in RANK and after in RANK:
        assert RANK[after] >= RANK[before], (answers, time, before, after)


@settings(max_examples=300, deadline=None)
@given(parents())
def test_certain_times_is_never_shown_beside_an_adult_all_day(answers):
    result = engine.score(flagship().questionnaire, answers)
    if result["band"] == "time_specific":
        assert "all_day" not in result["focus"]
        assert min(row["level"] for row in result["day"]) < 3, answers


# ── The five classes issue 10 found, before (in the comments) and after ──────────────────────────


def band(**answers) -> str:
    calm = {a: "never" for a in AREAS}
    return engine.score(flagship().questionnaire, dict(calm, **answers))["band"]


def test_class_1_a_street_risk_now_and_then_is_no_longer_classroom_or_gather_data():
    # Before: classroom, and with most answers "not sure", gather_data.
    assert band(safety="sometimes", safety_where="exits_or_street", when=["recess"]) == "time_specific"
    assert band(safety="sometimes", safety_where="exits_or_street") == "shared"
    unsure = {a: "not_sure" for a in ("academics", "transitions", "behavior", "social", "unstructured")}
    assert band(**unsure, safety="sometimes", safety_where="exits_or_street", when=["recess"]) == "time_specific"


def test_class_2_weekly_injury_despite_an_established_plan_is_shared_with_a_review():
    # Before: classroom, with a reason calling it data a team looks at before adding support.
    answers = {a: "never" for a in AREAS} | {"behavior": "often", "injury": "weekly", "plan": "established"}
    result = engine.score(flagship().questionnaire, answers)
    assert result["band"] == "shared" and "plan_review" in result["notes"]
    assert all(not re.search(r"before adding", r["because"]) for r in result["reasons"])


def test_class_3_ticking_more_times_no_longer_lowers_meltdowns_most_days():
    # Before: time_specific with recess only, classroom with recess, lunch and transitions.
    assert (
        band(behavior="often", injury="occasional", when=["recess"])
        == band(behavior="often", injury="occasional", when=["recess", "lunch", "transitions"])
        == "time_specific"
    )


def test_class_4_health_and_physical_care_all_day_is_at_least_shared():
    # Before: time_specific, "the rest of the day ... without an extra adult" beside a day map all at the top.
    answers = {a: "never" for a in AREAS} | {
        "transitions": "always",
        "personal_care": "always",
        "medical": "always",
        "mobility": "always",
        "when": ["all_day"],
    }
    result = engine.score(flagship().questionnaire, answers)
    assert result["band"] == "shared"
    assert {"nurse", "trained_adult_all_day"} <= set(result["notes"])


def test_class_5_each_level_of_the_help_scale_means_one_thing_everywhere():
    data = flagship().data
    prefixes = {"sometimes": "On some days", "often": "On most days", "always": "Nearly all the time"}
    for question in data["questions"]:
        if question.get("scale") != "help":
            continue
        for level, prefix in prefixes.items():
            hint = question["hints"][level]
            if question["id"] in ("behavior", "personal_care", "medical", "mobility", "safety") and level == "always":
                assert hint.startswith("Every day"), (question["id"], hint)
            else:
                assert hint.startswith(prefix), (question["id"], hint)
    page = (FLAGSHIP.parents[1] / "how-it-works.md").read_text(encoding="utf-8")
    for level in ("On some days, not most", "On most days", "Nearly all the time"):
        assert level in page, level


def test_a_proof_that_runs_out_of_time_stops_at_the_guarantees_line(tmp_path, monkeypatch):
    monkeypatch.setitem(guarantees.BUDGET, "full", 0.0)
    source = tiny(tmp_path)
    with pytest.raises(definition.QuestionnaireFileError) as caught:
        guarantees.prove(source, cache=False)
    assert "the proof ran out of time after" in caught.value.message
    assert caught.value.line == line_of(TINY, "guarantees:")
