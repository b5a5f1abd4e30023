// Build-time Pyodide memory snapshot of the calculator engine, run by sitegen/snapshot.py:
//   node make_snapshot.mjs <pyodide dir> <wheel> <rules.json> <out file>
// Boots the pinned Pyodide from node_modules, unpacks the engine wheel, imports every engine
// module and loads the rules, then writes the whole Python heap to <out file>. The browser worker
// restores this heap instead of booting Python, importing and parsing the rules itself.
// `_makeSnapshot` / `makeMemorySnapshot` are private Pyodide options: the worker keeps the plain
// boot as a fallback, and the snapshot only works with the exact pyodide.asm.wasm it was made by
// (Pyodide checks a build id on load).
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const [pyodideDir, wheelPath, rulesPath, outPath] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);

const pyodide = await loadPyodide({ indexURL: pyodideDir + "/", _makeSnapshot: true });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
pyodide.FS.writeFile("/tmp/rules.json", new Uint8Array(readFileSync(rulesPath)));
// Every module is imported now because the wheel's files exist only in this build's file system,
// not in the restored one (build-time modules that need PyYAML are skipped: the browser never uses
// them); `_engine_catalogue` is what api.init returned, read back by worker.js.
pyodide.runPython(`
import importlib, json, os, pkgutil
import calculator
for _module in pkgutil.iter_modules(calculator.__path__):
    if _module.name != "__main__":
        try:
            importlib.import_module("calculator." + _module.name)
        except ModuleNotFoundError:
            pass
from calculator import api as _engine_api
with open("/tmp/rules.json", encoding="utf-8") as _rules:
    _engine_catalogue = _engine_api.init(_rules.read())
os.remove("/tmp/rules.json")
# One answer before the heap is saved, so what the engine imports or builds lazily on its first call
# is in the snapshot too (the parity test checks the answers stay CPython's).
for _request in ({}, {"investment": "350"}):
    _engine_api.handle(json.dumps({"action": "evaluate", "regulation": "all", "input": _request}))
del _module, _rules, _request
`);
writeFileSync(outPath, pyodide.makeMemorySnapshot());
