// The version page's read-only diagram: bpmn-js NavigatedViewer (pan and zoom) over the XML
// the download link serves. The page lists the steps as text for those who cannot see it.
import NavigatedViewer from "bpmn-js/lib/NavigatedViewer";
import "bpmn-js/dist/assets/diagram-js.css";
import "bpmn-js/dist/assets/bpmn-js.css";
import "bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css";

const container = document.getElementById("diagram");

async function show() {
  const viewer = new NavigatedViewer({ container });
  try {
    const response = await fetch(container.dataset.source, { credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    await viewer.importXML(await response.text());
    viewer.get("canvas").zoom("fit-viewport");
  } catch (error) {
    viewer.destroy();
    const message = document.createElement("p");
    message.className = "error";
    message.textContent = container.dataset.error;
    container.replaceChildren(message);
  }
}

show();
