"""The item analysis: per question how many answered, how many right, how well it tells strong
learners from weak ones, which options were picked; per chapter how many read it to the end.

Classical test theory, on each learner's first answer to a question (a second try after the
feedback says nothing about the question):
- facility: the share of learners whose first answer was right;
- discrimination: the point-biserial correlation between that answer (right 1, wrong 0) and the
  learner's 综合测验 score (``score.scaled`` of the last passed/failed statement): near 0 the
  question does not tell strong from weak learners, below 0 strong learners get it wrong more.
Flags need MIN_LEARNERS first answers; below that the numbers are shown but not judged.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from deckdocs.report.statements import normal_stem

VERB = "http://adlnet.gov/expapi/verbs/"
MIN_LEARNERS = 20
TOO_EASY = 0.9  # facility at or above: nearly everyone knows it, it tells the editor nothing
TOO_HARD = 0.3  # facility at or below: guessing among three or four options is near this
MISLEADING = -0.1  # discrimination below: strong learners get it wrong more than weak ones
UNUSED_DISTRACTOR = 0.02  # a wrong option picked by fewer than this share of learners
TRUE_FALSE_CHOICES = (("true", "正确"), ("false", "错误"))

FLAG_TEXT = {
    "too-easy": "太容易：几乎人人答对，区分不出掌握程度",
    "too-hard": "太难：答对的人很少，请核对答案、题干和出处",
    "misleading": "反向区分：成绩好的学员反而更常答错，请检查答案是否标错、题干是否有歧义",
    "unused-distractor": "干扰项没人选：{options}，请换成更像样的错误选项",
}
ADVICE = {"too-easy": "drop", "too-hard": "fix", "misleading": "fix", "unused-distractor": "fix"}


@dataclass(frozen=True)
class Item:
    """One question's figures and flags."""

    activity: str
    stem: str
    quiz_id: str  # the quiz.yml id, "" when the decks are not at hand
    interaction: str
    attempts: int  # every answer, retries included
    learners: int  # learners with a first answer
    facility: float
    discrimination: float | None  # None: too few learners with a score, or no spread
    picks: tuple[tuple[str, str, int, bool], ...]  # (choice id, text, learners who picked it, is right)
    flags: tuple[str, ...]  # keys of FLAG_TEXT
    unused: tuple[str, ...]  # texts of the distractors nobody picks

    @property
    def label(self) -> str:
        """Return the quiz.yml id, or else the question's content key (the end of its activity id)."""
        return self.quiz_id or self.activity.rsplit("/", 1)[-1]

    def flag_texts(self) -> tuple[str, ...]:
        return tuple(FLAG_TEXT[f].format(options="、".join(f"“{t}”" for t in self.unused)) for f in self.flags)


@dataclass(frozen=True)
class ChapterFigures:
    activity: str
    title: str
    opened: int  # learners with an experienced statement
    finished: int  # … with one that says every section was seen


@dataclass(frozen=True)
class Analysis:
    learners: int
    scored: int  # learners with a 综合测验 score
    mean_score: float | None
    items: tuple[Item, ...]
    chapters: tuple[ChapterFigures, ...]

    def advice(self, kind: str) -> tuple[Item, ...]:
        """Return the flagged items whose advice is ``kind`` ("drop" or "fix")."""
        return tuple(i for i in self.items if any(ADVICE[f] == kind for f in i.flags)
                     and not (kind == "fix" and any(ADVICE[f] == "drop" for f in i.flags)))


def learner_key(actor: dict) -> str:
    """Return the actor's inverse functional identifier, the one thing that names a learner."""
    account = actor.get("account") or {}
    return (actor.get("mbox") or actor.get("mbox_sha1sum") or actor.get("openid")
            or f"{account.get('homePage', '')}|{account.get('name', '')}")


def analyse(statements, quiz_ids: dict[str, str] | None = None) -> Analysis:
    """Return the item analysis of ``statements`` (xAPI dicts, any order); ``quiz_ids`` maps
    :func:`normal_stem` of a stem to its quiz.yml id."""
    quiz_ids = quiz_ids or {}
    ordered = sorted(statements, key=lambda s: (s.get("timestamp", ""), s.get("stored", "")))
    learners: set[str] = set()
    first: dict[str, dict[str, tuple[bool, str]]] = defaultdict(dict)  # activity → learner → (right, response)
    attempts: Counter = Counter()
    definitions: dict[str, dict] = {}
    scores: dict[str, float] = {}
    opened: dict[str, set] = defaultdict(set)
    finished: dict[str, set] = defaultdict(set)
    titles: dict[str, str] = {}
    for s in ordered:
        who = learner_key(s["actor"])
        learners.add(who)
        verb = s["verb"].get("id", "")
        target = s["object"].get("id", "")
        result = s.get("result") or {}
        if verb == VERB + "answered":
            attempts[target] += 1
            definitions[target] = s["object"].get("definition") or definitions.get(target, {})
            first[target].setdefault(who, (result.get("success") is True, str(result.get("response", ""))))
        elif verb in (VERB + "passed", VERB + "failed"):
            score = result.get("score") or {}
            if isinstance(score.get("scaled"), (int, float)):
                scores[who] = float(score["scaled"])
            elif score.get("max"):
                scores[who] = (score.get("raw", 0) - score.get("min", 0)) / (score["max"] - score.get("min", 0))
        elif verb == VERB + "experienced":
            opened[target].add(who)
            titles.setdefault(target, _text((s["object"].get("definition") or {}).get("name")))
            if result.get("completion") is True:
                finished[target].add(who)
    items = tuple(_item(a, definitions[a], attempts[a], first[a], scores, quiz_ids) for a in sorted(first))
    chapters = tuple(ChapterFigures(a, titles[a] or a, len(opened[a]), len(finished[a])) for a in sorted(opened))
    mean = sum(scores.values()) / len(scores) if scores else None
    return Analysis(len(learners), len(scores), mean, items, chapters)


def _item(activity: str, definition: dict, attempts: int, first: dict, scores: dict, quiz_ids: dict) -> Item:
    stem = _text(definition.get("description")) or _text(definition.get("name"))
    interaction = definition.get("interactionType", "other")
    answers = list(first.items())
    right = sum(1 for _, (ok, _r) in answers if ok)
    facility = right / len(answers)
    choices = [(c.get("id", ""), _text(c.get("description"))) for c in definition.get("choices", [])]
    if interaction == "true-false":
        choices = list(TRUE_FALSE_CHOICES)
    pattern = set((definition.get("correctResponsesPattern") or [""])[0].split("[,]"))
    counts = Counter(part for _, (_ok, response) in answers for part in set(response.split("[,]")) if part)
    picks = tuple((cid, text, counts[cid], cid in pattern) for cid, text in choices)
    discrimination = point_biserial([(ok, scores[who]) for who, (ok, _r) in answers if who in scores])
    flags, unused = [], ()
    if len(answers) >= MIN_LEARNERS:
        if facility >= TOO_EASY:
            flags.append("too-easy")
        if facility <= TOO_HARD:
            flags.append("too-hard")
        if discrimination is not None and discrimination < MISLEADING:
            flags.append("misleading")
        if interaction == "choice" and "too-easy" not in flags:
            # On a question nearly everyone gets right every distractor goes unpicked: that is the
            # question's problem, flagged above, not one option's.
            unused = tuple(text for _, text, n, is_right in picks if not is_right and n < UNUSED_DISTRACTOR * len(answers))
            if unused:
                flags.append("unused-distractor")
    quiz_id = quiz_ids.get(normal_stem(stem), "")
    return Item(activity, stem, quiz_id, interaction, attempts, len(answers), facility, discrimination,
                picks, tuple(flags), unused)


def point_biserial(pairs: list[tuple[bool, float]]) -> float | None:
    """Return the point-biserial correlation of (right, score) pairs; None without spread."""
    n = len(pairs)
    right = [s for ok, s in pairs if ok]
    wrong = [s for ok, s in pairs if not ok]
    if n < 2 or not right or not wrong:
        return None
    mean = sum(s for _, s in pairs) / n
    spread = math.sqrt(sum((s - mean) ** 2 for _, s in pairs) / n)
    if spread == 0:
        return None
    p = len(right) / n
    return (sum(right) / len(right) - sum(wrong) / len(wrong)) / spread * math.sqrt(p * (1 - p))


def _text(language_map) -> str:
    if not isinstance(language_map, dict) or not language_map:
        return ""
    for tag in ("zh-CN", "zh", "und"):
        if tag in language_map:
            return str(language_map[tag])
    return str(next(iter(language_map.values())))


def table_lines(analysis: Analysis) -> list[str]:
    """Return the terminal table: one line per question, then the chapters and the advice."""
    lines = [f"学员 {analysis.learners} 人，有综合测验成绩的 {analysis.scored} 人"
             + (f"，平均得分 {analysis.mean_score:.0%}。" if analysis.mean_score is not None else "。"),
             "题目编号\t作答人数\t作答次数\t答对率\t区分度\t题干\t提示"]
    for item in analysis.items:
        disc = "—" if item.discrimination is None else f"{item.discrimination:+.2f}"
        label = item.label
        stem = item.stem if len(item.stem) <= 30 else item.stem[:29] + "…"
        lines.append(f"{label}\t{item.learners}\t{item.attempts}\t{item.facility:.0%}\t{disc}\t{stem}\t"
                     + "；".join(item.flag_texts()))
    for chapter in analysis.chapters:
        share = chapter.finished / analysis.learners if analysis.learners else 0
        lines.append(f"章节 {chapter.title}：打开 {chapter.opened} 人，读完 {chapter.finished} 人（{share:.0%}）")
    for kind, word in (("drop", "建议删除（quiz.yml 的 drop）"), ("fix", "建议修改（quiz.yml 的 fix）")):
        ids = [i.label for i in analysis.advice(kind)]
        lines.append(f"{word}：{'、'.join(ids) if ids else '无'}")
    return lines
