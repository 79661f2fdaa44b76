// The portal's own script for the iframe: it sizes the frame to the form and keeps what the
// form tells it (for the tests to read), trusting only messages from the form's origin.
window.heard = [];
const frame = document.getElementById("pilot-frame");
const pilot = new URL(frame.src).origin;
window.addEventListener("message", (event) => {
  if (event.origin !== pilot || !event.data || typeof event.data.type !== "string") return;
  window.heard.push([event.data.type, event.data.detail]);
  if (event.data.type === "pilot:height") frame.height = String(event.data.detail.height);
});
