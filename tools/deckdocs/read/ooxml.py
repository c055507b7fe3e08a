"""The OOXML namespaces and tags the reader looks for, looked up once.

python-pptx's qn() builds an object on every call, and reading a long deck asks for a tag a
million times.
"""

from __future__ import annotations

import re

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.oxml.shapes.groupshape import CT_GroupShape


NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "p14": "http://schemas.microsoft.com/office/powerpoint/2010/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "dgm": "http://schemas.openxmlformats.org/drawingml/2006/diagram",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
DIAGRAM_URI = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
CHARTEX_URI = "http://schemas.microsoft.com/office/drawing/2014/chartex"
ALTERNATE = f"{{{NS['mc']}}}AlternateContent"
SHAPE_TAGS = frozenset(CT_GroupShape._shape_tags)
# No entities, no network, no huge trees: for the parts we parse ourselves (SmartArt data).
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)

(P_SP, P_PIC, P_CXN_SP, P_GRP_SP, P_GRAPHIC_FRAME, P_SP_PR, P_GRP_SP_PR, P_XFRM, P_CNV_PR, P_NV_PR, P_PH,
 P_TX_BODY, P_OLE_OBJ) = (qn(f"p:{t}") for t in (
    "sp", "pic", "cxnSp", "grpSp", "graphicFrame", "spPr", "grpSpPr", "xfrm", "cNvPr", "nvPr", "ph", "txBody",
    "oleObj"))
(A_XFRM, A_OFF, A_EXT, A_CH_OFF, A_CH_EXT, A_P, A_PPR, A_R, A_FLD, A_BR, A_T, A_RPR, A_DEF_RPR,
 A_END_PARA_RPR, A_HLINK_CLICK, A_GRAPHIC_DATA, A_BLIP, A_PRST_GEOM, A_LST_STYLE) = (qn(f"a:{t}") for t in (
    "xfrm", "off", "ext", "chOff", "chExt", "p", "pPr", "r", "fld", "br", "t", "rPr", "defRPr", "endParaRPr",
    "hlinkClick", "graphicData", "blip", "prstGeom", "lstStyle"))
R_ID, R_EMBED, R_LINK = qn("r:id"), qn("r:embed"), qn("r:link")
MEDIA_TAGS = tuple(qn(t) for t in ("p:videoFile", "a:videoFile", "a:audioFile", "a:quickTimeFile", "a:wavAudioFile"))
RUN_TAGS = (A_R, A_FLD, A_BR)
OLE_TYPES = (MSO_SHAPE_TYPE.EMBEDDED_OLE_OBJECT, MSO_SHAPE_TYPE.LINKED_OLE_OBJECT)
PLAIN_INT = re.compile(r"-?[0-9]+")
