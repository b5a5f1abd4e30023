"""Speed measurements, printed and written, never asserted: `nox -s bench` (builds site/ first).

    python benchmarks/bench.py [--runs N] [--skip-build] [--skip-browser]

Writes bench/results.json (every figure and raw sample) and bench/results.md (the table the
README shows). Sections: engine on CPython (bench_cpython), site build (bench_build), browser
(bench_browser), bytes per page kind through nginx and the search at 1× and 10× (bench_pages), and
the nginx loopback load when benchmarks/nginx_load.py exists.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench_browser  # noqa: E402
import bench_build  # noqa: E402
import bench_pages  # noqa: E402
import bench_cpython  # noqa: E402

OUT = ROOT / "bench"


def machine() -> str:
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = os.getloadavg()[0]  # other work on the machine inflates every absolute time; ratios hold better
    return (f"{os.cpu_count()} cores, {mem_gb:.0f} GB, {platform.system()} {platform.machine()}, "
            f"Python {platform.python_version()}, load average {load:.1f} at start")


def nginx_load() -> dict | None:
    path = Path(__file__).with_name("nginx_load.py")
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("nginx_load", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.run() if hasattr(module, "run") else None


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f} ms" if value >= 100 else f"{value:.2f} ms"


def _mb(value: int) -> str:
    return f"{value / 2**20:.2f} MB"


def _kb(value: int) -> str:
    return f"{value / 1024:,.0f} KB"


def _goal(met: bool, target: str) -> str:
    """The target issue 10 sets for a figure, and whether this run met it."""
    return f"{target}（{'达到' if met else '未达到'}）"


# handle() on CPython, p95 (issue 10): one regulation's answer with its questions, and 全部对比.
HANDLE_P95_TARGET_MS = {"单办法计算": 5, "全部对比": 12}


def _browser_rows(b: dict) -> list[tuple[str, str]]:
    floor_cold, floor_warm = b["cold_ms"]["floor"], b["warm_ms"]["floor"]
    rows = [("下限页（同一 Pyodide，运行 1+1）冷 / 热", f"{_ms(floor_cold)} / {_ms(floor_warm)}")]
    for name in ("calculator", "calculator (fallback boot)"):
        label = "计算器链接→答案" + ("（快照启动）" if name == "calculator" else "（常规启动，回退路径）")
        cold, warm = b["cold_ms"][name], b["warm_ms"][name]
        snapshot = name == "calculator"
        rows.append((f"{label} 冷", f"{_ms(cold)} = {cold / floor_cold:.2f}× 下限",
                     _goal(cold / floor_cold <= 0.6, "≤ 0.6× 下限") if snapshot else ""))
        rows.append((f"{label} 热", f"{_ms(warm)} = {warm / floor_warm:.2f}× 下限",
                     _goal(warm <= 1000, "≤ 1.0 s") if snapshot else ""))
    rows += [(f"handle() 经 Worker：{k} p50 / p95", f"{_ms(v['p50'])} / {_ms(v['p95'])}")
             for k, v in b["worker_handle_ms"].items()]
    return rows


def _build_rows(b: dict) -> list[tuple[str, str]]:
    ratio = b["mkdocs_strict_ms"] / b["bare_material_ms"]
    rows = [("mkdocs build --strict / 同页面 mkdocs-material 空构建",
             f"{_ms(b['mkdocs_strict_ms'])} / {_ms(b['bare_material_ms'])} = {ratio:.2f}×", _goal(ratio <= 1.5, "≤ 1.5×")),
            ("站内搜索索引（全部文件，未压缩）", _mb(b["search_index_bytes"]) if b["search_index_bytes"] else "—"),
            ("Pyodide 快照生成（node，无缓存）", _ms(b["snapshot_make_ms"]))]
    rows += [(f"引擎 wheel：{k}", _ms(v)) for k, v in b["wheel_ms"].items()]
    return rows


def _cpython_rows(c: dict) -> list[tuple[str, str]]:
    rows = [("规则编译与校验（全部五部）", _ms(c["compile_ms"]))]
    rows += [(f"handle() CPython：{k} p50 / p95", f"{_ms(v['p50'])} / {_ms(v['p95'])}",
              _goal(v["p95"] <= HANDLE_P95_TARGET_MS[k], f"p95 ≤ {HANDLE_P95_TARGET_MS[k]} ms"))
             for k, v in c["handle_ms"].items()]
    rows += [(f"规模 {s['regulations']} 部：编译 / evaluate_all / rules.json",
              f"{_ms(s['compile_ms'])} / {_ms(s['evaluate_all_ms'])} / {_mb(s['rules_json_bytes'])}")
             for s in c["scale"]]
    return rows


def _pages_rows(p: dict) -> list[tuple[str, str]]:
    rows = [(f"传输字节（nginx gzip_static，冷）：{page}", _kb(n) if n < 2**20 else _mb(n),
             "" if "计算器" in page else _goal(n <= 2**20, "≤ 1 MB"))
            for page, n in p["page_bytes_nginx"].items()]
    for s in p["search_scale"]:
        label = f"站内搜索，规模 {s['factor']}×（{s['pages']} 页）"
        rows += [(f"{label}：页面载入时传输的索引 / 主题 lunr 索引（每页都载入，gzip）",
                  f"{_kb(s['page_load_search_bytes'])} / {_kb(s['theme_index']['gzip_bytes'])}"),
                 (f"{label}：一次搜索传输（{'、'.join(s['query_bytes'])}）",
                  " / ".join(_kb(v) for v in s["query_bytes"].values())),
                 (f"{label}：索引全部 {s['index']['files']} 个文件（gzip）", _kb(s["index"]["gzip_bytes"]))]
    return rows


def table(results: dict) -> str:
    rows = _cpython_rows(results["cpython"])
    if results.get("build"):
        rows += _build_rows(results["build"])
    if results.get("browser"):
        rows += _browser_rows(results["browser"])
    if results.get("pages"):
        rows += _pages_rows(results["pages"])
    if results.get("nginx_load"):
        rows += [(f"nginx 回环负载：{k}", str(v)) for k, v in results["nginx_load"].items()]
    lines = [f"测量于 {results['date']}，{results['machine']}；浏览器各项为 {results.get('browser', {}).get('runs', 0)} "
             "次交替运行的中位数。", "", "| 项目 | 结果 | 目标（问题 10） |", "|---|---|---|"]
    return "\n".join(lines + [f"| {row[0]} | {row[1]} | {row[2] if len(row) > 2 else ''} |" for row in rows]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="interleaved browser runs per page (default 5)")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    site = ROOT / "site"
    results: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": machine(),
                     "cpython": bench_cpython.run()}
    if not args.skip_build:
        results["build"] = bench_build.run(site)
    if args.skip_browser or not (site / "calculator.html").exists():
        print("browser measurements skipped (site/ not built, or --skip-browser)")
    else:
        results["browser"] = bench_browser.run(site, args.runs)
        results["pages"] = bench_pages.run(site)
    results["nginx_load"] = nginx_load()
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    (OUT / "results.md").write_text(table(results), encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
