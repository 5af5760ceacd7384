// The editor's one status line, under the Save buttons (role="status": read out when it changes).

export function statusLine(element) {
  return function say(message, tone) {
    element.textContent = message;
    element.className = "small mt-2 " + (tone || "text-body-secondary");
  };
}
