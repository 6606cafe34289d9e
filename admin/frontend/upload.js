// Progressive enhancement of the task page's file inputs (without it, the forms post the
// files themselves). Photos are shrunk on the phone (lib/images.js), then sent one by one to
// the upload endpoint with a key of their own and retried on a flaky connection
// (lib/send.js). In the task form, each stored file becomes a hidden input carrying its
// reference, and the file input is emptied so the form does not send it again.
import { downscale } from "./lib/images.js";
import { newKey, send } from "./lib/send.js";

function token(form) {
  const input = form.querySelector('input[name="csrf_token"]');
  return input ? input.value : "";
}

function say(region, text, isError) {
  if (!region) return;
  region.textContent = text;
  region.classList.toggle("error", Boolean(isError));
}

async function upload(url, form, files, region, onStored) {
  let failures = 0;
  for (const original of files) {
    say(region, `${original.name}…`);
    try {
      const file = await downscale(original);
      const stored = await send(url, token(form), file, newKey());
      onStored(stored);
      say(region, `${stored.filename} ✓`);
    } catch (error) {
      failures += 1;
      say(region, `${original.name} : ${error.message}`, true);
    }
  }
  return failures;
}

function enhanceField(form, fieldset) {
  const input = fieldset.querySelector('input[type="file"]');
  const list = fieldset.querySelector(".file-refs");
  const name = fieldset.dataset.fileField;
  let region = fieldset.querySelector(".upload-status");
  if (!region) {
    region = document.createElement("p");
    region.className = "upload-status";
    region.setAttribute("role", "status");
    fieldset.append(region);
  }
  input.addEventListener("change", async () => {
    const files = Array.from(input.files);
    input.disabled = true;
    await upload(form.dataset.uploadUrl, form, files, region, (stored) => {
      const item = document.createElement("li");
      const hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = name;
      hidden.value = stored.ref;
      const link = document.createElement("a");
      link.href = stored.ref;
      link.textContent = stored.filename;
      item.append(hidden, link);
      list.append(item);
    });
    input.value = "";
    input.disabled = false;
  });
}

function enhanceUploadForm(form) {
  const input = form.querySelector('input[type="file"]');
  const region = form.querySelector(".upload-status");
  form.addEventListener("submit", async (event) => {
    if (!input.files.length) return;
    event.preventDefault();
    const failures = await upload(form.action, form, Array.from(input.files), region, () => {});
    if (!failures) window.location.reload();
  });
}

for (const form of document.querySelectorAll("form[data-upload-url]")) {
  for (const fieldset of form.querySelectorAll("fieldset[data-file-field]")) {
    enhanceField(form, fieldset);
  }
}
for (const form of document.querySelectorAll("form[data-enhanced-upload]")) {
  enhanceUploadForm(form);
}
