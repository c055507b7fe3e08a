"""What a SCORM package carries, for one course and for two: the zip's size, its file count, and
the largest kinds of file in it.

- one course: the repo's docs/ built (no PDF handout);
- two courses: the course deck and a retitled copy of it (tests/test_two_courses.py), extracted
  and built; `deckdocs export-scorm` makes one package per course, so both are listed.

    python benchmarks/scorm_size.py [--tools OTHER/tools]

``--tools`` packs the same built sites with another checkout's deckdocs (e.g. /work/main/tools)
for a before/after comparison; it runs in a subprocess with that PYTHONPATH.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))

_PACK = """
import io, json, sys, zipfile
from pathlib import Path
from deckdocs.export import scorm
site = Path(sys.argv[1])
courses = scorm.read_courses(site) if hasattr(scorm, "read_courses") else [None]
out = []
for course in courses:
    data = scorm.export_scorm(site, course=course) if course is not None else scorm.export_scorm(site)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    out.append({"course": course.title if course is not None else "(whole site)", "bytes": len(data), "files": len(names),
                "maps": sum(n.endswith(".map") for n in names), "lunr": sum("/lunr/" in n for n in names)})
print(json.dumps(out, ensure_ascii=False))
"""


def build_one(target: Path) -> Path:
    env = {**{k: v for k, v in os.environ.items() if k != "SITE_URL"}, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(target)],
                   cwd=ROOT, check=True, env=env)
    return target


def build_two(folder: Path) -> Path:
    from test_two_courses import build_two_courses

    return build_two_courses(folder) / "site"


def packages(site: Path, tools: Path) -> list[dict]:
    env = {**os.environ, "PYTHONPATH": str(tools)}
    result = subprocess.run([sys.executable, "-c", _PACK, str(site)], env=env, check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tools", type=Path, help="another checkout's tools/ to compare with")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="deckdocs-scorm-size-") as tmp:
        sites = {"one course": build_one(Path(tmp) / "one"), "two courses": build_two(Path(tmp) / "two")}
        print(f"{'site':12} {'code':6} {'package':32} {'bytes':>11} {'files':>6} {'maps':>5} {'lunr':>5}")
        for label, site in sites.items():
            for code, tools in (("before", args.tools), ("after", ROOT / "tools")):
                if tools is None:
                    continue
                for row in packages(site, tools):
                    print(f"{label:12} {code:6} {row['course'][:32]:32} {row['bytes']:>11,} {row['files']:>6} "
                          f"{row['maps']:>5} {row['lunr']:>5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
