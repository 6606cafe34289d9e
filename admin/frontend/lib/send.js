// Sends one file to the upload endpoint, retrying a failed attempt a few times with the same
// upload key: the server gives back the first attachment for a key it has already stored, so
// a flaky connection never creates a duplicate. A refusal (wrong type, too large) is final.
export const ATTEMPTS = 4;
const RETRY_STATUSES = new Set([408, 409, 429, 500, 502, 503, 504]);

export function newKey() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function send(url, csrfToken, file, key) {
  let lastError = null;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const body = new FormData();
    body.append("file", file, file.name);
    body.append("upload_key", key);
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken },
      });
    } catch (error) {
      lastError = error;
      await wait(1000 * attempt);
      continue;
    }
    const answer = await response.json().catch(() => ({}));
    if (response.ok) return answer;
    if (!RETRY_STATUSES.has(response.status)) throw new Error(answer.error || String(response.status));
    lastError = new Error(answer.error || String(response.status));
    await wait(1000 * attempt);
  }
  throw lastError;
}
