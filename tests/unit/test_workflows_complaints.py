"""Rules of the tenant complaints process: deadlines, routing, responsibility, satisfaction."""

from __future__ import annotations

from datetime import datetime

import pytest

from workflows import complaints
from workflows.complaints import (
    HELPERS,
    complaint_acknowledgement_due,
    complaint_family_of,
    complaint_intervention_due,
    complaint_is_low_satisfaction,
    complaint_is_office_hours,
    complaint_is_repeat_defect,
    complaint_is_written,
    complaint_needs_on_call,
    complaint_satisfaction_outcome,
    complaint_suggested_responsibility,
    complaint_written_reply_due,
)
from workflows.script_helpers import SCRIPT_HELPERS


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text)


# --- urgency → intervention deadline ----------------------------------------------------------


@pytest.mark.parametrize(
    ("urgency", "received", "due"),
    [
        # U1 and U2 count elapsed time, night and Sunday included.
        ("U1", "2026-03-07T22:00:00+01:00", "2026-03-08T01:00:00+00:00"),
        ("U2", "2026-03-07T22:00:00+01:00", "2026-03-08T21:00:00+00:00"),
        # U1 across the spring clock change: 4 real hours, not 4 wall-clock hours.
        ("U1", "2026-03-29T00:30:00+01:00", "2026-03-29T03:30:00+00:00"),
        # U3 on a Monday: 5 business days end on the next Monday at 24:00 Paris time.
        ("U3", "2026-03-02T09:00:00+01:00", "2026-03-09T23:00:00+00:00"),
        # U3 on a Saturday: counting starts on Monday.
        ("U3", "2026-03-07T10:00:00+01:00", "2026-03-13T23:00:00+00:00"),
        # U3 on the Friday before Easter Monday (6 April 2026): the holiday is skipped,
        # so the 5th business day is Monday 13 April, not Friday 10.
        ("U3", "2026-04-03T10:00:00+02:00", "2026-04-13T22:00:00+00:00"),
        # U3 on 1 May (holiday, Friday): Monday 4 to Friday 8 May, also a holiday → Monday 11.
        ("U3", "2026-05-01T10:00:00+02:00", "2026-05-11T22:00:00+00:00"),
    ],
)
def test_intervention_due_by_urgency(urgency: str, received: str, due: str) -> None:
    assert utc(complaint_intervention_due(urgency, received)) == utc(due)


def test_intervention_due_reads_a_naive_instant_as_paris_time() -> None:
    assert utc(complaint_intervention_due("U1", "2026-07-14T10:00:00")) == utc(
        "2026-07-14T12:00:00+00:00"
    )


def test_unknown_urgency_is_refused() -> None:
    with pytest.raises(ValueError, match="U4"):
        complaint_intervention_due("U4", "2026-03-02T09:00:00+01:00")
    with pytest.raises(ValueError, match="urgency"):
        complaint_needs_on_call("u1", "2026-03-02T09:00:00+01:00")


# --- office hours and on-call -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "in_hours"),
    [
        ("2026-03-02T08:29:59+01:00", False),  # Monday, one second before opening
        ("2026-03-02T08:30:00+01:00", True),  # opening time
        ("2026-03-02T17:29:59+01:00", True),
        ("2026-03-02T17:30:00+01:00", False),  # closing time is outside
        ("2026-03-02T07:45:00+00:00", True),  # 08:45 in Paris, given in UTC
        ("2026-03-07T10:00:00+01:00", False),  # Saturday
        ("2026-07-14T10:00:00+02:00", False),  # Bastille Day, a Tuesday
        ("2028-02-29T10:00:00+01:00", True),  # 29 February, a Tuesday
    ],
)
def test_office_hours(received: str, in_hours: bool) -> None:
    assert complaint_is_office_hours(received) is in_hours


@pytest.mark.parametrize(
    ("urgency", "received", "on_call"),
    [
        ("U1", "2026-03-02T19:00:00+01:00", True),
        ("U1", "2026-03-02T10:00:00+01:00", False),
        ("U2", "2026-03-07T22:00:00+01:00", False),
        ("U3", "2026-12-25T10:00:00+01:00", False),
        ("U1", "2026-12-25T10:00:00+01:00", True),
    ],
)
def test_on_call_only_for_u1_outside_office_hours(
    urgency: str, received: str, on_call: bool
) -> None:
    assert complaint_needs_on_call(urgency, received) is on_call


# --- acknowledgement and written reply --------------------------------------------------------


def test_acknowledgement_due_48_hours_later_in_utc() -> None:
    assert utc(complaint_acknowledgement_due("2026-02-27T18:00:00+01:00")) == utc(
        "2026-03-01T17:00:00+00:00"
    )


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Day of receipt not counted; the 15th day ends at 24:00 Paris time.
        ("2026-03-02T09:00:00+01:00", "2026-03-17T23:00:00+00:00"),
        # Across the end of February of a leap year.
        ("2028-02-20T09:00:00+01:00", "2028-03-06T23:00:00+00:00"),
        # 23:30 UTC is already the next day in Paris.
        ("2026-01-31T23:30:00+00:00", "2026-02-16T23:00:00+00:00"),
        # A deadline falling on a public holiday (14 July) is not moved: internal rule.
        ("2026-06-29T10:00:00+02:00", "2026-07-14T22:00:00+00:00"),
    ],
)
def test_written_reply_due(received: str, due: str) -> None:
    assert utc(complaint_written_reply_due(received)) == utc(due)


@pytest.mark.parametrize(
    ("channel", "written"),
    [("letter", True), ("extranet", True), ("call_centre", False), ("caretaker_app", False)],
)
def test_written_channels(channel: str, written: bool) -> None:
    assert complaint_is_written(channel) is written


# --- same defect twice in 3 months ------------------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "received", "repeat"),
    [
        (None, "2026-03-02T09:00:00+01:00", False),
        ("", "2026-03-02T09:00:00+01:00", False),
        ("2025-12-02", "2026-03-02T09:00:00+01:00", True),  # exactly 3 months: a repeat
        ("2025-12-01", "2026-03-02T09:00:00+01:00", False),  # one day more: not a repeat
        ("2026-03-02", "2026-03-02T09:00:00+01:00", True),  # same day
        # 31 May less 3 months is 28 February (29 in a leap year).
        ("2026-02-28", "2026-05-31T09:00:00+02:00", True),
        ("2026-02-27", "2026-05-31T09:00:00+02:00", False),
        ("2028-02-29", "2028-05-31T09:00:00+02:00", True),
        ("2028-02-28", "2028-05-31T09:00:00+02:00", False),
    ],
)
def test_repeat_defect(previous: str | None, received: str, repeat: bool) -> None:
    assert complaint_is_repeat_defect(previous, received) is repeat


def test_previous_report_after_this_one_is_refused() -> None:
    with pytest.raises(ValueError, match="after this one"):
        complaint_is_repeat_defect("2026-03-03", "2026-03-02T09:00:00+01:00")


# --- routing and responsibility ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "family"),
    [
        ("plumbing", "technical"),
        ("lift", "technical"),
        ("leak", "technical"),
        ("charges", "administrative"),
        ("neighbours", "administrative"),
    ],
)
def test_family(category: str, family: str) -> None:
    assert complaint_family_of(category) == family


def test_unknown_category_is_refused() -> None:
    with pytest.raises(ValueError, match="garden"):
        complaint_family_of("garden")
    with pytest.raises(ValueError, match="garden"):
        complaint_suggested_responsibility("garden", None)


@pytest.mark.parametrize(
    ("category", "item", "responsibility"),
    [
        ("plumbing", "tap_washer", "tenant"),  # décret 87-712: robinetterie, joints
        ("electrical", "light_bulb", "tenant"),
        ("plumbing", "pipe", "landlord"),
        ("plumbing", None, "landlord"),
        ("lift", "none", "maintenance_contractor"),
        ("heating", "boiler", "maintenance_contractor"),
        ("cleanliness", "none", "recoverable_charge"),
        ("charges", None, "landlord"),
    ],
)
def test_suggested_responsibility(category: str, item: str | None, responsibility: str) -> None:
    assert complaint_suggested_responsibility(category, item) == responsibility


# --- satisfaction -----------------------------------------------------------------------------


@pytest.mark.parametrize(("score", "low"), [(1, True), (2, True), (3, False), (5, False)])
def test_low_satisfaction_threshold(score: int, low: bool) -> None:
    assert complaint_is_low_satisfaction(score) is low


@pytest.mark.parametrize("score", [0, 6, -1])
def test_score_out_of_scale_is_refused(score: int) -> None:
    with pytest.raises(ValueError, match="between 1 and 5"):
        complaint_is_low_satisfaction(score)


@pytest.mark.parametrize(
    ("score", "reopened", "outcome"),
    [
        (4, 0, "satisfied"),
        (3, 1, "satisfied"),
        (2, 0, "reopen"),
        (2, complaints.MAX_REOPENINGS - 1, "reopen"),
        (1, complaints.MAX_REOPENINGS, "escalate"),
        (1, complaints.MAX_REOPENINGS + 1, "escalate"),
    ],
)
def test_satisfaction_outcome(score: int, reopened: int, outcome: str) -> None:
    assert complaint_satisfaction_outcome(score, reopened) == outcome


# --- script environment -----------------------------------------------------------------------


def test_helpers_are_prefixed_and_reach_the_script_environment() -> None:
    assert HELPERS
    for name, function in HELPERS.items():
        assert name.startswith("complaint_")
        assert SCRIPT_HELPERS[name] is function
