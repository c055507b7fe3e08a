"""The item analysis as one HTML page for editors: charts drawn as inline SVG, no script, no
outside file, so it opens offline and can be mailed. Pure: returns the text."""

from __future__ import annotations

import html

from deckdocs.report.analysis import MISLEADING, TOO_EASY, TOO_HARD, Analysis, Item

_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:60rem;color:#222;line-height:1.6}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.3rem .4rem;text-align:left;vertical-align:top}
.flag{color:#b3261e}.ok{color:#1b6e20}code{background:#f4f4f4;padding:0 .2rem}pre{background:#f4f4f4;padding:.6rem}
.item{margin:1rem 0;padding:.6rem;border:1px solid #e4e4e4;border-radius:6px}.item.flagged{border-color:#e7a29c}
"""
_RIGHT, _WRONG, _AXIS = "#2e7d32", "#9e9e9e", "#555"


def render_report(analysis: Analysis) -> str:
    """Return the report page."""
    parts = [f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>测验题目分析</title><style>{_STYLE}</style></head><body>
<h1>测验题目分析</h1>
<p>学员 {analysis.learners} 人，其中 {analysis.scored} 人完成了综合测验{_mean(analysis)}。
每道题按学员第一次作答统计：答对率低于 {TOO_HARD:.0%} 算太难，高于 {TOO_EASY:.0%} 算太容易；
区分度是答对与否和综合测验成绩的相关系数，越高越能区分掌握好坏，低于 {str(MISLEADING).replace('-', '−')} 说明成绩好的学员反而更常答错。</p>
"""]
    parts.append(_advice(analysis))
    parts.append("<h2>题目总览</h2>\n<p>横轴是答对率，纵轴是区分度；红点是需要处理的题目。</p>\n" + _scatter(analysis.items))
    parts.append("<h2>各章读完的学员</h2>\n" + _chapters(analysis))
    parts.append("<h2>逐题明细</h2>")
    for item in sorted(analysis.items, key=lambda i: (not i.flags, i.quiz_id or i.activity)):
        parts.append(_item(item))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _mean(analysis: Analysis) -> str:
    return f"，平均得分 {analysis.mean_score:.0%}" if analysis.mean_score is not None else ""


def _advice(analysis: Analysis) -> str:
    drop, fix = analysis.advice("drop"), analysis.advice("fix")
    if not drop and not fix:
        return "<h2>需要处理的题目</h2>\n<p class=\"ok\">没有需要处理的题目。</p>"
    # Only a question with a quiz.yml id can be dropped there; the others are named by their stem.
    lines = ["drop:"] + [f"  - {i.quiz_id}  # {i.flag_texts()[0]}" if i.quiz_id
                         else f"  # （无编号）{i.stem}：{i.flag_texts()[0]}" for i in drop]
    lines += ["fix:  # 以下题目请在 quiz.yml 的 fix 里改写，或在幻灯片里改正原文"]
    lines += [f"  # {i.quiz_id or '（无编号）' + i.stem}：{'；'.join(i.flag_texts())}" for i in fix]
    return ("<h2>需要处理的题目</h2>\n<p>把下面几行抄进 quiz.yml（没有编号的题目是编辑自己出的题，请直接在幻灯片备注里修改）：</p>\n"
            f"<pre>{html.escape(chr(10).join(lines))}</pre>")


def _scatter(items: tuple[Item, ...]) -> str:
    width, height, pad = 520, 300, 40
    x = lambda f: pad + f * (width - 2 * pad)  # noqa: E731
    y = lambda d: height - pad - (d + 1) / 2 * (height - 2 * pad)  # noqa: E731  discrimination −1…1
    marks = [f'<line x1="{pad}" y1="{y(0):.1f}" x2="{width - pad}" y2="{y(0):.1f}" stroke="{_AXIS}" stroke-dasharray="4 3"/>',
             f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="{_AXIS}"/>',
             f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="{_AXIS}"/>',
             f'<text x="{width / 2}" y="{height - 8}" text-anchor="middle" font-size="12">答对率</text>',
             f'<text x="12" y="{height / 2}" font-size="12" transform="rotate(-90 12 {height / 2})" text-anchor="middle">区分度</text>']
    for tick in (-1, 0, 1):
        label = f"{tick:+d}".replace("-", "−")  # the minus sign, not a hyphen
        marks.append(f'<text x="{pad - 4}" y="{y(tick) + 4:.1f}" font-size="10" text-anchor="end">{label}</text>')
    for tick in (0, 0.5, 1):
        marks.append(f'<text x="{x(tick):.1f}" y="{height - pad + 14}" font-size="10" text-anchor="middle">{tick:.0%}</text>')
    for item in items:
        d = 0 if item.discrimination is None else item.discrimination
        colour = "#d32f2f" if item.flags else "#1976d2"
        label = html.escape(item.quiz_id or item.activity.rsplit("/", 1)[-1])
        marks.append(f'<circle cx="{x(item.facility):.1f}" cy="{y(d):.1f}" r="4" fill="{colour}"><title>{label}</title></circle>')
    return f'<svg role="img" aria-label="答对率与区分度" viewBox="0 0 {width} {height}" width="{width}" height="{height}">' \
           + "".join(marks) + "</svg>"


def _chapters(analysis: Analysis) -> str:
    if not analysis.chapters:
        return "<p>记录里没有章节的阅读情况。</p>"
    row, label_w, bar_w = 24, 200, 300
    height = row * len(analysis.chapters) + 8
    marks = []
    for n, chapter in enumerate(analysis.chapters):
        share = chapter.finished / analysis.learners if analysis.learners else 0
        top = 4 + n * row
        marks.append(f'<text x="0" y="{top + 15}" font-size="13">{html.escape(chapter.title)}</text>')
        marks.append(f'<rect x="{label_w}" y="{top + 3}" width="{bar_w}" height="14" fill="#eee"/>')
        marks.append(f'<rect x="{label_w}" y="{top + 3}" width="{share * bar_w:.1f}" height="14" fill="{_RIGHT}"/>')
        marks.append(f'<text x="{label_w + bar_w + 8}" y="{top + 15}" font-size="12">{share:.0%}（{chapter.finished}／{analysis.learners} 人）</text>')
    return (f'<svg role="img" aria-label="各章读完的学员比例" viewBox="0 0 640 {height}" width="640" height="{height}">'
            + "".join(marks) + "</svg>")


def _item(item: Item) -> str:
    e = html.escape
    disc = "—" if item.discrimination is None else f"{item.discrimination:+.2f}"
    name = item.quiz_id or "（编者题或未找到编号）"
    flags = "".join(f'<li class="flag">{e(t)}</li>' for t in item.flag_texts())
    picks = _picks(item) if item.picks else ""
    return (f'<div class="item{" flagged" if item.flags else ""}"><p><code>{e(name)}</code> {e(item.stem)}</p>'
            f"<p>作答 {item.learners} 人（共 {item.attempts} 次），答对率 {item.facility:.0%}，区分度 {disc}。</p>"
            f"{picks}<ul>{flags}</ul></div>")


def _picks(item: Item) -> str:
    row, label_w, bar_w = 22, 240, 260
    height = row * len(item.picks) + 6
    marks = []
    for n, (_cid, text, count, is_right) in enumerate(item.picks):
        share = count / item.learners if item.learners else 0
        top = 3 + n * row
        shown = text if len(text) <= 18 else text[:17] + "…"
        mark = "（正确答案）" if is_right else ""
        marks.append(f'<text x="0" y="{top + 14}" font-size="12">{html.escape(shown + mark)}</text>')
        marks.append(f'<rect x="{label_w}" y="{top + 3}" width="{share * bar_w:.1f}" height="13" '
                     f'fill="{_RIGHT if is_right else _WRONG}"/>')
        marks.append(f'<text x="{label_w + share * bar_w + 6:.1f}" y="{top + 14}" font-size="11">{share:.0%}</text>')
    return (f'<svg role="img" aria-label="各选项被选的比例" viewBox="0 0 580 {height}" width="580" height="{height}">'
            + "".join(marks) + "</svg>")
