// The publish problems the server answers (422): a focusable list (role=alert) whose items
// select and reveal their element, and a marker with a text badge on each element named.

const OVERLAY = "hf-problem";

export function problemList(modeler, section, messages) {
  const canvas = modeler.get("canvas");
  const overlays = modeler.get("overlays");
  const registry = modeler.get("elementRegistry");
  const selection = modeler.get("selection");
  const list = section.querySelector("ol");
  let marked = [];

  function clear() {
    overlays.remove({ type: OVERLAY });
    for (const id of marked) canvas.removeMarker(id, OVERLAY);
    marked = [];
    list.replaceChildren();
    section.hidden = true;
  }

  function mark(element, count) {
    if (!marked.includes(element.id)) {
      marked.push(element.id);
      canvas.addMarker(element.id, OVERLAY);
    }
    overlays.remove({ element: element.id, type: OVERLAY });
    const badge = document.createElement("span");
    badge.className = "hf-problem-badge";
    badge.textContent = `⚠ ${count}`;
    badge.title = messages.problems;
    overlays.add(element.id, OVERLAY, { position: { top: -12, right: 12 }, html: badge });
  }

  function item(problem, element) {
    const entry = document.createElement("li");
    const where = [problem.element_id, problem.line ? `${messages.line} ${problem.line}` : null]
      .filter(Boolean)
      .join(", ");
    const text = document.createElement("span");
    text.textContent = where ? `${where} : ${problem.message}` : problem.message;
    entry.append(text);
    if (element) {
      const reveal = document.createElement("button");
      reveal.type = "button";
      reveal.className = "link";
      reveal.textContent = `${messages.goTo} ${problem.element_id}`;
      reveal.addEventListener("click", () => {
        selection.select(element);
        canvas.scrollToElement(element);
      });
      entry.append(" ", reveal);
    }
    return entry;
  }

  function show(problems) {
    clear();
    const counts = new Map();
    for (const problem of problems) {
      const found = problem.element_id ? registry.get(problem.element_id) : undefined;
      // The root (a process without a pool) has no shape to mark or scroll to.
      const element = found && (found.waypoints || found.width !== undefined) ? found : undefined;
      if (element) {
        counts.set(element, (counts.get(element) || 0) + 1);
        mark(element, counts.get(element));
      }
      list.append(item(problem, element));
    }
    section.hidden = false;
    section.focus();
  }

  return { show, clear };
}
