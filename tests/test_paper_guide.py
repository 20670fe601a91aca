"""The paper version's steps, worked by hand: a parent with a pen follows the guide printed under the questions.

The guide's steps are the bands' `paper:` texts (docs/questionnaires/paraprofessional-support.yml), written
beside the conditions they explain. `by_hand` below follows those printed words, step by step, knowing only
what the page shows a parent (labels, groups, "set times"), never the engine's values. The test works every
example and 8,000 seeded answer sets (follow-ups answered whenever the page asks them, as the page
requires) through it, and fails on any answer set where the paper and the engine disagree.
"""

from __future__ import annotations

import random

from quiz.core import engine
from tests.helpers import AREAS, flagship

GROUPS = {
    "health": ["personal_care", "medical", "mobility"],
    "behavior and safety": ["safety", "behavior"],
    "learning": ["academics", "communication"],
    "joining in": ["transitions", "social", "unstructured"],
}
SET_TIME_AREAS = ["transitions", "personal_care", "unstructured", "medical", "mobility"]
SET_TIMES = ["arrival_dismissal", "transitions", "lunch", "recess", "specials", "personal_care_routines"]


def by_hand(a: dict) -> str:
    """The five steps of "Work it out on paper", in the words printed on the page."""
    area = {k: a.get(k, "not_sure") for k in AREAS}
    street = a.get("safety_where") == "exits_or_street"
    hurt_weekly = a.get("injury") in ("weekly", "daily")
    ticked = a.get("when", [])

    def high(k: str) -> bool:  # Often or Always; the street counts for safety, weekly injury for behavior
        return area[k] in ("often", "always") or (k == "safety" and street) or (k == "behavior" and hurt_weekly)

    def always_in(group: str) -> bool:
        return any(area[k] == "always" for k in GROUPS[group])

    set_times_only = 1 <= len(ticked) <= 2 and all(t in SET_TIMES for t in ticked)
    all_day = "all_day" in ticked or len(ticked) == 7
    any_always = any(area[k] == "always" for k in AREAS)
    always_anytime = any(area[k] == "always" for k in ("behavior", "safety", "academics", "communication", "social"))

    # 1. One-to-one support.
    if (
        (street and area["safety"] in ("often", "always"))
        or (area["safety"] == "always" and a.get("safety_where") in ("in_building", "not_sure"))
        or a.get("injury") == "daily"
    ):
        return "one_to_one"
    if sum(always_in(g) for g in GROUPS) >= 2 and always_anytime and not set_times_only:
        return "one_to_one"
    # 2. Gather more information first.
    if list(area.values()).count("not_sure") >= 3 and not (street or hurt_weekly or any_always):
        return "gather_data"
    # 3. Shared support.
    any_high = any(high(k) for k in AREAS)
    if hurt_weekly or always_anytime or (all_day and any_high) or (any_always and len(ticked) >= 3):
        return "shared"
    if sum(area[k] == "always" for k in GROUPS["health"]) >= 2 and not set_times_only:
        return "shared"
    if not set_times_only:
        anytime = any(high(k) for k in ("academics", "communication", "social", "behavior", "safety"))
        groups_high = [g for g in GROUPS if any(high(k) for k in GROUPS[g])]
        if street or (anytime and (any(high(k) for k in SET_TIME_AREAS) or len(groups_high) >= 2)):
            return "shared"
    # 4. Support at certain times of day.
    if any(high(k) for k in SET_TIME_AREAS) or high("behavior") or high("safety"):
        return "time_specific"
    # 5. Classroom supports.
    return "classroom"


def _as_the_page_asks(generator: random.Random) -> dict:
    """A random parent: every area answered, each follow-up answered whenever the page asks it."""
    questionnaire = flagship().questionnaire
    answers: dict = {}
    for question in questionnaire.questions:
        if question.kind == "multiple":
            answers[question.id] = [v for v in question.values() if generator.random() < 0.25] or [
                generator.choice(question.values())
            ]
        else:
            answers[question.id] = generator.choice(question.values())
    shown = engine.asked(questionnaire, answers)
    return {k: v for k, v in answers.items() if shown.get(k) not in (None, [])}


def test_every_example_works_out_the_same_on_paper():
    source = flagship()
    for example in source.data["examples"]:
        answers = example["answers"]
        assert by_hand(answers) == engine.score(source.questionnaire, answers)["band"], example["name"]


def test_the_paper_steps_agree_with_the_engine_on_8000_answer_sets():
    questionnaire = flagship().questionnaire
    generator = random.Random(20261201)
    seen = {}
    for _ in range(8_000):
        answers = _as_the_page_asks(generator)
        band = engine.decide(questionnaire, answers)[0]["band"]
        assert by_hand(answers) == band, answers
        seen[band] = seen.get(band, 0) + 1
    assert set(seen) == {"one_to_one", "gather_data", "shared", "time_specific", "classroom"}, seen


def test_the_page_prints_one_step_per_band_in_the_engines_order():
    from quiz.authoring import definition
    from quiz.site import form

    data = definition.render_texts(flagship().data)
    html = form._paper_steps(data)
    positions = [
        html.index(f"<strong>{word}")
        for word in (
            "One-to-one support",
            "Gather more information first",
            "Shared support",
            "Support at certain times of day",
            "Classroom supports",
        )
    ]
    assert positions == sorted(positions) and html.count("<li>") == len(flagship().data["bands"])
