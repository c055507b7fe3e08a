"""Which slide headings name a concept (a glossary term), and which terms are near-duplicates.

A heading that *names* something is a term (:func:`is_concept`). One that does not is left out:

1. an action — it begins with an action verb (下载微粒贷App, 提交贷款申请, 倡导理性借贷);
2. a step or a procedure — it ends in 步骤 or 流程, or in a verb of getting something done
   (实名认证步骤, 审批流程, 资金发放, 催收策略制定);
3. a description — it contains 的 or 与, sentence or list punctuation (，。、；：？！), or is
   longer than 24 characters (灵活的还款方式, 逾期利息与罚金);
4. a part of a story — it is on a case-study slide, one whose title contains 案例;
5. a person, a role or a group of people — it ends in a word for people (…用户, …客户, …族,
   …者, …人员, …企业主, …经理, 借款人);
6. a quality — it begins with an adjective or adverb (快速…, 公平…, 及时…, 合法…, 年轻…):
   jieba's part of speech of the first word (a, ad, c) and a short list of adjectives jieba
   tags otherwise; a right, duty, principle or law stays a term (公平交易权, 合法权益);
7. a requirement, a notice or a place — it ends in 要求, 提示, 事项 …, or in 入口, 页面, 按钮 ….

Near-duplicates (:func:`are_related`) are cross-referenced with 参见 on the glossary page:
one term begins or ends with the other (审批流程 / 快速审批流程), both are the same core with a
different generic head noun (反欺诈措施 / 反欺诈技术), or they differ in one character only
(反欺诈措施 / 防欺诈措施).
"""

from __future__ import annotations

import re

from deckdocs.lang import segment
from deckdocs.lang.memo import LibraryMemo

MAX_TERM_CHARS = 24  # the longest deck term is a regulation's name of 20 characters
ACTION_VERBS = (
    "下载", "安装", "注册", "登录", "登陆", "填写", "提交", "签署", "签订", "绑定", "申请", "办理",
    "选择", "查看", "查询", "上传", "点击", "打开", "进入", "确认", "完成", "开通", "设置", "输入",
    "联系", "拨打", "使用", "制定", "开展", "建立", "加强", "提升", "优化", "完善", "采用", "运用",
    "实施", "部署", "发布", "突出", "倡导", "提示", "提醒", "明示", "防范", "避免", "核实", "更新",
    "产生", "树立", "如何", "怎样",
)
STEP_ENDINGS = ("步骤", "流程", "制定", "确定", "发放", "强化", "操作")
PEOPLE_ENDINGS = ("用户", "客户", "客群", "人群", "群体", "族", "者", "人员", "人士", "员工", "团队",
                  "企业主", "业主", "雇主", "店主", "商户", "商家", "经理", "专员", "顾问", "主管", "助理",
                  "讲师", "学员")
PEOPLE_ENDING_MIN_CHARS = 3  # …人 is a person from three characters on (借款人, 担保人); 个人, 法人 are not
NOTICE_ENDINGS = ("要求", "提示", "提醒", "建议", "须知", "事项", "注意")
PLACE_ENDINGS = ("入口", "页面", "界面", "按钮", "菜单", "窗口", "网点")
# Adjectives and adverbs that jieba tags as nouns or misses, when they lead a heading.
QUALITY_WORDS = ("公平", "合理", "合法", "优质", "精准", "透明", "全面", "及时", "快速", "高效", "便捷",
                 "灵活", "严格", "简单", "简便", "准确", "良好", "稳健", "优惠", "专业", "年轻")
QUALITY_TAGS = ("a", "ad", "c")  # jieba: adjective, adverbial adjective, conjunction (及时)
# A right, a duty, a principle or a law stays a term whatever leads it (公平交易权, 如实告知义务).
LEGAL_HEADS = ("权", "权益", "义务", "责任", "原则", "制度", "法")
DESCRIPTION_MARKS = ("的", "与")
CASE_STUDY_MARK = "案例"
# Head nouns that name a kind of thing, not the thing: 反欺诈措施 and 反欺诈技术 share 反欺诈.
GENERIC_HEADS = ("措施", "技术", "机制", "系统", "模型", "体系", "制度", "方法", "手段", "策略", "政策",
                 "方案", "工具", "平台", "管理", "服务", "规定", "原则", "标准")
_PUNCTUATION = re.compile(r"[，。、；：？！,;:?!…]")
# What jieba answered, kept in the project's cache (deckdocs.lang.memo): a run asks about the same
# headings; new ones are answered from the machine-wide index (deckdocs.lang.segment).
_FIRST_WORD, _WORDS = "first word", "words"
NOUNS, FREQUENCY = "nouns", "frequency"  # asked by deckdocs.glossary.check
MEMO = LibraryMemo("jieba", (_FIRST_WORD, _WORDS, NOUNS, FREQUENCY))


def is_concept(heading: str, slide_title: str = "") -> bool:
    """Return whether an item heading names a concept (a term); see the module docstring."""
    return concept_rejection(heading, slide_title) is None


def concept_rejection(heading: str, slide_title: str = "") -> str | None:
    """Return why an item heading is not a term (in English, for tests and messages), or ``None``."""
    heading = heading.strip()
    if not 2 <= len(heading) <= MAX_TERM_CHARS or heading.isdigit():
        return "too short or too long"
    if CASE_STUDY_MARK in slide_title:
        return "a part of a case study"
    if heading.startswith(ACTION_VERBS):
        return "an action"
    if heading.endswith(STEP_ENDINGS):
        return "a step or a procedure"
    if any(mark in heading for mark in DESCRIPTION_MARKS) or _PUNCTUATION.search(heading):
        return "a description"
    if heading.endswith(PEOPLE_ENDINGS) or (heading.endswith("人") and len(heading) >= PEOPLE_ENDING_MIN_CHARS):
        return "a person, a role or a group of people"
    if heading.endswith(NOTICE_ENDINGS):
        return "a requirement or a notice"
    if heading.endswith(PLACE_ENDINGS):
        return "a place"
    # jieba last, and only where its answer can matter: it costs more than everything else here.
    if not heading.endswith(LEGAL_HEADS) and (heading.startswith(QUALITY_WORDS) or _first_word_is_a_quality(heading)):
        return "a quality (it begins with an adjective or adverb)"
    return None


def _first_word_is_a_quality(heading: str) -> bool:
    if len(heading) < 4:
        return False  # no word of two characters with two more after it
    word, tag = _first_word(heading)
    # One-character adjectives start compound nouns (大数据, 小额贷款, 新能源), and so does an
    # adjective before a one-character suffix (犹豫期): only a longer word before a word counts.
    return len(word) >= 2 and len(heading) - len(word) >= 2 and tag in QUALITY_TAGS


def _first_word(text: str) -> tuple[str, ...]:
    """Return jieba's first word of ``text`` and its part of speech (two empty strings for none)."""
    return MEMO.answer(_FIRST_WORD, text, _ask_first_word)


def _ask_first_word(text: str) -> tuple[str, str]:
    return next(iter(segment.tagged(text)), ("", ""))


# ---------------------------------------------------------------- near-duplicates


def core(term: str) -> str:
    """Return the term without a generic head noun (反欺诈措施 → 反欺诈); the term when it has none."""
    if not term.endswith(GENERIC_HEADS):  # most terms: one test for every head
        return term
    for head in GENERIC_HEADS:
        if term.endswith(head) and len(term) - len(head) >= 2:
            return term[: -len(head)]
    return term


def are_related(a: str, b: str) -> bool:
    """Return whether two different terms are near-duplicates a reader should see side by side."""
    if a == b:
        return False
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) or long_.endswith(short):
        return True  # 审批流程 / 快速审批流程, 信用评分 / 信用评分模型
    if len(short) >= 3 and short in long_:
        return True
    if core(a) != a and core(a) == core(b):
        return True  # 反欺诈措施 / 反欺诈技术
    if len(a) == len(b) >= 4 and sum(x != y for x, y in zip(a, b)) == 1:
        return True  # 反欺诈措施 / 防欺诈措施
    return False


def restates(text: str, term: str) -> bool:
    """Return whether a slide sentence restates the term instead of defining it: it uses the
    term, its core, or every word of it (实施贷后监控系统，实时跟踪… is about 贷后监控系统, and
    严格保护用户个人信息… about 个人信息保护, not what they are)."""
    if term in text or (core(term) != term and core(term) in text):
        return True
    words = [w for w in _words(term) if len(w) >= 2]
    return len(words) >= 2 and all(w in text for w in words)


def _words(text: str) -> tuple[str, ...]:
    """Return jieba's words of ``text``."""
    return MEMO.answer(_WORDS, text, segment.words)
