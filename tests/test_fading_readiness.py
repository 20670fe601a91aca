"""The second questionnaire, "Is it time to step back?": the engine scores it with no code of its own.

Its model's promises, checked over many answer sets: more independence never points to more adult support;
stepping back is never suggested without data that shows progress, or while the adult's job includes safety
or health care. Also: its examples reach every band, and the catalogue page lists every questionnaire.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.authoring import definition
from quiz.core import engine

ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRES = ROOT / "docs" / "questionnaires"
SOURCE = definition.load_file(QUESTIONNAIRES / "fading-readiness.yml")
QUESTIONNAIRE = SOURCE.questionnaire
SKILLS = ["starts_tasks", "visual_schedule", "asks_peers", "calms_down", "moves_with_peer"]
LADDER = ["not_yet", "partly", "yes_mostly"]
PROMPTS = ["hands_on", "words", "little_or_none"]
RANK = {band["id"]: band.get("rank") for band in SOURCE.data["bands"]}


def score(answers: dict) -> dict:
    return engine.score(QUESTIONNAIRE, answers)


def answer_sets(sure: bool = False):
    """Answers to every question; with sure=True, no "not sure" among the skills (so a ranked band comes out)."""

    def values(question_id: str) -> list:
        values = QUESTIONNAIRE.question(question_id).values()
        return [v for v in values if v != "not_sure"] if sure and question_id in SKILLS + ["prompt_level"] else values

    fields = {q.id: st.sampled_from(values(q.id)) for q in QUESTIONNAIRE.questions if q.kind == "single"}
    fields["manages_when"] = st.lists(st.sampled_from(QUESTIONNAIRE.question("manages_when").values()), unique=True)
    return st.fixed_dictionaries(fields)


def test_examples_reach_every_band_and_pass():
    bands = set()
    for example in SOURCE.data["examples"]:
        result = score(example["answers"])
        for key in ("band", "focus", "notes"):
            assert result[key] == example["expect"][key], (example["name"], key)
        bands.add(result["band"])
    assert bands == set(RANK)
    assert len(SOURCE.data["examples"]) >= 6


def test_points_add_up_from_the_answers():
    all_strong = {skill: "yes_mostly" for skill in SKILLS} | {"prompt_level": "little_or_none"}
    env = engine.asked(QUESTIONNAIRE, all_strong)
    points = engine._points(QUESTIONNAIRE, env)
    values = dict(QUESTIONNAIRE.values)
    assert values["skill_points"].evaluate(env, points) == 12
    assert values["strong_skills"].evaluate(env, points) == 5


def test_focus_names_times_only_when_stepping_back_is_discussed():
    base = {skill: "yes_mostly" for skill in SKILLS} | {
        "prompt_level": "little_or_none",
        "time_in_place": "over_six_months",
        "data": "shows_progress",
        "written_plan": "written",
        "safety_role": "no",
        "manages_when": ["recess", "lessons"],
    }
    ready = score(base)
    assert ready["band"] == "ready_to_step_back" and ready["focus"] == ["lessons", "recess"]
    weak = score(base | {skill: "not_yet" for skill in SKILLS} | {"calms_down": "yes_mostly"})
    assert weak["band"] == "keep_support_and_build_skills" and weak["focus"] == []
    assert "manages_when" in weak["answers"], "asked (one strong skill), yet not a focus while support stays"


def test_the_times_question_is_asked_only_after_a_strong_skill():
    none_strong = score({skill: "partly" for skill in SKILLS} | {"manages_when": ["lunch"]})
    assert "manages_when" not in none_strong["answers"]


@settings(max_examples=300, deadline=None)
@given(answers=answer_sets(sure=True), skill=st.sampled_from(SKILLS + ["prompt_level"]))
def test_more_independence_never_points_to_more_support(answers, skill):
    ladder = PROMPTS if skill == "prompt_level" else LADDER
    step = ladder.index(answers[skill])
    if step == len(ladder) - 1:
        return
    before = score(answers)["band"]
    after = score(dict(answers, **{skill: ladder[step + 1]}))["band"]
    if RANK[before] is not None and RANK[after] is not None:
        assert RANK[after] <= RANK[before], (skill, before, after)


@settings(max_examples=300, deadline=None)
@given(answers=answer_sets())
def test_stepping_back_needs_data_and_never_touches_safety(answers):
    result = score(answers)
    if result["band"] == "ready_to_step_back":
        assert answers["data"] == "shows_progress"
        assert answers["safety_role"] != "yes"
        assert answers["time_in_place"] in ("three_to_six_months", "over_six_months")
    if answers["safety_role"] == "yes":
        assert "safety_first" in result["notes"]
    assert "student_voice" in result["notes"]


def test_texts_never_tell_a_parent_what_their_child_needs():
    text = (QUESTIONNAIRES / "fading-readiness.yml").read_text(encoding="utf-8") + (
        QUESTIONNAIRES / "fading-readiness.md"
    ).read_text(encoding="utf-8")
    assert not re.search(r"\byour child (needs|must have|should have) (a|an|the|more|less|one|1:1)\b", text, re.I)


@pytest.mark.parametrize("path", sorted(QUESTIONNAIRES.glob("*.yml")), ids=lambda p: p.stem)
def test_catalogue_lists_each_questionnaire_with_its_category_and_topics(path):
    data = definition.load_file(path).data
    catalogue = (QUESTIONNAIRES / "index.md").read_text(encoding="utf-8")
    assert data.get("category") and data.get("topics"), f"{path.name} needs category: and topics:"
    assert f"## {data['category']}" in catalogue
    assert f"]({path.stem}.md)" in catalogue
    row = next(line for line in catalogue.splitlines() if line.startswith("|") and f"]({path.stem}.md)" in line)
    assert row.split("|")[-2].strip() == ", ".join(data["topics"])
    for topic in data["topics"]:
        assert re.search(rf"^- \*\*{re.escape(topic)}\*\*: .*\]\({path.stem}\.md\)", catalogue, re.M | re.I), topic


@pytest.mark.parametrize("path", sorted(QUESTIONNAIRES.glob("*.yml")), ids=lambda p: p.stem)
def test_each_questionnaire_page_links_to_the_others_in_its_category(path):
    category = definition.load_file(path).data["category"]
    page = path.with_suffix(".md").read_text(encoding="utf-8")
    assert "## Related questionnaires" in page
    related = page.split("## Related questionnaires", 1)[1]
    for other in QUESTIONNAIRES.glob("*.yml"):
        if other != path and definition.load_file(other).data["category"] == category:
            assert f"]({other.stem}.md)" in related, f"{path.with_suffix('.md').name} should link to {other.stem}"
