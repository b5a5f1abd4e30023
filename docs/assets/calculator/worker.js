// Runs the Python `calculator` package in Pyodide, off the page's main thread.
// Everything is fetched from this site: the Pyodide runtime, the engine wheel and the rules JSON.
import { loadPyodide } from "../vendor/pyodide/pyodide.mjs";

const here = new URL(".", import.meta.url);
const progress = (percent, text) => postMessage({ type: "progress", percent, text });

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

async function boot() {
  const started = performance.now();
  progress(10, "正在加载 Python 运行时（约 13 MB，首次较慢，之后由浏览器缓存）……");
  const pyodide = await loadPyodide({ indexURL: new URL("../vendor/pyodide/", here).href });
  progress(70, "正在加载计算引擎……");
  const manifest = await (await fetchOk(new URL("manifest.json", here))).json();
  const version = `?v=${manifest.rules_version}`;
  const wheel = await (await fetchOk(new URL(manifest.wheel + version, here))).arrayBuffer();
  pyodide.unpackArchive(wheel, "wheel");
  progress(85, "正在加载规则……");
  const rules = await (await fetchOk(new URL(manifest.rules + version, here))).text();
  const api = pyodide.pyimport("calculator.api");
  const catalogue = JSON.parse(api.init(rules));
  postMessage({ type: "ready", catalogue, ms: Math.round(performance.now() - started) });
  return api.handle;
}

const ready = boot();
ready.catch((error) => postMessage({ type: "failed", error: String(error) }));

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
