"""`python -m quiz check`: examples as tests, bands no answers reach, reading grade, coverage."""

from __future__ import annotations

from quiz.authoring import checks, definition
from tests.helpers import FLAGSHIP, flagship
from tests.test_definition import GOOD


def load(tmp_path, text):
    path = tmp_path / "tiny.yml"
    path.write_text(text)
    return definition.load_file(path)


def test_the_flagship_passes_every_check_and_its_examples_reach_every_band():
    errors, coverage = checks.all_checks(flagship())
    assert errors == []
    assert coverage.unexercised()["bands"] == []
    assert coverage.unexercised()["notes"] == []


def test_a_band_no_answer_can_reach_is_reported_at_its_line(tmp_path):
    # "total >= 2" can never hold: points(first) is 0 or 1.
    source = load(tmp_path, GOOD.replace('when: "total >= 1"', 'when: "total >= 2"'))
    errors = checks.unreachable_bands(source, checks.examples(source)[1])
    assert [(e.line, e.message[:40]) for e in errors] == [(26, "no answer set reaches the band 'high' (n")]
    assert "add an example" in str(errors[0])


def test_a_band_reached_by_search_is_not_reported(tmp_path):
    source = load(tmp_path, GOOD)
    assert checks.unreachable_bands(source, checks.examples(source)[1]) == []


def test_a_hard_text_is_reported_with_its_line(tmp_path):
    hard = (
        "Notwithstanding the aforementioned considerations, individualized paraprofessional "
        "intervention necessitates comprehensive documentation substantiating educational appropriateness."
    )
    source = load(tmp_path, GOOD.replace("because: You said yes.", f"because: {hard}"))
    errors = checks.reading_grade(source)
    assert len(errors) == 1 and errors[0].line == 24 and "above 8" in str(errors[0])


def test_a_changed_example_names_the_band_condition_that_won(tmp_path):
    text = GOOD + "examples:\n  - name: said yes\n    answers: {first: 'yes'}\n    expect: {band: low, notes: []}\n"
    errors, _ = checks.examples(load(tmp_path, text))
    messages = [str(e) for e in errors]
    assert len(messages) == 2
    assert "expected band 'low', got 'high'" in messages[0]
    assert "band 'high' now comes first because its condition holds: total >= 1" in messages[0]
    assert "expected notes [], got ['hello']" in messages[1] and "'hello' when band == 'high'" in messages[1]


def test_an_example_with_a_bad_answer_is_reported(tmp_path):
    text = GOOD + "examples:\n  - name: typo\n    answers: {first: 'yse'}\n    expect: {band: low}\n"
    errors, _ = checks.examples(load(tmp_path, text))
    assert len(errors) == 1 and errors[0].line == 32 and '"first" has the value "yse"' in str(errors[0])


def test_an_example_expecting_notes_that_are_not_a_list_is_reported_not_a_crash(tmp_path):
    # Before: `expect: {notes: 5}` stopped `quiz check` with a TypeError ('int' object is not iterable).
    text = GOOD + "examples:\n  - name: said yes\n    answers: {first: 'yes'}\n    expect: {notes: 5}\n"
    errors, _ = checks.examples(load(tmp_path, text))
    assert len(errors) == 1 and "expected notes 5, got ['hello']" in str(errors[0]), errors
    assert "'hello' when band == 'high'" in str(errors[0])


def test_coverage_counts_what_the_examples_exercise():
    _, coverage = checks.examples(flagship())
    examples = flagship().data["examples"]
    assert sum(coverage.bands.values()) == len(examples)
    assert coverage.rules["street_elopement"] == sum(
        1
        for e in examples
        if e["answers"].get("safety_where") == "exits_or_street" and e["answers"].get("safety") in ("often", "always")
    )


def test_the_search_is_seeded_so_the_check_is_repeatable():
    q = flagship().questionnaire
    assert list(checks.answer_sets(q, 50)) == list(checks.answer_sets(q, 50))
    assert FLAGSHIP.exists()


def test_results_never_tell_a_parent_what_their_child_needs():
    """The site shows what may be worth discussing; the IEP team decides. Findings, bands and notes say so."""
    import re
    from pathlib import Path

    for path in sorted(Path(FLAGSHIP).parent.glob("*.yml")):
        data = definition.load_file(path).data
        texts = [r["because"] for r in data.get("rules", [])]
        texts += [b.get(k, "") for b in data["bands"] for k in ("title", "summary", "looks_like")]
        texts += [n.get("text", "") for n in data.get("notes", [])] + [data.get("letter", "")]
        texts += [item.get(key, "") for item in data.get("letters", []) for key in ("title", "hint", "body")]
        needs = re.compile(r"\byour child needs\b|\bneeds (a|an) (1:1|one-to-one|aide)", re.I)
        offenders = [t for t in texts if needs.search(t)]
        assert offenders == [], path.name
