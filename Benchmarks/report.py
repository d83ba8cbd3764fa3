"""Writing one benchmark's section of BENCHMARKS.md, between its markers, leaving the rest."""
import os
import re
import statistics

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_section(marker, body):
    """Puts `body` between `<!-- marker:begin -->` and `<!-- marker:end -->` in BENCHMARKS.md,
    replacing what was there, or at the end the first time; returns the file's path."""
    path = os.path.join(ROOT, "BENCHMARKS.md")
    block = f"<!-- {marker}:begin -->\n{body}\n<!-- {marker}:end -->"
    text = open(path).read()
    pattern = rf"<!-- {marker}:begin -->.*<!-- {marker}:end -->"
    if re.search(pattern, text, flags=re.S):
        text = re.sub(pattern, lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    open(path, "w").write(text)
    return path


def spread(times):
    """A median in seconds with the minimum and maximum of the runs."""
    return f"{statistics.median(times):.2f} s ({min(times):.2f}–{max(times):.2f})"
