"""What /proc says: CPU time and RSS of a process tree, and hypervisor steal."""
import os
import time
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str]:
    raw = Path(f"/proc/{pid}/stat").read_text()
    return raw[raw.rindex(")") + 2:].split()  # fields from 'state' (field 3) on


def tree(root: int) -> list[int]:
    """root and all its descendants that are alive now."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(_stat_fields(int(entry))[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        if Path(f"/proc/{pid}").exists():
            out.append(pid)
            todo.extend(children.get(pid, []))
    return out


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of each process (all its threads), summed."""
    total = 0
    for pid in pids:
        try:
            f = _stat_fields(pid)
            total += int(f[11]) + int(f[12])  # utime, stime (fields 14 and 15)
        except (OSError, ValueError, IndexError):
            pass
    return total / CLK_TCK


def rss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ValueError):
            pass
    return total


class Steal:
    """Share of CPU time stolen by the hypervisor between start() and stop(), from the 'cpu' line of /proc/stat."""

    @staticmethod
    def snapshot() -> tuple[int, int]:
        values = _cpu_jiffies()
        return sum(values), values[7]

    def __init__(self):
        self.start = self.snapshot()

    def percent(self) -> float:
        total, steal = self.snapshot()
        dt = total - self.start[0]
        return 100.0 * (steal - self.start[1]) / dt if dt > 0 else 0.0


def wait_quiet(max_busy: float = 0.10, window: float = 0.25, timeout: float = 15.0) -> float:
    """Wait until the machine is quiet: a window in which at most max_busy of all CPU time went to anything but idle
    (steal counts as busy). Returns the seconds waited; gives up after timeout."""
    started = time.perf_counter()
    while True:
        before = _busy_idle()
        time.sleep(window)
        after = _busy_idle()
        busy, idle = after[0] - before[0], after[1] - before[1]
        if busy + idle <= 0 or busy / (busy + idle) <= max_busy or time.perf_counter() - started >= timeout:
            return time.perf_counter() - started


def _busy_idle() -> tuple[int, int]:
    """(busy, idle) jiffies over all CPUs; idle includes iowait."""
    values = _cpu_jiffies()
    idle = values[3] + values[4]
    return sum(values) - idle, idle


def _cpu_jiffies() -> list[int]:
    """user nice system idle iowait irq softirq steal, over all CPUs, from the 'cpu' line of /proc/stat."""
    parts = Path("/proc/stat").read_text().splitlines()[0].split()
    return [int(v) for v in parts[1:9]]


def set_affinity(pids: list[int], cpus: set[int]) -> None:
    """Pin every thread of the given processes (taskset -a -p equivalent)."""
    for pid in pids:
        try:
            for tid in os.listdir(f"/proc/{pid}/task"):
                try:
                    os.sched_setaffinity(int(tid), cpus)
                except OSError:
                    pass
        except OSError:
            pass


def context_switches(pids: list[int]) -> int:
    """Voluntary + involuntary context switches of every thread of the given processes, summed."""
    total = 0
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                for line in Path(f"/proc/{pid}/task/{tid}/status").read_text().splitlines():
                    if line.startswith(("voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:")):
                        total += int(line.split()[1])
            except (OSError, ValueError):
                pass
    return total
