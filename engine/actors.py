"""Who is acting, and what a person may do to a human task."""

from __future__ import annotations

from dataclasses import dataclass

from workflows.roles import Role

SYSTEM = "system"
OUTSIDER_ROLES = frozenset({Role.TENANT.value, Role.CONTRACTOR.value})


@dataclass(frozen=True)
class Actor:
    """A person as the services see them: name, role keys, territory.

    ``territory`` None means every territory (direction staff, admins).
    """

    username: str
    roles: frozenset[str]
    territory: str | None = None

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN.value in self.roles

    @property
    def is_outsider(self) -> bool:
        """Not office staff: tenant or contractor roles only (an integration has no role)."""
        return bool(self.roles) and self.roles <= OUTSIDER_ROLES

    def serves(self, territory: str | None) -> bool:
        """True when the actor's territory covers a case of ``territory``."""
        return self.territory is None or territory is None or self.territory == territory

    def may_work_on(
        self, candidate_role: str | None, territory: str | None, escalated_role: str | None = None
    ) -> bool:
        """May take a task offered to ``candidate_role`` or ``escalated_role`` in ``territory``."""
        if self.is_admin:
            return True
        offered = candidate_role in self.roles or escalated_role in self.roles
        return offered and self.serves(territory)


SYSTEM_ACTOR = Actor(SYSTEM, frozenset({Role.ADMIN.value}))
