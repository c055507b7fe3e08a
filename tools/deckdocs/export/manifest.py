"""``imsmanifest.xml`` for the SCORM package: SCORM 1.2 (IMS CP 1.1.2 + ADL CP) or SCORM 2004
4th Edition (IMS CP 1.1.4 + ADL CP 1.3 + IMS Simple Sequencing). Pure: returns the XML text.

One organization. Its first item is the course's one SCO (the launch page, which tracks every
page of the course); then one item per chapter, the 综合测验 and the 术语表, each an ``asset``
(the page itself), so that an LMS that shows the package's table of contents shows the course's
structure. A package of several courses repeats that per course: each course is its own SCO,
tracked and scored on its own, and the first SCO's resource carries the files they share. SCORM 2004 forbids an item with children to launch anything, so the pages
are siblings of the SCO, not its children, in both versions.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

CP12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
CP2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

_SCHEMA_LOCATIONS = {
    "1.2": f"{CP12} imscp_rootv1p1p2.xsd {ADLCP12} adlcp_rootv1p2.xsd",
    "2004": f"{CP2004} imscp_v1p1.xsd {ADLCP2004} adlcp_v1p3.xsd {IMSSS} imsss_v1p0.xsd",
}
_SCHEMA_VERSION = {"1.2": "1.2", "2004": "2004 4th Edition"}


@dataclass(frozen=True)
class PackagePage:
    """A page of the site as the manifest lists it: site-relative path and title."""

    path: str
    title: str


@dataclass(frozen=True)
class PackageSco:
    """One course of the package: its title, its launch page (the SCO) and the pages it lists."""

    title: str
    launch: str
    pages: tuple[PackagePage, ...]


@dataclass(frozen=True)
class PackageOutline:
    """What the manifest needs: the course, its launch page, the pages it lists, every file."""

    identifier: str  # stable: derived from the course's content
    title: str
    launch: str
    pages: tuple[PackagePage, ...]  # chapters, 综合测验, 术语表, in navigation order
    files: tuple[str, ...]  # every file of the package but the manifest, sorted
    scos: tuple[PackageSco, ...] = ()  # one per course; () means the one course above

    @property
    def courses(self) -> tuple[PackageSco, ...]:
        return self.scos or (PackageSco(self.title, self.launch, self.pages),)


def render_manifest(outline: PackageOutline, version: str, mastery: int) -> str:
    """Return ``imsmanifest.xml`` for SCORM ``version`` ("1.2" or "2004") with ``mastery`` (0–100)."""
    cp, adlcp = (CP12, ADLCP12) if version == "1.2" else (CP2004, ADLCP2004)
    nsmap = {None: cp, "adlcp": adlcp, "xsi": XSI}
    if version != "1.2":
        nsmap["imsss"] = IMSSS
    manifest = etree.Element(f"{{{cp}}}manifest", nsmap=nsmap, identifier=outline.identifier, version="1.0")
    manifest.set(f"{{{XSI}}}schemaLocation", _SCHEMA_LOCATIONS[version])
    metadata = etree.SubElement(manifest, f"{{{cp}}}metadata")
    etree.SubElement(metadata, f"{{{cp}}}schema").text = "ADL SCORM"
    etree.SubElement(metadata, f"{{{cp}}}schemaversion").text = _SCHEMA_VERSION[version]

    organizations = etree.SubElement(manifest, f"{{{cp}}}organizations", default="course")
    organization = etree.SubElement(organizations, f"{{{cp}}}organization", identifier="course")
    etree.SubElement(organization, f"{{{cp}}}title").text = outline.title
    courses = outline.courses
    suffixes = [""] if len(courses) == 1 else [f"-{n}" for n in range(1, len(courses) + 1)]
    for course, suffix in zip(courses, suffixes):
        sco = etree.SubElement(organization, f"{{{cp}}}item", identifier=f"item-course{suffix}",
                               identifierref=f"sco{suffix}")
        etree.SubElement(sco, f"{{{cp}}}title").text = course.title
        if version == "1.2":
            etree.SubElement(sco, f"{{{adlcp}}}masteryscore").text = str(mastery)
        else:
            _add_mastery_2004(sco, mastery)
        for number, page in enumerate(course.pages, 1):
            item = etree.SubElement(organization, f"{{{cp}}}item", identifier=f"item{suffix}-{number}",
                                    identifierref=f"page{suffix}-{number}")
            etree.SubElement(item, f"{{{cp}}}title").text = page.title

    resources = etree.SubElement(manifest, f"{{{cp}}}resources")
    scormtype = f"{{{adlcp}}}scormtype" if version == "1.2" else f"{{{adlcp}}}scormType"
    for index, (course, suffix) in enumerate(zip(courses, suffixes)):
        resource = etree.SubElement(resources, f"{{{cp}}}resource", identifier=f"sco{suffix}", type="webcontent",
                                    href=course.launch)
        resource.set(scormtype, "sco")
        if index == 0:  # the first SCO carries every file; the others use them
            for path in outline.files:
                etree.SubElement(resource, f"{{{cp}}}file", href=path)
        else:
            etree.SubElement(resource, f"{{{cp}}}file", href=course.launch)
            etree.SubElement(resource, f"{{{cp}}}dependency", identifierref=f"sco{suffixes[0]}")
        for number, page in enumerate(course.pages, 1):
            asset = etree.SubElement(resources, f"{{{cp}}}resource", identifier=f"page{suffix}-{number}",
                                     type="webcontent", href=page.path)
            asset.set(scormtype, "asset")
            etree.SubElement(asset, f"{{{cp}}}dependency", identifierref=f"sco{suffix}")  # its files are the SCO's
    return etree.tostring(manifest, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")


def _add_mastery_2004(item: etree._Element, mastery: int) -> None:
    # The LMS passes minNormalizedMeasure to the SCO as cmi.scaled_passing_score.
    sequencing = etree.SubElement(item, f"{{{IMSSS}}}sequencing")
    objectives = etree.SubElement(sequencing, f"{{{IMSSS}}}objectives")
    primary = etree.SubElement(objectives, f"{{{IMSSS}}}primaryObjective", objectiveID="mastery",
                               satisfiedByMeasure="true")
    etree.SubElement(primary, f"{{{IMSSS}}}minNormalizedMeasure").text = _scaled(mastery)


def _scaled(mastery: int) -> str:
    return f"{mastery / 100:.2f}".rstrip("0").rstrip(".") if mastery else "0"
