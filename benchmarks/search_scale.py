"""Search at scale: index bytes, worker start-up and query latency for 1, 10 and 100 decks.

    python benchmarks/search_scale.py [--decks 1,10,100] [--seed] [--engines deckdocs,material]

There is one real course, so larger sites are synthetic: deck *i* is a copy of every docs page
in its own folder, with the product name replaced by a name of its own and about one Chinese
character in ten swapped for another character of the course (deterministic per deck), so the
vocabulary grows as it would with different decks rather than repeating one. For each size
and engine the script builds the site, then in headless Chromium starts the theme's own search
worker with the site's index (exactly what the page does) and times every query of the
public and extra query sets. It prints raw and gzip index bytes, worker start-up (index
parsed and prepared) and median / 95th-percentile query latency.
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_eval  # noqa: E402  (benchmarks/ is a folder of scripts, not a package)

ROOT = search_eval.ROOT
QUERY_FILES = (ROOT.parent / "shared" / "eval" / "search_queries.tsv", ROOT / "benchmarks" / "queries_extra.tsv",
               ROOT / "benchmarks" / "eval" / "learner_queries.tsv")
HAN = re.compile(r"[\u4e00-\u9fff]")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
PRODUCT = "微粒贷"
SWAP_SHARE = 0.1

# Start the site's own worker on its own index and time it, as the theme does on a page.
_MEASURE = """async (queries) => {
  const config = JSON.parse(document.getElementById('__config').textContent)
  const index = await (await fetch(new URL('search/search_index.json', new URL(config.base, location)))).json()
  const worker = new Worker(new URL(config.search, location))
  const ask = message => new Promise(resolve => {
    worker.onmessage = ev => resolve(ev.data)
    worker.postMessage(message)
  })
  let start = performance.now()
  await ask({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: true}}})
  const setup = performance.now() - start
  const times = []
  for (let round = 0; round < 3; round++)
    for (const q of queries) {
      start = performance.now()
      await ask({type: 2, data: q})
      times.push(performance.now() - start)
    }
  worker.terminate()
  return {setup, times}
}"""


def synthetic_pages(pages: dict[str, str], decks: int) -> dict[str, str]:
    """Return ``decks`` perturbed copies of ``pages``, each in its folder, and a home page.

    Deck 1 is the original; deck *i* renames the product and swaps about one Chinese
    character in ten of the page text (never in anchors, markup or front matter keys).
    """
    alphabet = sorted({c for text in pages.values() for c in HAN.findall(text)})
    out: dict[str, str] = {}
    for i in range(1, decks + 1):
        rng = random.Random(i)
        name = PRODUCT if i == 1 else "".join(rng.choice(alphabet) for _ in range(3))

        def perturb(text: str) -> str:
            text = text.replace(PRODUCT, name)
            if i == 1:
                return text
            return HAN.sub(lambda m: rng.choice(alphabet) if rng.random() < SWAP_SHARE else m.group(), text)

        for path, text in pages.items():
            head = FRONT_MATTER.match(text)
            front = head.group() if head else ""
            lines = []
            for line in text[len(front):].splitlines():
                heading = re.match(r"^(#{1,6} )(.*?)( \{ #.*\})$", line)
                if heading:  # keep anchors stable, perturb the heading text
                    lines.append(heading.group(1) + perturb(heading.group(2)) + heading.group(3))
                elif line.startswith("<") or line.startswith("!["):
                    lines.append(line)
                else:
                    lines.append(perturb(line))
            out[f"deck-{i:03d}/{path}"] = front.replace(PRODUCT, name) + "\n".join(lines) + "\n"
    out["index.md"] = "# 课程列表\n\n" + "\n".join(f"- [课程 {i}](deck-{i:03d}/index.md)" for i in range(1, decks + 1)) + "\n"
    return out


def docs_pages(docs_dir: Path) -> dict[str, str]:
    """Return the markdown pages of a docs folder (name → text)."""
    return {p.relative_to(docs_dir).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(docs_dir.rglob("*.md"))}


def measure(site: Path, queries: list[str]) -> dict:
    """Return index bytes, worker start-up and query times of one built site."""
    index = (site / "search" / "search_index.json").read_bytes()
    with search_eval.chromium() as browser, search_eval.serve(site) as url:
        page = browser.new_page()
        page.goto(url)
        timing = page.evaluate(_MEASURE, queries)
    times = sorted(timing["times"])
    return {"bytes": len(index), "gzip": len(gzip.compress(index, 6)), "setup_ms": timing["setup"],
            "median_ms": statistics.median(times), "p95_ms": times[int(0.95 * (len(times) - 1))]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decks", default="1,10,100", help="comma-separated site sizes (default: 1,10,100)")
    parser.add_argument("--engines", default="deckdocs,material", help="engines to measure (default: both)")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="the one course to replicate (default: docs/)")
    parser.add_argument("--seed", action="store_true", help="replicate pages made from the shared seed text instead")
    args = parser.parse_args(argv)
    pages = search_eval.seed_pages() if args.seed else docs_pages(args.docs)
    assets = None if args.seed else args.docs
    queries = [q.text for path in QUERY_FILES if path.is_file() for q in search_eval.read_queries(path)]
    print(f"{'decks':>6} {'engine':<10}{'pages':>7}{'index KB':>10}{'gzip KB':>9}{'build s':>9}"
          f"{'start-up ms':>13}{'median ms':>11}{'p95 ms':>9}")
    for decks in (int(n) for n in args.decks.split(",")):
        with tempfile.TemporaryDirectory(prefix="deckdocs-search-scale-") as tmp:
            tmp = Path(tmp)
            docs = search_eval.write_pages(synthetic_pages(pages, decks), tmp / "docs")
            if assets is not None:  # the theme's extra CSS and JS live in docs/
                for extra in ("javascripts", "stylesheets"):
                    if (assets / extra).is_dir():
                        for f in (assets / extra).iterdir():
                            (docs / extra).mkdir(parents=True, exist_ok=True)
                            (docs / extra / f.name).write_bytes(f.read_bytes())
            for engine in args.engines.split(","):
                config = search_eval.derived_config(ROOT / "mkdocs.yml", tmp / f"{engine}.yml", docs_dir=docs,
                                                    engine=engine)
                start = time.perf_counter()
                site = search_eval.build(config, tmp / f"site-{engine}")
                built = time.perf_counter() - start
                m = measure(site, queries)
                print(f"{decks:>6} {engine:<10}{len(pages) * decks:>7}{m['bytes'] / 1024:>10.0f}{m['gzip'] / 1024:>9.0f}"
                      f"{built:>9.1f}{m['setup_ms']:>13.0f}{m['median_ms']:>11.2f}{m['p95_ms']:>9.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
