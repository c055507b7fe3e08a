"""The handout's print page (deckdocs.export.pdf), assembled from a small hand-written site: no browser.

Printing it is tested in tests/browser/test_pdf.py.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from deckdocs.errors import DeckdocsError
from deckdocs.export.pdf import _site_path, assemble_handout, nav_pages, render_quiz_answer
from deckdocs.speaker_notes import classify_notes

NAV = """<nav class="md-nav md-nav--primary"><ul>
<li><a class="md-nav__link" href="index.html">首页</a></li>
<li><a class="md-nav__link" href="01-a.html">第一章</a>
  <nav class="md-nav md-nav--secondary"><a class="md-nav__link" href="#x">一节</a></nav></li>
<li><a class="md-nav__link" href="sub/02-b.html">第二章</a></li>
<li><a class="md-nav__link" href="quiz.html">综合测验</a></li>
<li><a class="md-nav__link" href="https://example.org/">外链</a></li>
</ul></nav>"""

RADIO_QUIZ = """<div class="quiz" id="quiz-0"><a href="#quiz-0" class="quiz-header-link">#</a>
<div class="quiz-question"><p>微粒贷由哪家银行提供？</p></div>
<form><fieldset><div><input type="radio" id="quiz-0-0" data-correct="true"><label for="quiz-0-0">微众银行</label></div>
<div><input type="radio" id="quiz-0-1"><label for="quiz-0-1">招商银行</label></div></fieldset></form>
<section class="content hidden"><p>由微众银行提供。</p></section></div>"""

BLANK_QUIZ = """<div class="quiz quiz-fill-blank" id="quiz-1"><div class="quiz-question">
<p>日利率最低为万分之<input type="text" class="quiz-blank-input" data-answer="二">。</p></div>
<section class="content hidden"></section></div>"""


def _page(body: str, title: str) -> str:
    return (f"<html><head><title>{title}</title></head><body>{NAV}"
            f'<article class="md-content__inner md-typeset">{body}</article>'
            '<div id="quiz-progress-sidebar">测验进度</div><script>var x=1</script></body></html>')


@pytest.fixture()
def site(tmp_path) -> Path:
    (tmp_path / "sub").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "p.png").write_bytes(b"png")
    (tmp_path / "index.html").write_text(_page(
        '<h1 id="课程">课程<a class="headerlink" href="#课程">¶</a></h1><p>20XX<br>汇报人</p>', "课程"), "utf-8")
    (tmp_path / "01-a.html").write_text(_page(
        '<h1 id="第一章">第一章</h1><h2 id="x">一节</h2><p class="dd-slide" data-slide="3">幻灯片 3</p>'
        '<p>见<a href="sub/02-b.html#y">第二章</a>、'
        '<a href="#x">本节</a>与<a href="https://example.org/">外部</a>。</p><img src="assets/p.png" alt="图">'
        '<div class="admonition tip dd-notes"><p class="admonition-title">要点提示</p><p>按时还款。</p></div>'
        '<details class="info"><summary>延伸阅读</summary><p>更多。</p></details>'
        f'<h2 id="本章自测">本章自测</h2><p>选择答案后立即显示对错。</p>{RADIO_QUIZ}', "第一章"), "utf-8")
    (tmp_path / "sub" / "02-b.html").write_text(_page(
        '<h1 id="第二章">第二章</h1><h2 id="y">二节</h2><p>回到<a href="../01-a.html">第一章</a>。</p>'
        '<img src="../assets/p.png" alt="图">', "第二章"), "utf-8")
    (tmp_path / "quiz.html").write_text(_page(
        f'<h1 id="综合测验">综合测验</h1><p>共 2 题。</p><h2 id="part-1">第 1 章</h2>{RADIO_QUIZ}'
        f'<h2 id="part-2">第 2 章</h2>{BLANK_QUIZ}', "综合测验"), "utf-8")
    return tmp_path


def test_pages_come_in_the_order_of_the_navigation_home_first(site):
    assert nav_pages(site) == ("index.html", "01-a.html", "sub/02-b.html", "quiz.html")


def test_links_resolve_from_the_page_and_directory_urls_mean_their_index():
    assert _site_path("sub/02-b.html", "../01-a.html#x") == "01-a.html"
    assert _site_path("01-a.html", "#x") == "01-a.html"
    assert _site_path("index.html", "part/") == "part/index.html"
    assert _site_path("part/index.html", "..") == "index.html"
    assert _site_path("index.html", ".") == "index.html"
    assert _site_path("index.html", "https://example.org/a.html") is None
    assert _site_path("index.html", "../../etc/passwd") is None


def test_links_between_pages_point_inside_the_handout(site):
    html = assemble_handout(site)
    assert '<a href="#c2-y">第二章</a>' in html
    assert '<a href="#c1-x">本节</a>' in html
    assert '<a href="https://example.org/">外部</a>' in html
    assert '<a href="#c1">第一章</a>' in html
    assert 'id="c2-y"' in html


def test_pictures_point_at_the_files_of_the_built_site(site):
    html = assemble_handout(site)
    picture = (site / "assets" / "p.png").resolve().as_uri()
    assert html.count(f'src="{picture}"') == 2  # from the top folder and from sub/


def test_screen_only_parts_stay_out_and_learners_notes_stay_in(site):
    html = assemble_handout(site)
    for gone in ("headerlink", "<script", "测验进度", "讲者备注", "选择答案后立即显示", 'class="quiz'):
        assert gone not in html, gone
    assert '<details class="info" open' in html  # other collapsed blocks print open
    assert "要点提示" in html and "按时还款。" in html  # what learners read of the notes is theirs on paper too


def test_the_trainers_handout_prints_every_notes_line_under_its_slide_in_place_of_the_learners_blocks(site):
    notes = {"01-a.html": {3: classify_notes("先讲定义，再请学员举例。\n\n提醒学员：按时还款。")},
             "quiz.html": {9: classify_notes("别的页面。")}}
    assert "先讲定义" not in assemble_handout(site, notes=notes)  # only with_notes
    root = lxml.html.fromstring(assemble_handout(site, with_notes=True, notes=notes))
    (aside,) = root.xpath("//aside[@class='dd-trainer-notes']")
    assert [" ".join(p.text_content().split()) for p in aside.iter("p")] == [
        "讲者备注", "【讲解提示】先讲定义，再请学员举例。", "【要点提示】按时还款。"]
    assert aside.getprevious().tag == "details"  # the end of slide 3's section, before 本章自测's appendix
    assert not root.xpath("//*[contains(@class, 'dd-notes')]")  # said once, in the trainer's block
    assert "别的页面" not in lxml.html.tostring(root, encoding="unicode")  # a page of quizzes is in the appendix only


def test_the_trainers_handout_prints_the_notes_of_the_title_and_closing_slides_before_the_chapters(site):
    notes = {"index.html": {1: classify_notes("开场先做自我介绍。")}, "sub/02-b.html": {27: classify_notes("讨论：收获？")}}
    root = lxml.html.fromstring(assemble_handout(site, with_notes=True, notes=notes))
    home, first, second = root.xpath("//section[contains(@class, 'dd-chapter')]")
    assert home.xpath("string(./h1)") == "封面、目录与结束页的讲者备注"
    assert "幻灯片 1" in home.text_content() and "【讲解提示】开场先做自我介绍。" in home.text_content()
    assert first.get("id") == "c1" and "【思考与讨论】收获？" in second.text_content()  # a page without its slide's section
    assert "自我介绍" not in assemble_handout(site, notes=notes)


def test_cover_and_contents_come_from_the_home_page_and_the_chapters(site):
    root = lxml.html.fromstring(assemble_handout(site))
    assert root.xpath("string(//h1[@class='dd-cover-title'])") == "课程"
    assert "汇报人" in root.xpath("string(//p[@class='dd-cover-subtitle'])")
    assert root.xpath("//nav[@class='dd-toc']//li/a/text()") == ["第一章", "第二章", "附录　测验与答案"]


def test_the_home_page_course_facts_are_not_a_cover_subtitle(site):
    (site / "index.html").write_text(_page(
        '<h1 id="课程">课程</h1><p class="dd-course-facts">共 2 章、3 张幻灯片，阅读约需 1 分钟。</p>', "课程"), "utf-8")
    root = lxml.html.fromstring(assemble_handout(site))
    assert root.xpath("string(//p[@class='dd-cover-subtitle'])") == ""


def test_quizzes_are_printed_once_each_in_the_appendix_with_their_answers(site):
    root = lxml.html.fromstring(assemble_handout(site))
    appendix = root.xpath("//section[@class='dd-appendix']")[0]
    assert appendix.xpath("./h2/text()") == ["第一章", "综合测验"]
    assert appendix.xpath("./h2[2]/@id") == ["c3"]  # the quiz-only page lives here
    questions = [q.text_content() for q in appendix.xpath(".//li[@class='dd-quiz']")]
    assert len(questions) == 2  # the final test's copy of the first question is not repeated
    assert "微众银行（正确答案）" in questions[0]
    assert "二" in questions[1]


def test_without_answers_there_is_no_appendix(site):
    html = assemble_handout(site, with_answers=False)
    assert "附录" not in html and "正确答案" not in html


def test_a_quiz_prints_its_question_options_and_the_right_answer():
    quiz = lxml.html.fragment_fromstring(RADIO_QUIZ)
    printed = lxml.html.fragment_fromstring(render_quiz_answer(quiz))
    assert printed.xpath(".//li[@class='dd-correct']//text()")[0] == "微众银行"
    assert printed.xpath("string(.//div[@class='dd-quiz-explanation'])") == "解析：由微众银行提供。"
    blank = lxml.html.fragment_fromstring(render_quiz_answer(lxml.html.fragment_fromstring(BLANK_QUIZ)))
    assert blank.xpath("string(.//span[@class='dd-blank'])") == "二"


def test_no_built_site_raises_with_a_hint(tmp_path):
    with pytest.raises(DeckdocsError, match="deckdocs build"):
        assemble_handout(tmp_path)


def test_the_course_outline_gives_the_chapters_a_pruned_navigation_leaves_out(site):
    # navigation.prune: the home page of a several-deck site lists no chapter of any course
    (site / "sub" / "03-c.html").write_text(_page('<h1 id="第三章">第三章</h1><h2 id="z">三节</h2>', "第三章"), "utf-8")
    home = (site / "index.html").read_text("utf-8").replace('<li><a class="md-nav__link" href="01-a.html">第一章</a>', "<li>")
    (site / "index.html").write_text(home.replace('href="sub/02-b.html"', 'href="#"'), "utf-8")
    assert "sub/03-c.html" not in nav_pages(site)
    root = lxml.html.fromstring(assemble_handout(site, outline=("sub/03-c.html", "01-a.html", "gone.html", "sub/02-b.html")))
    assert root.xpath("//nav[@class='dd-toc']//li/a/text()") == ["第三章", "第一章", "第二章", "附录　测验与答案"]


def test_outline_pages_put_each_course_home_before_its_chapters(tmp_path):
    from decks import SlideSpec, Text, Title, build_deck
    from deckdocs.export.pdf import outline_pages
    from deckdocs.pipeline import outline_decks

    def deck(name):
        return build_deck(tmp_path / name, [SlideSpec([Title("课程")]), SlideSpec([Title("一页"), Text(1, 2, 8, 1, "正文")])])

    one = outline_pages(outline_decks((deck("a.pptx"),)))
    two = outline_pages(outline_decks((deck("a.pptx"), deck("b.pptx"))))
    assert len(one) == 1 and one[0].endswith(".html") and "/" not in one[0]
    # each course: its home, its chapter, its own 综合测验
    assert [p.split("/", 1)[1] for p in two] == ["index.html", one[0], "quiz.html", "index.html", one[0], "quiz.html"]
    assert two[0].split("/")[0] != two[3].split("/")[0]
    # the first course stays at the root of a site a second deck joins: the site's home is its home
    kept = outline_pages(outline_decks((deck("a.pptx"), deck("b.pptx")), "a.pptx"))
    assert kept == (one[0], "quiz.html", *two[3:])


def test_slide_pictures_print_only_when_asked_and_never_lazily(site):
    page = (site / "01-a.html").read_text("utf-8").replace('<h2 id="x">一节</h2>', (
        '<h2 id="x">一节</h2><figure class="dd-slide-picture"><a class="glightbox" href="assets/p.png">'
        '<img alt="幻灯片 2：一节" loading="lazy" src="assets/p.png" width="1280" height="720"></a></figure>'))
    (site / "01-a.html").write_text(page, "utf-8")
    assert "幻灯片 2：一节" not in assemble_handout(site)
    root = lxml.html.fromstring(assemble_handout(site, with_slides=True))
    img = root.xpath("//figure[@class='dd-slide-picture']/img")
    assert len(img) == 1 and img[0].get("loading") is None and img[0].get("alt") == "幻灯片 2：一节"
    assert img[0].get("src") == (site / "assets" / "p.png").resolve().as_uri()


def test_a_build_without_the_handout_drops_its_link_only():
    from deckdocs.site.handout import drop_handout_link

    html = ('<ul>\n<li><a href="glossary.html">术语表</a></li>\n'
            '<li><a href="course.pdf" class="dd-handout" download="">打印版讲义（PDF）</a></li>\n</ul>')
    assert drop_handout_link(html) == '<ul>\n<li><a href="glossary.html">术语表</a></li>\n</ul>'
    assert drop_handout_link('<p>见 <a class="dd-handout" href="course.pdf">讲义</a>。</p>') == "<p>见 。</p>"
    card = ('<li>\n<p><strong><a class="dd-handout" download="" href="course.pdf">打印版讲义（PDF）</a></strong></p>\n'
            '<hr>\n<p>全部章节的打印版，测验答案在附录</p>\n</li>\n')
    cards = f'<ul>\n<li>\n<p><strong><a href="quiz.html">综合测验</a></strong></p>\n</li>\n{card}</ul>'
    assert drop_handout_link(cards) == '<ul>\n<li>\n<p><strong><a href="quiz.html">综合测验</a></strong></p>\n</li>\n</ul>'

