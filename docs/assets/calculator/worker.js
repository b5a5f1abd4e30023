// Runs the Python `calculator` package in Pyodide, off the page's main thread.
// Everything is fetched from this site: the Pyodide runtime and the engine snapshot, or (fallback)
// the engine wheel and the rules JSON.
//
// Two ways to boot, both ending with the same engine and rules:
// - snapshot (fast): restore the Python heap written at build time by sitegen/make_snapshot.mjs, in
//   which the engine is already imported and the rules already loaded;
// - fallback (today's path): boot Python, unpack the wheel, load the rules JSON.
// The snapshot is a private Pyodide feature, so any doubt about it (missing, made for other rules or
// another Pyodide, fails to restore) falls back by itself and says why in the console.
// `?boot=fallback` on this script's URL forces the fallback (tests, diagnosis).
// Pyodide's scripts are imported dynamically, so the manifest and then the snapshot download while
// they load and compile, instead of after.

const here = new URL(".", import.meta.url);
const indexURL = new URL("../vendor/pyodide/", here).href;
const forceFallback = new URL(import.meta.url).searchParams.get("boot") === "fallback";
const progress = (percent, text) => postMessage({ type: "progress", percent, text });

/** A load failure whose message is already plain Chinese for the status line. */
class LoadError extends Error {}

// What each downloaded file is, in words the status line can show.
const FILE_NAMES = [
  [/pyodide\.asm\.wasm$/, "计算器运行环境"], [/python_stdlib\.zip$/, "计算器运行环境的标准库"],
  [/pyodide[^/]*\.(m?js|json)$/, "计算器运行环境脚本"], [/manifest\.json$/, "计算器资源清单"],
  [/\.whl$/, "计算引擎"], [/rules\.json$/, "规则数据"], [/\.snapshot/, "计算引擎快照"],
];
const describe = (url) => (FILE_NAMES.find(([pattern]) => pattern.test(new URL(url).pathname)) || [, "计算器文件"])[1];

// Pyodide reports a failed runtime download only as a console warning and then waits forever, so
// every fetch in this worker goes through here and turns an HTTP error or network failure into an
// immediate, named load failure (except the snapshot's, which has its own fallback).
let reportFault;
const fault = new Promise((_, reject) => { reportFault = reject; });
const nativeFetch = globalThis.fetch.bind(globalThis);
globalThis.fetch = async (input, init) => {
  const url = new URL(input.url ?? input, here).href;
  let response;
  try {
    response = await nativeFetch(input, init);
  } catch {
    reportFault(new LoadError(`${describe(url)}下载失败（网络错误）`));
    // The failure is reported above and ends this worker; the caller (often Pyodide, holding the
    // promise unawaited for a while) waits forever instead of raising an uncaught rejection.
    return new Promise(() => {});
  }
  if (!response.ok) reportFault(new LoadError(`${describe(url)}下载失败（服务器返回 ${response.status}）`));
  return response;
};

/** One of Pyodide's scripts; a failed download is named like every other file's. It is fetched
 * early and awaited later, so its failure is reported once, where it is awaited. */
function runtimeScript(name) {
  const script = import(new URL(name, indexURL).href).catch((error) => {
    console.error(error);
    throw new LoadError(`${describe(new URL(name, indexURL).href)}下载失败`);
  });
  script.catch(() => {});
  return script;
}

const versioned = (name, manifest) => new URL(`${name}?v=${manifest.rules_digest}-${manifest.engine}`, here);

async function manifestFile() {
  const response = await fetch(new URL("manifest.json", here), { cache: "no-cache" });
  return response.json();
}

/** Why the snapshot cannot be used with this manifest and runtime, or "" if it can. */
function snapshotProblem(manifest, pyodideVersion) {
  const snapshot = manifest.snapshot;
  if (!snapshot) return "站点构建时没有生成快照（构建机器上没有 node 或生成失败）";
  if (snapshot.rules_version !== manifest.rules_version || snapshot.rules_digest !== manifest.rules_digest) {
    return "快照对应的规则版本与当前规则不同";
  }
  if (snapshot.engine !== manifest.engine) return "快照对应的计算引擎版本与当前引擎不同";
  if (snapshot.pyodide !== pyodideVersion) return "快照对应的运行环境版本与当前运行环境不同";
  return "";
}

/** The snapshot's bytes, un-gzipped while they stream in. */
async function snapshotBytes(manifest) {
  const response = await nativeFetch(new URL(manifest.snapshot.file, here));
  if (!response.ok) throw new Error(`快照下载失败（服务器返回 ${response.status}）`);
  const plain = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(plain).arrayBuffer());
}

/** Pyodide's module factory, growing the new heap to the snapshot's size before Pyodide copies the
 * snapshot into it: this build ignores the INITIAL_MEMORY that Pyodide asks for, and a snapshot
 * larger than the initial heap would fail with "offset is out of bounds". */
function withRoomFor(bytes, factory) {
  return async (settings) => {
    const [module, snapshot] = await Promise.all([factory.then((f) => f.default(settings)), bytes]);
    if (module.HEAP8.length < snapshot.length) module.growMemory(snapshot.length);
    if (module.HEAP8.length < snapshot.length) throw new Error("无法为快照分配足够内存");
    return module;
  };
}

async function bootFromSnapshot(manifest, { loadPyodide }) {
  progress(15, "正在加载计算器运行环境与计算引擎（首次较慢，之后由浏览器缓存）……");
  const bytes = snapshotBytes(manifest);
  bytes.catch(() => {});  // Pyodide awaits it only after its own start-up; its failure is handled below
  const factory = runtimeScript("pyodide.asm.mjs");
  const pyodide = await loadPyodide({ indexURL, _loadSnapshot: bytes, createPyodideModule: withRoomFor(bytes, factory) });
  const api = pyodide.pyimport("calculator.api");
  return { api, catalogue: pyodide.globals.get("_engine_catalogue") };
}

async function bootFallback(manifestFetch, { loadPyodide }) {
  progress(10, "正在加载计算器运行环境（首次较慢，之后由浏览器缓存）……");
  // Manifest, engine and rules download while Pyodide loads; nothing waits for what it does not need.
  const runtime = loadPyodide({ indexURL });
  const manifest = await manifestFetch;
  const wheel = fetch(versioned(manifest.wheel, manifest)).then((r) => r.arrayBuffer());
  const rules = fetch(versioned(manifest.rules, manifest)).then((r) => r.text());
  const pyodide = await runtime;
  progress(75, "正在加载计算引擎与规则……");
  pyodide.unpackArchive(await wheel, "wheel");
  const api = pyodide.pyimport("calculator.api");
  return { api, catalogue: api.init(await rules) };
}

async function boot() {
  const started = performance.now();
  const manifestFetch = manifestFile();
  const runtime = runtimeScript("pyodide.mjs");
  // The manifest says whether the snapshot fits this site; only a forced fallback need not wait for it.
  let why = forceFallback ? "页面要求不用快照（boot=fallback）"
    : snapshotProblem(await manifestFetch, (await runtime).version);
  let engine = null;
  if (!why) {
    try {
      engine = await bootFromSnapshot(await manifestFetch, await runtime);
    } catch (error) {
      if (error instanceof LoadError) throw error;
      why = `快照无法载入（${error?.message ?? error}）`;
    }
  }
  if (!engine) {
    console.warn(`计算引擎不用快照启动，改用常规方式：${why}`);
    engine = await bootFallback(manifestFetch, await runtime);
  }
  postMessage({ type: "ready", catalogue: JSON.parse(engine.catalogue), boot: why ? "fallback" : "snapshot",
                ms: Math.round(performance.now() - started) });
  return engine.api.handle;
}

/** The status line's words for a failure; the technical error goes to the console. */
function explain(error) {
  if (error instanceof LoadError) return error.message;
  return "计算器运行环境启动失败";
}

const ready = Promise.race([boot(), fault]);
ready.catch((error) => {
  console.error("计算引擎加载失败：", error);
  postMessage({ type: "failed", error: explain(error) });
});

onmessage = async (event) => {
  const { id, request } = event.data;
  try {
    const handle = await ready;
    postMessage({ type: "response", id, response: JSON.parse(handle(JSON.stringify(request))) });
  } catch (error) {
    postMessage({ type: "response", id, response: { ok: false, errors: [
      { field: "(engine)", zh: `计算引擎出错：${error}`, en: String(error) }] } });
  }
};
