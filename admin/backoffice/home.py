"""The back office's home page (endpoint ``admin.index``, the main menu's entry)."""

from __future__ import annotations

from flask_admin import AdminIndexView

from admin.backoffice.access import AdminOnly
from admin.backoffice.routes import expose


class HomeView(AdminOnly, AdminIndexView):  # type: ignore[misc]
    @expose("/")
    def index(self) -> str:
        page: str = self.render("backoffice/index.html")
        return page
