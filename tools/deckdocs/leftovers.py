"""Template leftovers: placeholder text a deck's template put there and no editor replaced.

PowerPoint, WPS and the template sites fill new slides with prompts (单击此处添加标题, Click to
add text), dummy dates (20XX, 20XX年XX月) and labels waiting for a value (汇报人：XX). On the
site they make the course look unfinished, so arrange drops them and the editor is told.

The test is per line and conservative: a line is a leftover only when *all* of it is template
text. 汇报人：XX goes, 汇报人：张三 stays; 点击此处添加标题 goes, 点击“立即申请”按钮 stays.
"""

from __future__ import annotations

import re

from deckdocs.messages import N_  # the reasons are looked up where they are printed

_X = r"[XxＸｘ×＊*]"
_FILLER = rf"(?:{_X}{{2,}}|某某|○○|__+)"  # XX, XXX, ＊＊, 某某, ____
_VERB = r"(?:添加|输入|编辑|键入|插入|录入|更换|替换|修改)"
_OBJECT = (r"(?:您的|你的|相关|此处的)?(?:母版)?(?:主|副|小)?(?:标题|文本|文字|内容|正文|段落|说明|描述|图片|图表|备注|"
           r"章节|目录|姓名|名称|日期|关键词|文案)")
_PATTERNS = (
    # 20XX, 20XX年XX月XX日, 20XX.XX.XX, XX月XX日: a date or year with X for digits
    (re.compile(rf"^[\dXxＸｘ]*{_X}{{2,}}[\dXxＸｘ年月日号./\-—~～至\s]*$"), N_("a dummy date or number (20XX)")),
    # 汇报人：XX, 日期: 20XX, Presenter: XXX: a label still waiting for its value
    (re.compile(rf"^[^:：]{{1,12}}[:：]\s*(?:{_FILLER}|[\dXxＸｘ]*{_X}{{2,}}[\dXxＸｘ年月日./\-]*)$"),
     N_("a label with a dummy value (汇报人：XX)")),
    (re.compile(rf"^{_FILLER}$"), N_("dummy text (XXX)")),
    (re.compile(rf"^(?:请)?(?:在此处|在这里|在此|此处|这里|单击此处|点击此处|双击此处|单击|点击|双击)(?:可)?{_VERB}{_OBJECT}"),
     N_("a template prompt (单击此处添加标题)")),
    (re.compile(r"^(?:请)?(?:添加|输入)(?:您的|你的)?(?:主|副|小)?(?:标题|文本|文字|正文|内容){1,2}$"),
     N_("a template prompt (添加标题)")),
    (re.compile(r"(?:打在这里|请替换文字内容|复制您的文本后|在此框中选择粘贴|建议与标题相关并符合整体语言风格)"),
     N_("template filler text (您的内容打在这里…)")),
    (re.compile(r"^(?:click|double[- ]click|tap)\s+(?:here\s+|icon\s+)?to\s+(?:add|edit|insert|type|enter)\b", re.I),
     N_("a template prompt (Click to add title)")),
    (re.compile(r"^(?:edit\s+master\s+(?:title|text|subtitle)\s+styles?|(?:add|insert|enter|type)\s+(?:a\s+)?"
                r"(?:title|subtitle|text)(?:\s+here)?)\.?$", re.I), N_("a template prompt (Add title)")),
    (re.compile(r"^(?:your\s+)?logo(?:\s+here)?$", re.I), N_("a logo placeholder (LOGO)")),
    (re.compile(r"^(?:(?:add|enter|insert|type)\s+)?(?:your|the)\s+(?:title|subtitle|text|content|name|company"
                r"(?:\s+name)?|logo)(?:\s+here)?\.?$", re.I), N_("a template prompt (Your title here)")),
    (re.compile(r"^(?:title|subtitle|text|name|presenter|company name|logo)\s+here\.?$", re.I),
     N_("a template prompt (Title here)")),
    (re.compile(r"^lorem ipsum\b", re.I), N_("dummy Latin text (Lorem ipsum)")),
)


def leftover_reason(line: str) -> str | None:
    """Return why a line of slide text is a template leftover, or ``None`` when it is real text."""
    text = " ".join(line.split())
    if not text:
        return None
    for pattern, reason in _PATTERNS:
        if pattern.search(text):
            return reason
    return None
