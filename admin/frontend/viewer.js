// The case's diagram on the task and case pages: bpmn-js NavigatedViewer (pan and zoom) over
// the XML of the version the case runs, with the current steps outlined and badged "En cours"
// and the completed ones badged "Fait" (text, not colour alone). The page lists the same steps
// as text next to it.
import NavigatedViewer from "bpmn-js/lib/NavigatedViewer";
import "bpmn-js/dist/assets/diagram-js.css";
import "bpmn-js/dist/assets/bpmn-js.css";
import "bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css";

const container = document.getElementById("diagram");

function badge(text, kind) {
  const element = document.createElement("span");
  element.className = `hf-badge hf-badge-${kind}`;
  element.textContent = text;
  return element;
}

function mark(viewer, ids, kind, label) {
  const canvas = viewer.get("canvas");
  const registry = viewer.get("elementRegistry");
  const overlays = viewer.get("overlays");
  for (const id of ids) {
    if (!registry.get(id)) continue;
    canvas.addMarker(id, `hf-${kind}`);
    overlays.add(id, { position: { top: -14, left: 0 }, html: badge(label, kind) });
  }
}

async function show() {
  const viewer = new NavigatedViewer({ container });
  try {
    const response = await fetch(container.dataset.source, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok) throw new Error(String(response.status));
    const drawing = await response.json();
    await viewer.importXML(drawing.xml);
    viewer.get("canvas").zoom("fit-viewport");
    mark(viewer, drawing.done, "done", container.dataset.doneLabel);
    mark(viewer, drawing.current, "current", container.dataset.currentLabel);
  } catch (error) {
    viewer.destroy();
    container.hidden = true;
  }
}

if (container) show();
