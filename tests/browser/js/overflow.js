// How wide the page is against its viewport, and the first elements sticking out (for the report).
() => {
  const width = document.documentElement.clientWidth;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1)
    .slice(0, 10)
    .map(el => `${name(el)} right edge at ${Math.round(el.getBoundingClientRect().right)}px`);
  return {scroll: document.documentElement.scrollWidth, width, wide};
}
