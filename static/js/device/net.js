// Talking to the server from a page's script: the page's own form token, and POST.

export function csrfToken(root = document) {
  const input = root.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

export function post(url, body, { keepalive = false, accept = "application/json" } = {}) {
  return fetch(url, {
    method: "POST",
    body,
    credentials: "same-origin",
    keepalive,
    headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch", Accept: accept },
  });
}

export function uuid() {
  if (window.crypto.randomUUID) return window.crypto.randomUUID();
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => (b + 0x100).toString(16).slice(1)).join("");
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
}

export function debounce(fn, wait) {
  let timer;
  return (...args) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => fn(...args), wait);
  };
}
