// Starts the engine worker from the calculator page's <head>, before the theme's scripts and the
// page's modules are fetched and run: the worker's downloads and Pyodide's start-up then overlap
// with everything else the page does. What the worker says before engine-client.js takes it over
// is kept and handed on (engine-client.js `startWorker`), so no progress or failure is lost.
(() => {
  try {
    const url = new URL("worker.js", document.currentScript.src);
    const boot = new URLSearchParams(location.search).get("boot");
    if (boot) url.searchParams.set("boot", boot);  // ?boot=fallback forces the plain boot (tests, diagnosis)
    const worker = new Worker(url, { type: "module" });
    const early = [];
    worker.onmessage = (event) => early.push(event);
    worker.onerror = (event) => { event.preventDefault(); early.push(event); };
    window.calculatorWorker = { worker, early };
  } catch {
    // Opened from a file or refused by the browser: engine-client.js starts (and reports) it itself.
  }
})();
