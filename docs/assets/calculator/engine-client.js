// The page's side of the engine worker (worker.js): starts it, shows loading progress and
// failures in the calculator's status line, and turns requests into promises.
// calculator.js renders answers; this module only transports and reports on the engine.
export function startEngine(root) {
  const statusText = root.querySelector("#calc-status-text");
  const bar = root.querySelector("#calc-progress");
  const worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
  const waiting = new Map();
  let nextId = 1;
  let failed = false;
  let markReady;
  const ready = new Promise((resolve) => { markReady = resolve; });

  worker.onmessage = (event) => {
    const message = event.data;
    if (message.type === "progress") {
      bar.value = message.percent;
      statusText.textContent = message.text;
    } else if (message.type === "ready") {
      bar.value = 100;
      root.classList.add("is-ready");
      statusText.textContent = `计算引擎已就绪（规则版本 ${message.catalogue.rules_version}，加载用时 ${(message.ms / 1000).toFixed(1)} 秒）`;
      markReady(message.catalogue);
    } else if (message.type === "failed") {
      failed = true;
      root.classList.add("is-failed");
      statusText.textContent = `计算引擎加载失败：${message.error}。请刷新页面重试。`;
    } else if (message.type === "response") {
      waiting.get(message.id)(message.response);
      waiting.delete(message.id);
    }
  };

  function call(request) {
    const id = nextId++;
    worker.postMessage({ id, request });
    return new Promise((resolve) => waiting.set(id, resolve));
  }

  /** A status note from the page (e.g. "will compute when loaded"); never hides a failure. */
  function say(text) {
    if (!failed) statusText.textContent = text;
  }
  return { ready, call, say };
}
