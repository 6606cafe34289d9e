// Visible links, buttons, fields and summaries smaller than `min` CSS px on either side.
// A radio or checkbox counts with its label (clicking either works); a link inside a sentence
// is exempt, as WCAG 2.5.8 allows for inline targets.
min => {
  const rects = el => [el, ...(el.labels || [])].map(e => e.getBoundingClientRect())
    .filter(r => r.width && r.height);
  const union = boxes => boxes.reduce((a, r) => ({
    left: Math.min(a.left, r.left), top: Math.min(a.top, r.top),
    right: Math.max(a.right, r.right), bottom: Math.max(a.bottom, r.bottom),
  }), {left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity});
  const inline = el => el.tagName === 'A' && getComputedStyle(el).display === 'inline' &&
    [...el.parentElement.childNodes].some(n => n !== el && n.textContent.trim());
  const visible = el => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 &&
      style.visibility !== 'hidden' && style.display !== 'none';
  };
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!visible(el) || inline(el)) continue;
    const paired = el.type === 'radio' || el.type === 'checkbox';
    const box = union(paired ? rects(el) : [el.getBoundingClientRect()]);
    const w = box.right - box.left;
    const h = box.bottom - box.top;
    if (w < min - 0.5 || h < min - 0.5) {
      const text = (el.innerText || el.value || el.name || el.id || '').trim().slice(0, 40);
      const id = el.id ? '#' + el.id : '';
      out.push(`${el.tagName.toLowerCase()}${id} "${text}": ${Math.round(w)}x${Math.round(h)} px`);
    }
  }
  return out;
}
