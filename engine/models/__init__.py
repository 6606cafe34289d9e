"""The engine's tables (SQLAlchemy 2, typed), one module per concept."""

from engine.models.api import (
    ApiToken,
    Attachment,
    CaseTracking,
    IdempotentRequest,
    LoginThrottle,
)
from engine.models.audit import AuditEntry, Comment
from engine.models.base import Base
from engine.models.dashboard import DashboardWeek, DashboardWeekFact
from engine.models.definitions import ProcessDefinition
from engine.models.instances import InstanceStatus, ProcessInstance
from engine.models.jobs import Job, JobStatus
from engine.models.notifications import EmailStatus, Notification
from engine.models.people import Person
from engine.models.places import Building, Dwelling, Residence, Spot, Territory
from engine.models.sla import LIVE_CLOCKS, ClockStatus, SlaClock
from engine.models.tasks import HumanTask, TaskStatus

__all__ = [
    "LIVE_CLOCKS",
    "ApiToken",
    "Attachment",
    "AuditEntry",
    "Base",
    "Building",
    "CaseTracking",
    "ClockStatus",
    "Comment",
    "DashboardWeek",
    "DashboardWeekFact",
    "Dwelling",
    "EmailStatus",
    "HumanTask",
    "IdempotentRequest",
    "InstanceStatus",
    "Job",
    "JobStatus",
    "LoginThrottle",
    "Notification",
    "Person",
    "ProcessDefinition",
    "ProcessInstance",
    "Residence",
    "SlaClock",
    "Spot",
    "TaskStatus",
    "Territory",
]
