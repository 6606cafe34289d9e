"""Publishing a model drawn in the web modeler: every deploy check, then a new version.

The model must define the process the page publishes (its executable process id is the key),
so a modeller cannot overwrite another process by pasting its diagram. The same XML twice
gives back the version that holds it (``deploy`` compares the content hash).
"""

from __future__ import annotations

from engine.actors import Actor
from engine.errors import PermissionDenied
from engine.runtime import EngineContext
from engine.services.deploy import Deployed, deploy
from engine.specs import ModelRejected, Problem, load_model
from workflows.roles import Role

PUBLISHERS = frozenset({Role.PROCESS_OWNER.value, Role.ADMIN.value})


def publish(ctx: EngineContext, xml: bytes, key: str, actor: Actor) -> Deployed:
    """Check ``xml`` as a deploy does and store it as the next version of ``key``.

    Raises ModelRejected (nothing stored) listing every problem, or PermissionDenied.
    """
    if not PUBLISHERS & actor.roles:
        raise PermissionDenied("only process owners and administrators publish models")
    form_keys = ctx.forms.keys() if ctx.forms is not None else None
    model = load_model(xml, filename=f"{key}.bpmn", form_keys=form_keys)
    if model.key != key:
        mismatch = Problem.of("process_key_mismatch", model.key, found=model.key, key=key)
        raise ModelRejected([mismatch], f"{key}.bpmn")
    return deploy(ctx, model, actor.username)
