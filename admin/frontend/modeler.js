// The process modeler page: bpmn-js Modeler with bpmnlint, the hf: extension panel, download
// and publish. Settings (URLs, roles, forms, messages, CSRF token) come from the page as JSON.
import Modeler from "bpmn-js/lib/Modeler";
import lintModule from "bpmn-js-bpmnlint";
import "bpmn-js/dist/assets/diagram-js.css";
import "bpmn-js/dist/assets/bpmn-js.css";
import "bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css";
import "bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css";
import hfModdle from "./modeler/hf-moddle.json";
import lintConfig from "./modeler/lint-config.js";
import { extensionPanel } from "./modeler/panel.js";
import { problemList } from "./modeler/problems.js";
import { translateModule } from "./modeler/translate.js";

const settings = JSON.parse(document.getElementById("modeler-settings").textContent);
const messages = settings.messages;
const status = document.getElementById("modeler-status");
const modeler = new Modeler({
  container: "#canvas",
  moddleExtensions: { hf: hfModdle },
  linting: { bpmnlint: lintConfig, active: true },
  additionalModules: [lintModule, translateModule(messages)],
});
const problems = problemList(modeler, document.getElementById("problems"), messages);

function say(text, link) {
  status.replaceChildren(text);
  if (link) {
    const anchor = document.createElement("a");
    anchor.href = link.href;
    anchor.textContent = link.text;
    status.append(" ", anchor);
  }
}

async function load() {
  try {
    const response = await fetch(settings.source, { credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    await modeler.importXML(await response.text());
    modeler.get("canvas").zoom("fit-viewport");
  } catch (error) {
    say(messages.loadFailed);
  }
}

async function download() {
  const { xml } = await modeler.saveXML({ format: true });
  const anchor = document.createElement("a");
  anchor.href = URL.createObjectURL(new Blob([xml], { type: "application/xml" }));
  anchor.download = `${settings.key}.bpmn`;
  anchor.click();
  URL.revokeObjectURL(anchor.href);
}

async function publish(button) {
  button.disabled = true;
  say(messages.publishing);
  try {
    const { xml } = await modeler.saveXML({ format: true });
    const response = await fetch(settings.publish, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/xml", "X-CSRFToken": settings.csrf },
      body: xml,
    });
    if (response.status === 422) {
      const body = await response.json();
      say(messages.refused);
      problems.show(body.problems);
      return;
    }
    if (!response.ok) throw new Error(String(response.status));
    const body = await response.json();
    problems.clear();
    const text = (body.created ? messages.published : messages.unchanged).replace("%(version)s", body.version);
    say(text, { href: body.url, text: messages.seeVersion });
  } catch (error) {
    say(messages.failed);
  } finally {
    button.disabled = false;
  }
}

extensionPanel(modeler, document.getElementById("panel"));
document.getElementById("download").addEventListener("click", download);
document.getElementById("publish").addEventListener("click", (event) => publish(event.currentTarget));
load();
