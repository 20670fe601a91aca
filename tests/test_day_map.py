"""The day map in the engine's result: for each part of the school day, how much adult help and for which areas.

Driven by the definition (top-level `day:` and each area question's `times:`), so these tests use a tiny
definition of their own and then check the flagship's examples against the rule as stated.
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.core import engine
from tests.helpers import AREAS, TIMES, flagship

SCALE = [
    {"value": "no", "label": "No", "points": 0},
    {"value": "bit", "label": "A bit", "points": 1},
    {"value": "lots", "label": "Lots", "points": 2},
    {"value": "dunno", "label": "Not sure"},
]
TINY = {
    "id": "tiny-day",
    "version": 1,
    "scales": {"help": SCALE},
    "questions": [
        {"id": "reading", "title": "Reading?", "scale": "help", "times": ["morning"]},
        {"id": "eating", "title": "Eating?", "scale": "help", "times": ["lunch", "snack"]},
        {"id": "moving", "title": "Moving?", "scale": "help", "times": ["morning", "lunch"]},
        {
            "id": "when",
            "title": "When?",
            "kind": "multiple",
            "options": [{"value": v, "label": v} for v in ("morning", "lunch", "snack", "afternoon", "everything")],
        },
    ],
    "day": {
        "question": "when",
        "all": "everything",
        "times": ["morning", "lunch", "snack", "afternoon"],
        "levels": ["None", "Some", "Lots"],
    },
    "bands": [{"id": "only", "when": "True"}],
}


def day(answers: dict, definition: dict = TINY) -> list:
    return engine.score(engine.load(definition), answers)["day"]


def levels(rows: list) -> dict:
    return {row["time"]: row["level"] for row in rows}


def test_each_time_takes_the_highest_area_touching_it_in_the_definitions_order():
    rows = day({"reading": "bit", "eating": "no", "moving": "lots"})
    assert [row["time"] for row in rows] == ["morning", "lunch", "snack", "afternoon"]
    assert levels(rows) == {"morning": 2, "lunch": 2, "snack": 0, "afternoon": 0}
    morning = rows[0]
    assert morning["areas"] == ["moving", "reading"]  # highest first
    assert rows[2]["areas"] == [] and not any(row["picked"] for row in rows)


def test_not_sure_and_unanswered_areas_add_no_level():
    assert levels(day({"reading": "dunno"})) == {"morning": 0, "lunch": 0, "snack": 0, "afternoon": 0}


def test_a_time_the_parent_picked_is_raised_to_the_highest_area_level():
    rows = day({"reading": "lots", "eating": "bit", "when": ["snack", "afternoon"]})
    # Reading's usual time (morning) was not picked, so it is drawn at the picked times; eating keeps its own.
    assert levels(rows) == {"morning": 0, "lunch": 1, "snack": 2, "afternoon": 2}
    assert [row["picked"] for row in rows] == [False, False, True, True]
    assert rows[3]["areas"] == ["reading"]
    assert day({"eating": "lots", "when": ["afternoon"]})[3]["areas"] == ["eating"]
    rows = day({"eating": "bit", "moving": "lots", "when": ["lunch"]})
    assert rows[3]["areas"] == [] and rows[3]["level"] == 0  # nobody touches the afternoon; it was not picked


def test_all_day_picks_every_time():
    rows = day({"eating": "bit", "when": ["everything"]})
    assert all(row["picked"] and row["level"] == 1 for row in rows)


def test_areas_list_the_scored_areas_above_zero_highest_first():
    result = engine.score(engine.load(TINY), {"reading": "bit", "eating": "lots", "moving": "no"})
    assert result["areas"] == [{"question": "eating", "level": 2}, {"question": "reading", "level": 1}]


def test_a_definition_without_a_day_has_an_empty_day_map():
    plain = copy.deepcopy(TINY)
    del plain["day"]
    for question in plain["questions"]:
        question.pop("times", None)
    assert day({"reading": "lots"}, plain) == []


@pytest.mark.parametrize(
    "change, path, words",
    [
        (lambda d: d.pop("day"), ("questions", 0, "times"), "need a day"),
        (lambda d: d["questions"][0].update(times=["evening"]), ("questions", 0, "times", 0), "not one of day.times"),
        (lambda d: d["questions"][3].update(times=["morning"]), ("questions", 3, "times"), "points"),
        (lambda d: d["day"].update(levels=["None", "Some"]), ("questions", 0, "times"), "labels for 0 to 1"),
        (lambda d: d["day"].update(times=["morning", "supper"]), ("day", "times", 1), "not an answer of 'when'"),
        (lambda d: d["day"].update(times=["morning", "morning"]), ("day", "times"), "listed twice"),
        (lambda d: d["day"].update(all="morning"), ("day", "all"), "not a time"),
        (lambda d: d["day"].update(question="reading"), ("day", "question"), "not a multiple-choice"),
        (lambda d: d["day"].update(colour="red"), ("day", "colour"), "not a field"),
        (
            lambda d: d["questions"][0].update(guidance={"looks_like": "x", "try_frist": "y"}),
            ("questions", 0, "guidance", "try_frist"),
            "did you mean 'try_first'",
        ),
        (
            lambda d: d["questions"][0].update(guidance={"looks_like": ""}),
            ("questions", 0, "guidance", "looks_like"),
            "needs a text",
        ),
        (lambda d: d.update(letter="Dear {teacher}"), ("letter",), "unknown placeholder {teacher}"),
        (lambda d: d.update(letter="Dear {child_name"), ("letter",), "broken placeholder"),
        (lambda d: d.update(questions_to_ask=["Fine", ""]), ("questions_to_ask", 1), "needs a text"),
    ],
)
def test_broken_day_and_result_texts_are_refused_where_they_are(change, path, words):
    broken = copy.deepcopy(TINY)
    change(broken)
    with pytest.raises(engine.DefinitionError) as caught:
        engine.load(broken)
    assert caught.value.path == path
    assert words in str(caught.value)


def test_letter_placeholders_and_texts_are_accepted():
    good = dict(
        TINY,
        letter="{date}\nDear team, about {child_name}: {areas} {times} {reasons}. {parent_name} {{ok}}",
        questions_to_ask=["What?"],
        what_to_bring=["Notes."],
        tracking="Fill it in.",
    )
    good["questions"] = [
        dict(TINY["questions"][0], guidance={"looks_like": "a", "try_first": "b", "independence": "c"})
    ] + TINY["questions"][1:]
    engine.load(good)


# ── The flagship ────────────────────────────────────────────────────────────────────────────────


def _rule_holds(questionnaire, result) -> None:
    """The stated rule, recomputed from the answers and the definition alone."""
    data = flagship().data
    points = {
        q["id"]: {o["value"]: o.get("points") for o in data["scales"]["help"]}.get(result["answers"].get(q["id"]))
        for q in data["questions"]
        if q.get("times")
    }
    picked = result["answers"].get("when", [])
    peak = max([p for p in points.values() if p is not None], default=0)
    specific = [t for t in picked if t in data["day"]["times"]] if "all_day" not in picked else []
    times_of = {
        q["id"]: (q["times"] if not specific or set(q["times"]) & set(specific) else specific)
        for q in data["questions"]
        if q.get("times")
    }
    assert [row["time"] for row in result["day"]] == data["day"]["times"]
    for row in result["day"]:
        touching = [qid for qid, times in times_of.items() if row["time"] in times]
        level = max([points[q] or 0 for q in touching], default=0)
        chosen = "all_day" in picked or row["time"] in picked
        assert row["picked"] == chosen
        assert row["level"] == (max(level, peak) if chosen else level)
        assert set(row["areas"]) == {q for q in touching if points[q]}
        assert 0 <= row["level"] < len(data["day"]["levels"])


def test_flagship_examples_follow_the_rule():
    source = flagship()
    for example in source.data["examples"]:
        _rule_holds(source.questionnaire, engine.score(source.questionnaire, example["answers"]))


def test_flagship_every_area_question_touches_a_time_and_has_guidance():
    for question in flagship().data["questions"]:
        if question.get("scale") == "help":
            assert question.get("times"), question["id"]
            assert set(question.get("guidance", {})) == {"looks_like", "try_first", "independence"}, question["id"]
            assert question.get("area"), question["id"]


@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={q: st.sampled_from(["never", "sometimes", "often", "always", "not_sure"]) for q in AREAS},
    ),
    st.lists(
        st.sampled_from(TIMES),
        unique=True,
    ),
)
def test_any_answers_give_a_day_map_that_follows_the_rule(answers, when):
    answers = dict(answers, when=when) if when else answers
    source = flagship()
    _rule_holds(source.questionnaire, engine.score(source.questionnaire, answers))


def test_an_area_drawn_at_the_times_the_parent_picked_when_its_usual_times_were_not_picked():
    """Meltdowns only at recess: behavior is usually drawn in lessons, but the parent said recess."""
    from quiz.core import engine
    from tests.helpers import flagship

    calm = {a: "never" for a in AREAS}
    result = engine.score(flagship().questionnaire, dict(calm, behavior="often", injury="none", when=["recess"]))
    by_time = {row["time"]: row for row in result["day"]}
    assert by_time["lessons"]["level"] == 0 and by_time["lessons"]["areas"] == []
    assert by_time["recess"]["level"] == 2 and by_time["recess"]["areas"] == ["behavior"]
    # Picked times that include an area's own keep its own times: transitions stay at arrival too.
    result = engine.score(flagship().questionnaire, dict(calm, transitions="often", when=["transitions", "lessons"]))
    by_time = {row["time"]: row for row in result["day"]}
    assert by_time["arrival_dismissal"]["areas"] == ["transitions"]
