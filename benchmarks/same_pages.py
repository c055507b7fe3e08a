"""Do two deckdocs trees write the same docs/? Byte for byte, for the course and every corpus deck.

Each deck is extracted in a project of its own by each tree (``PYTHONPATH=TREE``, no slide
pictures): fresh (no docs/, no cache), then again with the cache of the first run in place
(docs/ removed). The pages, the exit code and what was printed on stderr must be the same. The
course is extracted twice: as the editors' project (deck, glossary.yml, quiz.yml) and bare (the
deck only, so jieba decides which headings are terms). A change that must not change output
(a faster path to the same answers) is checked with it, e.g. against main:

    git archive main tools | tar -x -C /tmp/main
    python benchmarks/same_pages.py /tmp/main/tools tools
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "source_slides"
CORPUS = ROOT.parent / "shared" / "corpus"


def cases(corpus: Path) -> dict[str, list[Path]]:
    """Return the files of each project to extract, by name."""
    deck = next(COURSE.glob("*.pptx"))
    found = {"course project": [deck, COURSE / "glossary.yml", COURSE / "quiz.yml"], "course, bare": [deck]}
    if corpus.is_dir():
        found.update({p.name: [p] for p in sorted(corpus.iterdir()) if p.suffix.lower() in (".pptx", ".ppsx", ".pptm")})
    return found


def extract(tree: str, project: Path) -> tuple[int, str, dict[str, str]]:
    """Return the exit code, stderr and the pages (path → SHA-256) of ``deckdocs extract``."""
    env = {**os.environ, "PYTHONPATH": str(Path(tree).resolve()), "DECKDOCS_SOFFICE": ""}
    done = subprocess.run([sys.executable, "-m", "deckdocs", "extract"], cwd=project, env=env,
                          capture_output=True, text=True)
    docs = project / "docs"
    pages = {str(p.relative_to(docs)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(docs.rglob("*")) if p.is_file()} if docs.is_dir() else {}
    return done.returncode, done.stderr, pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="the tools/ folder of one tree")
    parser.add_argument("new", help="the tools/ folder of the other")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"decks to extract too (default {CORPUS})")
    args = parser.parse_args(argv)
    differing = 0
    with tempfile.TemporaryDirectory(prefix="deckdocs-same-") as tmp:
        for name, files in cases(args.corpus).items():
            runs = []
            for label, tree in (("old", args.old), ("new", args.new)):
                project = Path(tmp) / label / name
                (project / "source_slides").mkdir(parents=True)
                for path in files:
                    shutil.copy(path, project / "source_slides" / path.name)
                fresh = extract(tree, project)
                shutil.rmtree(project / "docs", ignore_errors=True)
                runs.append((fresh, extract(tree, project)))
            same = runs[0] == runs[1]
            differing += not same
            (code, _, pages), _ = runs[1]
            print(f"{'same' if same else 'DIFFERENT'}  {name}  (exit {code}, {len(pages)} files)", flush=True)
            for (old, new), when in zip(zip(*runs), ("fresh", "cache in place")):
                if old[:2] != new[:2]:
                    print(f"  {when}: exit code or stderr differs")
                for page in sorted(set(old[2]) | set(new[2])):
                    if old[2].get(page) != new[2].get(page):
                        print(f"  {when}: {page}")
    print(f"{differing} projects differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
