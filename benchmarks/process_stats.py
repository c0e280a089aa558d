"""Resident memory and CPU time of a process and all its descendants, read from /proc (Linux).

RSS counts a page shared by several processes (a forked worker's copy of its
parent's pages, shared libraries) once in each of them, so its sum overstates
the total; PSS (proportional set size, /proc/PID/smaps_rollup) divides each
shared page among the processes that map it, so the sum of PSS is the memory
the whole tree really holds.
"""

import os
from pathlib import Path

_PROC = Path("/proc")


def _parent(pid: int) -> int | None:
    try:
        stat = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    return int(stat[stat.rindex(")") + 2 :].split()[1])  # the field after the state letter


def process_tree(root: int) -> list[int]:
    """``root`` and every process descended from it that is alive now."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir(_PROC):
        if entry.isdigit():
            parent = _parent(int(entry))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry))
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending.extend(children.get(pid, []))
    return tree


def _kib(path: Path, key: str) -> int:
    """The ``key:  N kB`` value of a /proc file, 0 if the process is gone."""
    try:
        for line in path.read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_memory(root: int) -> dict:
    """``{"processes", "rss_mib", "pss_mib"}`` summed over ``root`` and its descendants."""
    pids = process_tree(root)
    rss = sum(_kib(_PROC / str(pid) / "status", "VmRSS") for pid in pids)
    pss = sum(_kib(_PROC / str(pid) / "smaps_rollup", "Pss") for pid in pids)
    return {"processes": len(pids), "rss_mib": round(rss / 1024, 1), "pss_mib": round(pss / 1024, 1)}


def tree_cpu_seconds(root: int) -> float:
    """User + system CPU time used so far by ``root`` and its live descendants, in seconds."""
    ticks = 0
    for pid in process_tree(root):
        try:
            stat = (_PROC / str(pid) / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return ticks / os.sysconf("SC_CLK_TCK")
