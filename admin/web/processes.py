"""The process owners' pages: deployed models and their versions, the modeler, publishing.

Only process owners and administrators get here (``PROCESS_OWNERS``); case counts are those
of the person's territory. Publishing takes the XML the modeler sends (``X-CSRFToken``
header) and answers JSON: the version, or 422 with every problem and the element it is on.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from admin.web.auth import engine, login_required
from admin.web.errors import domain_errors
from admin.web.i18n import gettext as _
from admin.web.i18n import locale
from admin.web.inbox import me
from admin.web.navigation import PROCESS_OWNERS, has_any
from admin.web.problem_texts import problem_json
from engine.blank_model import NEW_PROCESS_KEY, blank_model
from engine.errors import NotFound, PermissionDenied
from engine.services.process_overview import (
    get_version,
    list_processes,
    version_steps,
    version_xml,
)
from engine.services.publishing import publish
from engine.specs import MAX_BPMN_BYTES, ModelRejected, Problem
from workflows.roles import Role

blueprint = Blueprint("processes", __name__)
domain_errors(blueprint)
BPMN_TYPE = "application/xml"
MAX_NAME = 200


@blueprint.before_request
def owners_only() -> None:
    """Anonymous visitors are sent to log in by each view; others need a process role."""
    if getattr(current_user, "is_authenticated", False) and not has_any(me(), PROCESS_OWNERS):
        raise PermissionDenied("process owners and administrators only")


def role_label(key: str | None) -> str:
    if key is None:
        return "—"
    try:
        role = Role(key)
    except ValueError:
        return key
    return role.label_en if locale() == "en" else role.label_fr


@blueprint.app_template_filter("role_label")
def role_label_filter(key: str | None) -> str:
    return role_label(key)


def index_page(new_key: str = "", new_name: str = "", error: str | None = None) -> str:
    return render_template(
        "web/processes.html",
        processes=list_processes(engine(), me()),
        new_key=new_key,
        new_name=new_name,
        error=error,
    )


@blueprint.get("/processus")
@login_required
def index() -> str:
    return index_page()


@blueprint.get("/processus/nouveau")
@login_required
def new() -> BaseResponse | tuple[str, int]:
    key = request.args.get("key", "").strip()
    name = request.args.get("name", "").strip()[:MAX_NAME]
    if not NEW_PROCESS_KEY.fullmatch(key):
        message = _(
            "Identifiant invalide : une lettre ou _, puis lettres, chiffres, _ - . "
            "(100 caractères au plus)."
        )
        return index_page(key[:MAX_NAME], name, message), 422
    if any(process.key == key for process in list_processes(engine(), me())):
        return index_page(key, name, _("Ce processus existe déjà.")), 422
    return redirect(url_for("processes.modeler", key=key, name=name or None))


@blueprint.get("/processus/<key>/v<int:version>")
@login_required
def version(key: str, version: int) -> str:
    ctx, actor = engine(), me()
    shown = get_version(ctx, key, version, actor)
    compare = "migration.compare" in current_app.view_functions
    return render_template(
        "web/processes_version.html",
        version=shown,
        steps=version_steps(ctx, key, version),
        compare_url=url_for("migration.compare", key=key, version=version) if compare else None,
    )


@blueprint.get("/processus/<key>/v<int:version>.bpmn")
@login_required
def download(key: str, version: int) -> Response:
    response = Response(version_xml(engine(), key, version), mimetype=BPMN_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{key}-v{version}.bpmn"'
    return response


def starting_xml(key: str, name: str) -> bytes:
    """The latest version's XML; for a key never deployed, a blank diagram."""
    try:
        return version_xml(engine(), key)
    except NotFound:
        if not NEW_PROCESS_KEY.fullmatch(key):
            raise
        return blank_model(key, name or key)


@blueprint.get("/processus/<key>/modeler")
@login_required
def modeler(key: str) -> str:
    name = request.args.get("name", "")[:MAX_NAME]
    starting_xml(key, name)  # 404 for a key that can be neither opened nor created
    forms = engine().forms
    return render_template(
        "web/modeler.html",
        key=key,
        settings={
            "source": url_for("processes.source", key=key, name=name or None),
            "publish": url_for("processes.publish_model", key=key),
            "roles": [
                {"key": role.value, "label": role_label(role.value)}
                for role in Role
                if not role.is_system
            ],
            "forms": sorted(forms.keys()) if forms is not None else [],
            "messages": modeler_messages(),
        },
    )


def modeler_messages() -> dict[str, str]:
    """What the modeler's script says; ``%(version)s`` is filled in by the script."""
    return {
        "loadFailed": _("Le modèle ne peut pas être chargé."),
        "publishing": _("Publication en cours…"),
        "published": _("Version %(version)s publiée."),
        "unchanged": _("Ce modèle est déjà la version %(version)s : rien de nouveau à publier."),
        "refused": _("Le modèle n'a pas été publié."),
        "failed": _("La publication a échoué ; réessayez."),
        "seeVersion": _("Voir la version"),
        "goTo": _("Aller à"),
        "line": _("ligne"),
        "problems": _("Problèmes à corriger"),
        "lintNone": _("Aucun problème"),
        "lintCounts": _("{errors} erreurs, {warnings} avertissements"),
        "lintChildren": _("Problèmes des éléments enfants"),
    }


@blueprint.get("/processus/<key>/source.bpmn")
@login_required
def source(key: str) -> Response:
    name = request.args.get("name", "")[:MAX_NAME]
    return Response(starting_xml(key, name), mimetype=BPMN_TYPE)


def refused(problems: list[Problem]) -> tuple[Response, int]:
    return jsonify(problems=[problem_json(problem) for problem in problems]), 422


@blueprint.post("/processus/<key>/publier")
@login_required
def publish_model(key: str) -> tuple[Response, int]:
    too_big = Problem.of("file_over_limit", limit=MAX_BPMN_BYTES)
    if (request.content_length or 0) > MAX_BPMN_BYTES:
        return refused([too_big])
    xml = request.stream.read(MAX_BPMN_BYTES + 1)
    if len(xml) > MAX_BPMN_BYTES:
        return refused([too_big])
    try:
        deployed = publish(engine(), xml, key, me())
    except ModelRejected as exc:
        return refused(exc.problems)
    body = {
        "key": deployed.key,
        "version": deployed.version,
        "created": deployed.created,
        "url": url_for("processes.version", key=deployed.key, version=deployed.version),
    }
    return jsonify(body), 201 if deployed.created else 200
