// The page's side of the engine worker (worker.js): starts it, shows loading progress and
// failures in the calculator's status line, offers 重试 after a failure, and turns requests into
// promises. calculator.js renders answers; this module only transports and reports on the engine.

// A load that has not finished by then is reported as failed (a stuck download, a wasm compile
// that never returns) instead of leaving "正在加载" on screen forever.
const LOAD_TIMEOUT_MS = 60000;

/** The worker started early by worker-start.js (once), with the events it sent so far; else a new one. */
function startWorker() {
  const started = window.calculatorWorker;
  window.calculatorWorker = null;
  if (started) return started;
  const url = new URL("worker.js", import.meta.url);
  const boot = new URLSearchParams(location.search).get("boot");
  if (boot) url.searchParams.set("boot", boot);  // ?boot=fallback forces the plain boot (tests, diagnosis)
  return { worker: new Worker(url, { type: "module" }), early: [] };
}

export function startEngine(root) {
  const statusText = root.querySelector("#calc-status-text");
  const bar = root.querySelector("#calc-progress");
  const retry = document.createElement("button");
  retry.type = "button";
  retry.className = "md-button calc-retry";
  retry.textContent = "重试";
  const showRetry = (shown) => { retry.style.display = shown ? "" : "none"; };  // .md-button overrides [hidden]
  showRetry(false);
  statusText.after(retry);

  const waiting = new Map();
  let nextId = 1;
  let failed = false;
  let worker = null;
  let timer = null;
  let markReady;
  const ready = new Promise((resolve) => { markReady = resolve; });

  function fail(text) {
    if (failed) return;
    failed = true;
    clearTimeout(timer);
    worker.terminate();
    root.classList.remove("is-ready");
    root.classList.add("is-failed");
    statusText.textContent = `计算引擎加载失败：${text}。请检查网络后点“重试”。`;
    showRetry(true);
    for (const resolve of waiting.values()) resolve(engineError(text));
    waiting.clear();
  }

  function onMessage(event) {
    const message = event.data;
    if (message.type === "progress") {
      if (failed) return;
      bar.value = message.percent;
      statusText.textContent = message.text;
    } else if (message.type === "ready") {
      clearTimeout(timer);
      bar.value = 100;
      root.classList.add("is-ready");
      root.dataset.boot = message.boot;
      statusText.textContent = `计算引擎已就绪（加载用时 ${(message.ms / 1000).toFixed(1)} 秒）`;
      markReady(message.catalogue);
    } else if (message.type === "failed") {
      fail(message.error);
    } else if (message.type === "response") {
      waiting.get(message.id)?.(message.response);
      waiting.delete(message.id);
    }
  }

  function start() {
    failed = false;
    root.classList.remove("is-failed");
    showRetry(false);
    bar.value = 0;
    statusText.textContent = "正在加载计算引擎……（可以先填写表单）";
    const started = startWorker();
    worker = started.worker;
    worker.onmessage = onMessage;
    // A missing or broken worker.js fires `error` on the Worker itself, never a message.
    const onError = (event) => { event.preventDefault(); fail("计算引擎脚本无法加载或运行出错"); };
    worker.onerror = onError;
    worker.onmessageerror = () => fail("计算引擎返回了无法读取的数据");
    for (const event of started.early) (event.type === "message" ? onMessage : onError)(event);
    timer = setTimeout(() => fail(`${LOAD_TIMEOUT_MS / 1000} 秒内没有加载完成`), LOAD_TIMEOUT_MS);
  }

  retry.addEventListener("click", start);  // the form lives in the page, so what was typed stays
  start();

  function call(request) {
    if (failed) return Promise.resolve(engineError("计算引擎未加载"));
    const id = nextId++;
    worker.postMessage({ id, request });
    return new Promise((resolve) => waiting.set(id, resolve));
  }

  /** A status note from the page (e.g. "will compute when loaded"); never hides a failure. */
  function say(text) {
    if (!failed) statusText.textContent = text;
  }
  return { ready, call, say, retry: start };
}

function engineError(text) {
  return { ok: false, errors: [{ field: "(engine)", zh: `计算引擎出错：${text}`, en: text }] };
}
