// bpmn-js's translate service, saying bpmnlint's button and panel labels in the page's
// language (the texts come from the server's catalogue); other texts stay as bpmn-js has them.

export function translateModule(texts) {
  const labels = {
    "No Issues": texts.lintNone,
    "{errors} Errors, {warnings} Warnings": texts.lintCounts,
    "Issues for child elements": texts.lintChildren,
  };
  function translate(template, replacements = {}) {
    const text = labels[template] || template;
    return text.replace(/{([^}]+)}/g, (field, name) => replacements[name] ?? field);
  }
  return { translate: ["value", translate] };
}
