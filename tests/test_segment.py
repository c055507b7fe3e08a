"""jieba fed from the machine-wide index (deckdocs.lang.segment): the same words and parts of speech
as jieba whole, and a fresh extract that never reads jieba's whole dictionary.

The answers are compared in fresh interpreters, one with jieba whole, one with the fast path.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import probe
from decks import SlideSpec, Text, Title, build_deck

# Headings of the course and the corpus, headings that need jieba's HMM (微粒贷, 贷后, 风控 are
# not in its dictionary), adjectives and conjunctions that lead, Latin, digits and spaces.
HEADINGS = [
    "无抵押信用贷款", "大数据风控技术", "信用评估", "信用评分模型", "贷后监控系统", "反欺诈技术", "交易监控系统",
    "信用修复机制", "消费者权益保护法", "反洗钱法", "网络借贷信息中介机构业务活动管理暂行办法", "个人信息保护",
    "反欺诈措施", "信息披露", "官方渠道宣传", "微粒贷", "微粒贷额度", "快速审批流程", "公平交易权", "及时还款",
    "合法合规经营", "年轻客群", "犹豫期", "灵活的还款方式", "逾期利息与罚金", "随借随还", "按日计息", "先息后本",
    "等额本息", "人民银行征信中心", "微众银行", "QQ钱包入口", "App 下载", "2024年利率", "第3章 风险", "A股上市",
    "严格保护用户个人信息", "实施贷后监控系统，实时跟踪贷款使用情况", "", " ", "贷",
]

_ASK = """
import json, sys
texts = json.loads(sys.stdin.read())
if sys.argv[1] == "jieba":
    import jieba, jieba.posseg
    jieba.setLogLevel(60)
    answers = [[list(jieba.cut(t)), [[p.word, p.flag] for p in jieba.posseg.cut(t)]] for t in texts]
    usable = None
else:
    from deckdocs.lang import segment
    answers = [[segment.words(t), [list(p) for p in segment.tagged(t)]] for t in texts]
    usable = segment.JIEBA.is_usable
print(json.dumps({"answers": answers, "usable": usable, "posseg": "jieba.posseg" in sys.modules}))
"""


def ask(how: str, texts: list[str], index_dir: Path) -> dict:
    return probe.ask(_ASK, how, texts, index_dir)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    """Return a folder holding the indexes of the installed jieba and pypinyin (the first
    questions build them)."""
    folder = tmp_path_factory.mktemp("index")
    assert ask("deckdocs", ["银行"], folder)["usable"] is True
    probe.run_python("from deckdocs.lang import pinyin; pinyin.plain('银行')", env={"DECKDOCS_INDEX_DIR": str(folder)})
    return folder


def made_of_dictionary_words(count: int) -> list[str]:
    """Return texts made of jieba's dictionary words, cut anywhere, some after characters the
    dictionary pairs with nothing (jieba's HMM then finds the words)."""
    import jieba

    words = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8").split("\n")
    rng = random.Random(15)
    texts = []
    for _ in range(count):
        text = "".join(rng.choice(words).split(" ")[0] for _ in range(rng.randint(1, 4)))
        cut = rng.randint(0, len(text) - 1)
        texts.append(rng.choice(("", "微粒", "贷后", "风控")) + text[cut:])
    return texts


def test_the_fast_path_gives_jiebas_own_words_and_parts_of_speech(index_dir):
    texts = HEADINGS + made_of_dictionary_words(400)
    expected = ask("jieba", texts, index_dir)
    found = ask("deckdocs", texts, index_dir)
    assert found["usable"] is True and found["posseg"] is False
    assert found["answers"] == expected["answers"]
    first = {text: answer[1][0] for text, answer in zip(HEADINGS, found["answers"]) if answer[1]}
    assert first["大数据风控技术"] == ["大", "a"] and first["微粒贷"] == ["微粒", "n"]


def test_without_an_index_jieba_is_used_whole(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would go")
    found = ask("deckdocs", HEADINGS[:5], blocked)
    assert found["usable"] is False and found["answers"] == ask("jieba", HEADINGS[:5], blocked)["answers"]


def test_a_fresh_extract_asks_jieba_about_its_headings_without_reading_its_whole_dictionary(tmp_path, index_dir):
    (tmp_path / "source_slides").mkdir()
    build_deck(tmp_path / "source_slides" / "course.pptx", [
        SlideSpec([Title("风控课程")]),
        SlideSpec([Title("风险管理"), Text(1, 2, 5, 0.6, "快捷审批通道", size=20, bold=True),
                   Text(1, 2.8, 5, 1.5, "一天之内完成审批。"),
                   Text(7, 2, 5, 0.6, "贷后监控系统", size=20, bold=True),
                   Text(7, 2.8, 5, 1.5, "放款之后持续跟踪资金用途。")])])
    modules = probe.imported_after("from deckdocs.cli import main\nassert main(['extract']) == 0", tmp_path,
                                   ("jieba", "jieba.posseg", "pypinyin.phrases_dict"),
                                   env={"DECKDOCS_SOFFICE": "", "DECKDOCS_INDEX_DIR": str(index_dir)})
    assert modules == {"jieba"}  # jieba, neither its tagger's module nor pypinyin's phrases
    memo = (tmp_path / ".deckdocs-cache" / "jieba.json").read_text(encoding="utf-8")
    assert "快捷审批通道" in memo and "贷后监控系统" in memo  # jieba was asked about both
    glossary = (tmp_path / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert "### 贷后监控系统" in glossary and "快捷审批通道" not in glossary  # 快捷 is an adjective
