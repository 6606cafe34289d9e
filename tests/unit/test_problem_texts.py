"""Model problems have a stable code, English from one catalogue, and French for every code."""

from __future__ import annotations

import pytest

from admin.web.problem_texts import FRENCH, FRENCH_TERMS, in_french
from engine.model_problems import MAX_REPORTED, ModelRejected, Problem
from engine.problem_texts import TEMPLATES, TERMS, fields
from engine.specs import load_model
from tests.unit.test_specs import ROLE, document, process, user_task

SCRIPT = '<bpmn:scriptTask id="calc"><bpmn:script>{}</bpmn:script></bpmn:scriptTask>'
TIMER = (
    '<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition id="wait_def"/>'
    "</bpmn:intermediateCatchEvent>"
)


def refusal(xml: bytes, **kwargs: object) -> list[Problem]:
    with pytest.raises(ModelRejected) as caught:
        load_model(xml, **kwargs)  # type: ignore[arg-type]
    return caught.value.problems


# --- catalogues --------------------------------------------------------------------------------


def test_every_engine_problem_has_french_with_the_same_fields() -> None:
    assert set(FRENCH) == set(TEMPLATES)
    for code, template in TEMPLATES.items():
        assert fields(FRENCH[code]) == fields(template), code


def test_every_term_has_french() -> None:
    assert set(FRENCH_TERMS) == set(TERMS)


def test_french_templates_fill_in_with_any_value() -> None:
    for code, template in FRENCH.items():
        # French fields take no format spec: numbers arrive already grouped.
        assert "{" not in template.format_map({name: "x" for name in fields(template)}), code


# --- problems ----------------------------------------------------------------------------------


def test_problem_is_rendered_in_english_from_its_code() -> None:
    problem = Problem.of("file_too_large", size=3_000_000, limit=2_097_152)
    assert problem.message == "file is 3,000,000 bytes, over the limit of 2,097,152 bytes"
    assert hash(problem) == hash(Problem.of("file_too_large", limit=2_097_152, size=3_000_000))


@pytest.mark.parametrize(
    "build",
    [
        lambda: Problem("no_such_code"),
        lambda: Problem.of("duplicate_id", id="a"),  # first_line missing
        lambda: Problem.of("file_empty", detail="extra"),
        lambda: Problem.of("code_empty", what="not a term"),
    ],
    ids=["unknown code", "missing field", "extra field", "unknown term"],
)
def test_a_problem_must_match_its_template(build: object) -> None:
    with pytest.raises(ValueError):
        build()  # type: ignore[operator]


def test_dropped_problems_are_counted_with_a_code() -> None:
    many = [Problem.of("duplicate_id", id=f"n{i}", first_line=1) for i in range(MAX_REPORTED + 5)]
    last = ModelRejected(many).problems[-1]
    assert (last.code, last.message) == ("more_problems", "... and 6 more problems")
    assert in_french(last) == "… et 6 autres problèmes"


# --- codes of real refusals --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("xml", "kwargs", "expected"),
    [
        (
            document(process(user_task(ROLE + '<hf:form key="nope"/>'))),
            {"form_keys": {"a"}},
            "form_unknown",
        ),
        (document(process(user_task('<hf:role key="janitor"/>'))), {}, "role_unknown"),
        (document(process(user_task())), {}, "task_without_role_source"),
        (document(process(TIMER)), {}, "timer_without_definition"),
        (document(process(SCRIPT.format("x = ("))), {}, "code_refused"),
        (document(process(SCRIPT.format("import os"))), {}, "code_refused"),
        (document(process(user_task(ROLE), executable="false")), {}, "no_executable_process"),
        (document(), {}, "no_process"),
        (b"<bpmn:definitions", {}, "xml_malformed_at_column"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "a">]>\n<d/>', {}, "doctype_refused"),
        (b"", {}, "file_empty"),
        (b"<definitions/>", {}, "not_bpmn_without_namespace"),
        (
            document('<bpmn:process id="p" isExecutable="true"><bpmn:bogus/></bpmn:process>'),
            {},
            "schema_error",
        ),
    ],
)
def test_refusals_carry_their_code(xml: bytes, kwargs: dict[str, object], expected: str) -> None:
    assert expected in [problem.code for problem in refusal(xml, **kwargs)]


def test_a_script_error_keeps_the_library_text_as_detail() -> None:
    (problem,) = [
        problem
        for problem in refusal(document(process(SCRIPT.format("import os"))))
        if problem.code == "code_refused"
    ]
    detail = dict(problem.params)["detail"]
    assert problem.message == f"script: {detail}"
    assert in_french(problem) == f"le script\u00a0: {detail}"


# --- French ------------------------------------------------------------------------------------


def test_french_uses_process_owner_vocabulary_and_typography() -> None:
    xml = document(process(user_task(ROLE + '<hf:form key="nope"/>'), TIMER))
    problems = {p.code: p for p in refusal(xml, form_keys={"a", "b"})}
    assert in_french(problems["form_unknown"]) == (
        "hf:form «\u00a0nope\u00a0» n'est pas un formulaire connu (formulaires connus\u00a0: a, b)"
    )
    assert in_french(problems["timer_without_definition"]) == (
        "l'événement minuterie n'a ni timeDate, ni timeDuration, ni timeCycle"
    )


def test_french_groups_thousands_with_a_narrow_space() -> None:
    problem = Problem.of("file_over_limit", limit=2_097_152)
    assert in_french(problem) == "le fichier dépasse la limite de 2\u202f097\u202f152 octets"


def test_french_says_which_kind_of_task_has_no_role() -> None:
    (problem,) = refusal(document(process('<bpmn:manualTask id="lock" name="Poser la serrure"/>')))
    assert problem.code == "task_without_role_source"
    assert in_french(problem).startswith(
        "la tâche manuelle «\u00a0Poser la serrure\u00a0» n'a pas de rôle"
    )
