"""The table of ``make bench``: each figure beside its target, from devtools.bench's results.

``table(results)`` -> rows of (figure, value, target, verdict); ``print_table(rows)`` prints them.
Targets are issue 14's and issue 16's (README "Performance").
"""

from __future__ import annotations

REFERENCE = 1603  # the size the floor and scaling targets refer to


def _mb(b: float | None) -> str:
    return "?" if b is None else f"{b / 1e6:.1f} MB"


def _kb(b: float) -> str:
    return f"{b / 1024:.1f} KB"


def _ok(passed: bool | None) -> str:
    return "" if passed is None else ("ok" if passed else "MISSED")


def table(results: list[dict]) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []  # (figure, value, target, verdict)
    by_n = {r["n"]: r for r in results}
    for r in results:
        n = r["n"]
        full, floor, rebuild = r["full_build"]["seconds"], r["floor"]["seconds"], r["rebuild"]["seconds"]
        f, s = r["flowcharts"], r["site"]
        ratio = full / floor if floor else float("inf")
        rss = r["full_build"]["peak_rss"]
        rows += [
            (f"[{n}] floor (load + 1 template + write)", f"{floor:.2f} s", "", ""),
            (f"[{n}] full build (cold flowcharts)", f"{full:.2f} s = {ratio:.1f}x floor",
             "<= 4x floor (at 1603)", _ok(ratio <= 4) if n == REFERENCE else ""),
            (f"[{n}] full build, warm flowchart cache (--force)",
             f"{r['warm_build']['seconds']:.2f} s = {r['warm_build']['seconds'] / floor:.1f}x floor",
             "<= 4x floor (at 1603)", _ok(r["warm_build"]["seconds"] <= 4 * floor) if n == REFERENCE else ""),
            (f"[{n}] full build CPU (all processes)",
             f"user {r['full_build'].get('user') or 0:.1f} s, system {r['full_build'].get('sys') or 0:.1f} s, "
             f"load {r['full_build'].get('load', 0):.1f}", "", ""),
            (f"[{n}] files a cold build creates",
             f"site {r['full_build'].get('files', {}).get('site', '?')}, "
             f".cache {r['full_build'].get('files', {}).get('cache', '?')}", "", ""),
            (f"[{n}] peak RSS of full build", _mb(rss), "<= 1.5 GB (at 20000)",
             _ok(rss <= 1.5e9) if n >= 20000 else ""),
            (f"[{n}] peak RSS of rebuild", _mb(r["rebuild"]["peak_rss"]), "", ""),
            (f"[{n}] no-op rebuild", f"{rebuild:.2f} s = {100 * rebuild / full:.0f}% of full",
             "<= 20% of full build", _ok(rebuild <= 0.2 * full)),
            (f"[{n}] flowcharts cold", f"{f['cold_processes']} processes, {f['cold_rendered']} graphs, "
             f"{f['cold_ms_per_graph']:.2f} ms/graph", "", ""),
            (f"[{n}] flowcharts warm", f"{f['warm_processes']} processes, {f['warm_hits']} hits, "
             f"{f['warm_ms_per_graph']:.3f} ms/graph", "0 dot processes", _ok(f["warm_processes"] == 0)),
            (f"[{n}] warm rebuild cache (after 2 builds)", f"{f['build_cache_processes']} processes",
             "0 dot processes", _ok(f["build_cache_processes"] == 0)),
            (f"[{n}] site size (du)", _mb(s["du_bytes"]), "", ""),
            (f"[{n}] item page HTML gzipped (avg)", _kb(s["avg_item_gz"]), "", ""),
            (f"[{n}] item page rendered (Renderer.item, QR aside)",
             f"{s['item_render']['ms_per_page']:.2f} ms CPU" if "item_render" in s else "not measured", "reported", ""),
            (f"[{n}] first view {s['first_view_page']}",
             f"{_kb(s['first_view_gz'])} (html {_kb(s['first_view_parts']['html'])}, "
             f"css {_kb(s['first_view_parts']['css'])}, js {_kb(s['first_view_parts']['js'])}, "
             f"svg {_kb(s['first_view_parts']['svg'])})",
             "<= 150 KB gzipped", _ok(s["first_view_gz"] <= 150 * 1024)),
        ]
        q = r["search"]
        if "skipped" in q:
            rows.append((f"[{n}] search", q["skipped"], "", "MISSED"))
        else:
            rows += [
                (f"[{n}] search: first query download (worst of {len(q['runs'])})",
                 f"{_kb(q['max_gz'])} gzipped ({_kb(q['max_raw'])} uncompressed)", "<= 300 KB (at 20000)",
                 _ok(q["max_gz"] <= 300 * 1024) if n >= 20000 else ""),
                (f"[{n}] search: first query to results (worst)", f"{q['max_ms']:.0f} ms",
                 "<= 300 ms (at 20000)", _ok(q["max_ms"] <= 300) if n >= 20000 else ""),
                (f"[{n}] search: requests outside the site", str(q["outside"]), "0", _ok(q["outside"] == 0)),
            ]
        if "index_build" in q:
            rows.append((f"[{n}] search: index build (search.build_index, CPU / wall)",
                         f"{q['index_build']['cpu']:.1f} s / {q['index_build']['wall']:.1f} s", "reported", ""))
        if s["first_view_unresolved"]:
            rows.append((f"[{n}] first view: not counted (external/missing)",
                         ", ".join(s["first_view_unresolved"])[:120], "", ""))
    sizes = sorted(by_n)
    for small, large in zip(sizes, sizes[1:]):
        t_small = by_n[small]["full_build"]["seconds"]
        t_large = by_n[large]["full_build"]["seconds"]
        # 14x for 12.48x the items (20000/1603): allow 1.12x the size ratio.
        allowed = 14 * (large / small) / (20000 / 1603)
        rows.append((f"time({large}) / time({small})", f"{t_large / t_small:.1f}x (sizes {large / small:.1f}x)",
                     f"<= {allowed:.1f}x" + (" (14x for 20000/1603)" if (small, large) != (1603, 20000) else ""),
                     _ok(t_large / t_small <= allowed)))
    return rows


def print_table(rows) -> None:
    widths = [max(len(r[i]) for r in rows + [("figure", "value", "target", "")]) for i in range(3)]
    line = f"{'figure':<{widths[0]}}  {'value':<{widths[1]}}  {'target':<{widths[2]}}  verdict"
    print(line)
    print("-" * len(line))
    for figure, value, target, verdict in rows:
        print(f"{figure:<{widths[0]}}  {value:<{widths[1]}}  {target:<{widths[2]}}  {verdict}")
