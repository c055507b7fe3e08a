"""pypinyin without its phrase dictionary, each text's phrases loaded back from the machine-wide
index (deckdocs.lang.pinyin, deckdocs.lang.index): the same pinyin as pypinyin whole, and an
index that follows the installed library and survives damage.

The answers are compared in fresh interpreters: a process that has imported pypinyin whole
would answer the fast path's questions from its whole dictionary.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from deckdocs.lang import index as library_index
from deckdocs.lang.index import LibraryIndex
import probe
from decks import SlideSpec, Text, Title, build_deck

# Polyphonic characters whose reading depends on the phrase around them (行 háng/xíng, 长 cháng/
# zhǎng, 重 zhòng/chóng, 还 hái/huán, 乐 lè/yuè), phrases cut in the middle, Latin and digits.
# 一块石头 is the start of a longer phrase: pypinyin then reads it character by character (shi2
# tou2), although 石头 alone is a phrase (shi2 tou5).
TEXTS = [
    "还款", "银行", "重要", "行长", "银行行长", "重要的还款", "长大", "长城", "重新", "重庆银行", "音乐", "快乐",
    "行为", "行业", "一行", "不行", "还有", "归还", "提前还款", "还款方式", "朝阳", "朝代", "一丁点儿", "丁点儿",
    "微粒贷概述", "微粒贷操作流程", "微粒贷风险管理", "微粒贷法律法规", "微粒贷营销策略", "微粒贷案例分析",
    "个人信息保护", "交易监控系统", "信用修复机制", "网络借贷信息中介机构业务活动管理暂行办法", "反洗钱法",
    "微粒贷App上线", "ABC还款2024年", "Q&A", "第3章 还款", "", "银行 行长", "长长久久", "重重困难", "行行出状元",
    "人民银行征信中心", "等额本息", "先息后本", "逾期罚息", "会计", "一会儿", "单于", "尉迟", "解放", "姓解",
    "一块石头", "一块石头落了", "石头",
]

_ASK = """
import json, sys
texts = json.loads(sys.stdin.read())
if sys.argv[1] == "pypinyin":
    from pypinyin import Style, lazy_pinyin
    answers = [[lazy_pinyin(t), lazy_pinyin(t, style=Style.TONE3, neutral_tone_with_five=True)] for t in texts]
    partial = None
else:
    from deckdocs.lang import pinyin
    answers = [[list(pinyin.plain(t)), list(pinyin.tone3(t))] for t in texts]
    partial = pinyin.PYPINYIN.is_partial
print(json.dumps({"answers": answers, "partial": partial,
                  "whole dictionary": "pypinyin.phrases_dict" in sys.modules}))
"""


def ask(how: str, texts: list[str], index_dir: Path) -> dict:
    return probe.ask(_ASK, how, texts, index_dir)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    """Return a folder holding the index of the installed pypinyin (the first question builds it,
    with pypinyin whole)."""
    folder = tmp_path_factory.mktemp("index")
    assert ask("deckdocs", ["银行"], folder)["partial"] is False
    return folder


def test_the_fast_path_gives_pypinyins_own_pinyin_for_polyphonic_and_mixed_text(index_dir):
    expected = ask("pypinyin", TEXTS, index_dir)
    again = ask("deckdocs", TEXTS, index_dir)  # from the index, pypinyin without its phrases
    assert again["answers"] == expected["answers"]
    assert again["partial"] is True and again["whole dictionary"] is False
    assert dict(zip(TEXTS, again["answers"]))["还款"][1] == ["hai2", "kuan3"]  # pypinyin's reading, kept
    assert dict(zip(TEXTS, again["answers"]))["银行行长"][0] == ["yin", "hang", "hang", "zhang"]


def test_texts_asked_one_after_another_each_get_the_whole_dictionarys_answer(index_dir):
    """Phrases loaded for one text must not change another's: 银行 then 行长 then 长大 …"""
    texts = [t[i:] + t[:i] for t in ("银行行长重要", "还款还有长大", "重庆重新行为") for i in range(6)]
    assert ask("deckdocs", texts, index_dir)["answers"] == ask("pypinyin", texts, index_dir)["answers"]


class Library:
    """A stand-in library for the index: its stamp, and how often its entries were read."""

    def __init__(self, folder: Path, monkeypatch):
        self.stamp, self.builds = "version 1", 0
        monkeypatch.setenv("DECKDOCS_INDEX_DIR", str(folder))
        monkeypatch.setattr(library_index, "library_stamp", lambda name: self.stamp)

    def entries(self):
        self.builds += 1
        yield from (("phrase", "银行", '[["yín"], ["háng"]]'), ("phrase", "银", None),
                    ("phrase", "行长", '[["háng"], ["zhǎng"]]'), ("phrase", "行", None), ("char", "银", "yín"))

    def index(self) -> LibraryIndex:
        """Return the index as a new process opens it."""
        return LibraryIndex("pypinyin", self.entries)


def test_the_index_is_built_once_and_again_when_the_library_changes(tmp_path, monkeypatch):
    library = Library(tmp_path, monkeypatch)
    index = library.index()
    assert index.lookup("phrase", ["银行", "银", "行", "长"]) == {"银行": '[["yín"], ["háng"]]', "银": None, "行": None}
    assert index.lookup("char", ["银", "行"]) == {"银": "yín"}
    assert index.longest("phrase") == 2 and index.longest("char") == 1
    first = index.path()
    assert library.index().lookup("phrase", ["行长"]) == {"行长": '[["háng"], ["zhǎng"]]'} and library.builds == 1
    library.stamp = "version 2"
    newer = library.index()
    assert newer.lookup("phrase", ["行长"]) == {"行长": '[["háng"], ["zhǎng"]]'} and library.builds == 2
    assert newer.path() != first and not first.exists()  # the old version's index is removed
    assert [p.name for p in tmp_path.iterdir()] == [newer.path().name]


@pytest.mark.parametrize("damage", [b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 50, b""])
def test_a_damaged_index_is_built_again(tmp_path, monkeypatch, damage):
    library = Library(tmp_path, monkeypatch)
    index = library.index()
    index.path().write_bytes(damage)
    assert index.lookup("phrase", ["银行"]) == {"银行": '[["yín"], ["háng"]]'} and library.builds == 1


def test_without_a_usable_index_folder_the_lookup_says_so(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would go")
    index = Library(blocked / "index", monkeypatch).index()
    assert index.lookup("phrase", ["银行"]) is None and index.longest("phrase") is None


def test_without_an_index_pinyin_comes_from_pypinyin_whole(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would go")
    found = ask("deckdocs", ["银行行长", "还款"], blocked)
    assert found["partial"] is False and found["answers"] == ask("pypinyin", ["银行行长", "还款"], blocked)["answers"]


def test_a_fresh_extract_loads_neither_jieba_nor_pypinyins_phrases_when_no_heading_needs_them(tmp_path, index_dir):
    (tmp_path / "source_slides").mkdir()
    build_deck(tmp_path / "source_slides" / "course.pptx", [
        SlideSpec([Title("银行课程")]),
        SlideSpec([Title("相关法律"), Text(1, 2, 5, 0.6, "反洗钱法", size=20, bold=True),  # a law: no question
                   Text(1, 2.8, 5, 1.5, "反洗钱法规定金融机构的反洗钱义务。"),
                   Text(7, 2, 5, 0.6, "征信", size=20, bold=True),  # too short for an adjective to lead
                   Text(7, 2.8, 5, 1.5, "征信记录个人的信用信息。")])])
    modules = probe.imported_after("from deckdocs.cli import main\nassert main(['extract']) == 0", tmp_path,
                                   ("pypinyin", "pypinyin.phrases_dict", "jieba"),
                                   env={"DECKDOCS_SOFFICE": "", "DECKDOCS_INDEX_DIR": str(index_dir)})
    # pypinyin for the chapter's file name and the glossary's order, without its phrases; no jieba
    assert modules == {"pypinyin"}
    glossary = (tmp_path / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert "### 反洗钱法" in glossary and "### 征信" in glossary
