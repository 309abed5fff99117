// Speak Up: the gateway's API. Chat messages, "Did this help?", and forgetting a conversation.
async function postJson(path, body, options = {}) {
  const response = await fetch(path, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), ...options,
  });
  let data = {};
  try { data = await response.json(); } catch (error) { data = {}; }
  return { status: response.status, data, retryAfter: parseInt(response.headers.get("Retry-After"), 10) };
}

// One message: typed text as `message` only; a button press as its title and its payload.
export function chat(body) { return postJson("/api/chat", body); }

export function feedback(topic, level, choice) {
  return postJson("/api/feedback", { topic, level, choice }).catch(() => null);
}

// "Clear conversation" and "Leave quickly": the server forgets the conversation too. Fire and
// forget: the page does not wait, and does not care if the gateway has no such endpoint.
export function forget(sessionId) {
  if (!sessionId) return;
  try {
    fetch("/api/forget", {
      method: "POST", headers: { "Content-Type": "application/json" }, keepalive: true,
      body: JSON.stringify({ session_id: sessionId }),
    }).catch(() => {});
  } catch (error) { /* leaving matters more */ }
}
