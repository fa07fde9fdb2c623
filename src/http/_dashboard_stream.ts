/**
 * The dashboard's event stream: `fetch` and a stream reader (an
 * `EventSource` cannot send an `Authorization` header), parsing frames as the
 * SSE specification says, resumed with `Last-Event-ID` and retried with
 * backoff. Spliced into the page script by `_dashboard_js.ts`, inside the
 * same function scope (it uses that file's `state`, `signOut`,
 * `setStreamLive` and `loadSystem`).
 *
 * @module
 */

/** The event stream part of the page script. */
export const DASHBOARD_STREAM_JS: string = String.raw`
  function dispatch(frame) {
    let type = "message";
    let data = null;
    for (const line of frame.split("\n")) {
      if (line === "" || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "id" && !value.includes("\0")) state.lastEventId = value;
      else if (field === "event") type = value;
      else if (field === "data") data = data === null ? value : data + "\n" + value;
    }
    if (data === null) return;
    let event;
    try { event = JSON.parse(data); } catch { return; }
    if (type === "gap") {
      addGap(event && event.from, event && event.to);
      state.tree.dirty = true;
      return;
    }
    if (event && typeof event === "object" && typeof event.path === "string") {
      addEvent(Object.assign({ type }, event));
      if (LIFECYCLE.includes(type)) state.tree.dirty = true;
    }
  }

  async function readStream(body, generation) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    while (generation === state.generation) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer = (buffer + decoder.decode(value, { stream: true })).replace(/\r\n?/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) !== -1) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
    reader.cancel().catch(() => {});
  }

  async function follow(generation) {
    let attempt = 0;
    while (generation === state.generation) {
      const controller = new AbortController();
      state.stream = controller;
      try {
        const headers = { Authorization: "Bearer " + state.token, Accept: "text/event-stream" };
        headers["Last-Event-ID"] = state.lastEventId;
        const response = await fetch("/v1/events", { headers, signal: controller.signal, cache: "no-store" });
        if (response.status === 401) {
          signOut("The server rejected the token. Enter a valid one.");
          return;
        }
        if (!response.ok || !response.body) throw new Error("status " + response.status);
        attempt = 0;
        setStreamLive(true);
        loadSystem().catch(report);
        state.tree.dirty = true;
        await readStream(response.body, generation);
      } catch {
        // Reconnect below.
      }
      if (generation !== state.generation) return;
      setStreamLive(false);
      const wait = Math.min(5000, 250 * 2 ** attempt++) * (0.75 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
`;
