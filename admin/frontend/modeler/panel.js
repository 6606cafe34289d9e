// The side panel for habiflow's extensions: the name, hf:role, hf:form and hf:sla of the
// selected user task, manual task or lane. Every change goes through bpmn-js's modeling
// commands, so undo/redo work and the exported XML carries the hf: elements
// (the hf moddle descriptor, hf-moddle.json, gives them their types).

const FIELDS_OF = {
  "bpmn:UserTask": ["name", "role", "form", "sla"],
  "bpmn:ManualTask": ["name", "role", "sla"],
  "bpmn:Lane": ["name", "role"],
};
// ISO 8601 durations as workflows/sla.py reads them; the server checks the rest on publish.
const DURATION = /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

function extensionOf(businessObject, type) {
  const values = (businessObject.extensionElements && businessObject.extensionElements.values) || [];
  return values.find((value) => value.$type === type);
}

function optional(value) {
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

export function extensionPanel(modeler, root) {
  const modeling = modeler.get("modeling");
  const moddle = modeler.get("moddle");
  const find = (id) => root.querySelector(`#${id}`);
  const empty = find("panel-empty");
  const form = find("panel-fields");
  const groups = { name: find("group-name"), role: find("group-role"), form: find("group-form"), sla: find("group-sla") };
  const inputs = {
    name: find("f-name"),
    role: find("f-role"),
    form: find("f-form"),
    duration: find("f-sla-duration"),
    calendar: find("f-sla-calendar"),
    warnAt: find("f-sla-warn"),
    escalateTo: find("f-sla-escalate"),
  };
  const durationError = find("f-sla-duration-error");
  const what = find("panel-element");
  let current = null;

  function setExtension(element, type, attributes) {
    const owner = element.businessObject;
    const existing = extensionOf(owner, type);
    let container = owner.extensionElements;
    if (!attributes) {
      if (existing) {
        const values = container.values.filter((value) => value !== existing);
        modeling.updateModdleProperties(element, container, { values });
      }
      return;
    }
    if (existing) {
      modeling.updateModdleProperties(element, existing, attributes);
      return;
    }
    if (!container) {
      container = moddle.create("bpmn:ExtensionElements", { values: [] });
      container.$parent = owner;
      modeling.updateModdleProperties(element, owner, { extensionElements: container });
    }
    const created = moddle.create(type, attributes);
    created.$parent = container;
    modeling.updateModdleProperties(element, container, { values: [...(container.values || []), created] });
  }

  function showDurationError(shown) {
    durationError.hidden = !shown;
    inputs.duration.setAttribute("aria-invalid", shown ? "true" : "false");
  }

  function fill(element) {
    const businessObject = element.businessObject;
    const role = extensionOf(businessObject, "hf:Role");
    const formKey = extensionOf(businessObject, "hf:Form");
    const sla = extensionOf(businessObject, "hf:Sla");
    what.textContent = `${businessObject.name || businessObject.id} (${businessObject.id})`;
    inputs.name.value = businessObject.name || "";
    inputs.role.value = (role && role.key) || "";
    inputs.form.value = (formKey && formKey.key) || "";
    inputs.duration.value = (sla && sla.duration) || "";
    inputs.calendar.value = (sla && sla.calendar) || "";
    inputs.warnAt.value = (sla && sla.warnAt) || "";
    inputs.escalateTo.value = (sla && sla.escalateTo) || "";
    showDurationError(false);
  }

  function show(element) {
    const fields = element ? FIELDS_OF[element.type] : undefined;
    current = fields ? element : null;
    empty.hidden = Boolean(fields);
    form.hidden = !fields;
    if (!fields) {
      return;
    }
    for (const [name, group] of Object.entries(groups)) {
      group.hidden = !fields.includes(name);
    }
    fill(element);
  }

  function writeSla() {
    const duration = inputs.duration.value.trim();
    if (duration && !DURATION.test(duration)) {
      showDurationError(true);
      return;
    }
    showDurationError(false);
    const attributes = duration
      ? {
          duration,
          calendar: optional(inputs.calendar.value),
          warnAt: optional(inputs.warnAt.value),
          escalateTo: optional(inputs.escalateTo.value),
        }
      : null;
    setExtension(current, "hf:Sla", attributes);
  }

  inputs.name.addEventListener("change", () => current && modeling.updateLabel(current, inputs.name.value));
  inputs.role.addEventListener("change", () => {
    const key = inputs.role.value;
    if (current) setExtension(current, "hf:Role", key ? { key } : null);
  });
  inputs.form.addEventListener("change", () => {
    const key = inputs.form.value;
    if (current) setExtension(current, "hf:Form", key ? { key } : null);
  });
  for (const input of [inputs.duration, inputs.calendar, inputs.warnAt, inputs.escalateTo]) {
    input.addEventListener("change", () => current && writeSla());
  }

  modeler.on("selection.changed", ({ newSelection }) => show(newSelection.length === 1 ? newSelection[0] : null));
  modeler.on("elements.changed", ({ elements }) => {
    if (current && elements.some((element) => element.id === current.id)) fill(current);
  });
  show(null);
}
