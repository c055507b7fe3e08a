"""Who speaker notes are for: each notes sentence gets a role, and only learners' roles reach the site.

Speaker notes hold two kinds of text. Stage directions are for the trainer (开场先请学员说说…,
四个特点从左到右讲解…, 本页按编号顺序讲): they stay in the trainer's handout (``deckdocs pdf
--notes``) and are never on a learner's page or in search. What a learner should know
(提醒学员：…) and discussion prompts (讨论：…) stay on the page, as 要点提示 and 思考与讨论;
other explanations stay as 补充说明.

How a sentence is told apart (:func:`classify_notes`), first rule that applies:

1. **A label the editor wrote** at the start of a line or sentence: ``讨论：``, ``提醒学员：``,
   ``讲师：``, ``说明：`` … (full- or half-width colon, or in 【】); it holds for the rest of the
   line and for the lines under it up to a blank line (a label alone on its line heads a list).
   The label is the editor's override: it wins over everything below, except that the generic
   ``注意：`` and ``提示：`` stay the trainer's when the sentence is a stage direction.
2. **A reminder to learners** inside a sentence (…，提醒学员每一步都要在官方入口内完成): the
   clause from the reminder on is a 要点提示, without the words 提醒学员.
3. **A stage direction**: the sentence says how to teach — 讲解, 先讲 / 逐条讲 / 按…讲, 请学员,
   引导学员, 开场, 本页, 从左到右, 按箭头, a time plan (用时 5 分钟) …
4. Otherwise the sentence goes with the label above it, else it is a 补充说明.

Pure: no IO. Deck text is never reworded; only an editor's label is taken off.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from deckdocs.messages import _


class NoteRole(str, enum.Enum):
    TRAINER = "trainer"  # stage directions: the trainer's handout only
    POINT = "point"  # what a learner should know: 要点提示
    DISCUSSION = "discussion"  # a question to think about or discuss: 思考与讨论
    NOTE = "note"  # other explanation: 补充说明


# What learners see as the title of each role's block (the trainer's role has none on the site).
TITLES = {NoteRole.POINT: "要点提示", NoteRole.DISCUSSION: "思考与讨论", NoteRole.NOTE: "补充说明",
          NoteRole.TRAINER: "讲解提示"}
LEARNER_ROLES = (NoteRole.POINT, NoteRole.DISCUSSION, NoteRole.NOTE)

# The labels an editor writes, by role. Longer labels first: 提醒学员 before 提醒.
LABELS = {
    NoteRole.TRAINER: ("讲师提示", "讲师备注", "讲者提示", "讲者备注", "讲解提示", "讲解顺序", "讲解要点", "讲解思路",
                       "授课提示", "教学提示", "备课提示", "仅讲师", "讲师", "讲者", "讲法", "时间安排", "时间",
                       "时长", "过渡", "开场", "互动"),
    NoteRole.POINT: ("提醒学员", "提醒大家", "特别提醒", "温馨提示", "风险提示", "要点提示", "重点提示", "学员须知",
                     "小贴士", "划重点", "要点", "重点", "记住", "提醒", "提示", "注意"),
    NoteRole.DISCUSSION: ("思考与讨论", "课堂讨论", "小组讨论", "讨论题", "思考题", "请思考", "想一想", "议一议",
                          "讨论", "思考"),
    NoteRole.NOTE: ("补充说明", "背景知识", "延伸阅读", "知识拓展", "说明", "补充", "背景", "拓展", "备注"),
}
_GENERIC = ("注意", "提示")  # labels that do not override a stage direction (注意：本页不要讲太久)
_LABEL_ROLE = {label: role for role, labels in LABELS.items() for label in labels}
_LABEL = re.compile(
    r"^\s*(?:【\s*(?P<bracketed>{0})\s*】|\[\s*(?P<squared>{0})\s*\]|(?P<plain>{0})\s*[：:])\s*".format(
        "|".join(sorted(map(re.escape, _LABEL_ROLE), key=len, reverse=True))))

_LEARNERS = r"(?:学员|大家|同学|学生|听众|参训人员)"
# A reminder to learners that opens a clause: what follows is for them (提醒学员每一步都要…).
_REMINDER = re.compile(rf"(?:^|(?<=[，,；;]))\s*(?:(?:提醒|告诉|告知|叮嘱|嘱咐){_LEARNERS}|请{_LEARNERS}(?:注意|记住|牢记))"
                       r"\s*[：:，,]?\s*")
# A sentence that says how to teach. General classroom words, not this course's.
_STAGE = re.compile("|".join((
    r"讲解|讲述|讲授|讲评|串讲|精讲|略讲|详讲|带过|一笔带过|点到为止",
    r"(?:先|再|后|来|重点|展开|简单|简要|逐条|逐一|逐个|依次|顺序|分别|结合.{0,20})讲",
    r"按.{0,12}讲",
    r"讲(?:清|透|到|完|一下|一遍)",
    rf"[请让由邀]{_LEARNERS}", rf"引导{_LEARNERS}", rf"(?:提问|询问|点名){_LEARNERS}", rf"{_LEARNERS}分组",
    r"开场|破冰|暖场|过渡到|承上启下|板书|白板|翻页|翻到|下一页|上一页|本页|这一页|此页|该页",
    r"播放视频|播放动画|现场演示|课堂|互动环节|课件第",
    r"从左到右|从右到左|从上到下|从下到上|顺时针|逆时针|按箭头|按编号|按序号",
    r"(?:用时|时长|控制在|预留|留出)\s*(?:约|大约)?\s*[\d一二三四五六七八九十两]+\s*分钟",
    r"[（(]\s*(?:约|大约)?\s*[\d一二三四五六七八九十两]+\s*分钟\s*[)）]",
    r"可(?:以)?(?:请|让|邀请|结合|举例|补充|展开|提问)",
    # English stage directions (decks in English keep theirs off the page too)
    r"(?i:\b(?:introduce (?:yourself|self)|transition:|pause (?:here|for)|ask the (?:audience|class|group)"
    r"|hand out|\d+\s*min(?:ute)?s\b|next slide|this slide|click to)\b)",
)))
# Explaining to a customer is what learners learn to do (向客户讲解利率时…), not a stage direction.
_TO_OTHERS = re.compile(r"[向给为对跟](?:客户|顾客|用户|消费者|借款人|投保人|患者|病人|家长|对方|他人)")
_SENTENCE = re.compile(r"[^。！？!?]*(?:[。！？!?]+[”’」』）)]*|$)")
_LATIN_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z])")


@dataclass(frozen=True)
class NotesPart:
    """A run of notes text with one role: the text as learners read it (an editor's label taken
    off), the notes line it starts on (from 1), and why it got its role (``deckdocs inspect``)."""

    role: NoteRole
    text: str
    line: int
    reason: str

    @property
    def is_for_learners(self) -> bool:
        return self.role is not NoteRole.TRAINER


def classify_notes(notes: str) -> tuple[NotesPart, ...]:
    """Return the notes as parts in notes order; see the module docstring for the rules.

    Sentences of one line with the same role stay together as one part; every line starts a
    new part (a line is what the editor typed as a paragraph in the notes pane).
    """
    parts: list[NotesPart] = []
    held: tuple[NoteRole, str] | None = None  # the role of the last label, up to a blank line
    for number, line in enumerate(notes.split("\n"), 1):
        if not line.strip():
            held = None
            continue
        pieces = []  # (role, text, reason)
        role_here = held
        for sentence in _sentences(line.strip()):
            labelled = _label(sentence)
            if labelled is not None:
                label, role, rest = labelled
                if role in LEARNER_ROLES and label in _GENERIC and (stage := _stage_direction(rest)):
                    pieces.append((NoteRole.TRAINER, sentence, _("a stage direction ({stage}) under the generic label "
                                                                 "{label}").format(stage=stage.group(), label=label)))
                    continue
                role_here = held = (role, _("the editor's label {label}").format(label=label))  # also for the lines under it
                if rest.strip():
                    pieces.append((role, rest, role_here[1]))
                continue
            pieces.extend(_sentence_pieces(sentence, role_here))
        parts.extend(_merge(pieces, number))
    return tuple(parts)


def learner_parts(notes: str) -> tuple[NotesPart, ...]:
    """Return the parts of ``notes`` learners read (no stage directions)."""
    return tuple(p for p in classify_notes(notes) if p.is_for_learners)


def _sentences(line: str) -> list[str]:
    """Return the sentences of one line, their closing punctuation kept (Chinese or Latin)."""
    return [piece for sentence in _SENTENCE.findall(line) if sentence.strip()
            for piece in _LATIN_SENTENCE_END.split(sentence) if piece.strip()]


def _label(sentence: str) -> tuple[str, NoteRole, str] | None:
    """Return (label, role, text after it) when ``sentence`` opens with an editor's label."""
    match = _LABEL.match(sentence)
    if match is None:
        return None
    label = match.group("bracketed") or match.group("squared") or match.group("plain")
    return label, _LABEL_ROLE[label], sentence[match.end():]


def _sentence_pieces(sentence: str, above: tuple[NoteRole, str] | None):
    """Yield (role, text, reason) for one unlabelled sentence: a reminder clause splits it."""
    reminder = _REMINDER.search(sentence)
    if reminder is not None:
        before, after = sentence[:reminder.start()].rstrip(" ，,；;"), sentence[reminder.end():]
        if before:
            yield from _sentence_pieces(before, above)
        if after.strip():
            yield NoteRole.POINT, after, _("a reminder to learners ({reminder})").format(reminder=reminder.group().strip(" ，,：:"))
        return
    stage = _stage_direction(sentence)
    if stage is not None:
        yield NoteRole.TRAINER, sentence, _("a stage direction ({stage})").format(stage=stage.group())
    elif above is not None:
        yield above[0], sentence, _("under {label}").format(label=above[1])
    else:
        yield NoteRole.NOTE, sentence, _("no label and no stage direction: an explanation")


def _stage_direction(sentence: str) -> re.Match | None:
    """Return the first words of ``sentence`` that say how to teach, or None."""
    to_others = _TO_OTHERS.search(sentence) is not None
    return next((m for m in _STAGE.finditer(sentence) if not (to_others and "讲" in m.group())), None)


def _merge(pieces, line: int) -> list[NotesPart]:
    """Return the pieces of one line as parts, neighbours of the same role joined."""
    parts: list[NotesPart] = []
    for role, text, reason in pieces:
        text = text.strip()
        if not text:
            continue
        if parts and parts[-1].role is role:
            last = parts[-1]
            parts[-1] = NotesPart(role, _join(last.text, text), line, last.reason)
        else:
            parts.append(NotesPart(role, text, line, reason))
    return parts


def _join(a: str, b: str) -> str:
    return a + b if re.search(r"[\u3000-\u9fff\uff00-\uffef]$", a) else f"{a} {b}"
