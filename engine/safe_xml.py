"""Parsing untrusted XML safely: size limit, no DTD, no entities, no network, bounded depth.

Models are uploaded through the browser, so a BPMN file is hostile until proven otherwise.
DOCTYPE declarations are refused before parsing: BPMN never needs one, and they carry every
classic XML attack (entity expansion "billion laughs", XXE reading files or URLs, external
DTDs). The lxml parser is configured so that, even without that check, it would not load a
DTD, resolve an entity or open a connection; libxml2 itself caps nesting at 256 levels.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from engine.model_problems import ModelRejected, Problem

MAX_BPMN_BYTES = 2 * 1024 * 1024

_DOCTYPE_MARKERS = tuple(
    ("<!DOCTYPE".encode(codec), "\n".encode(codec)) for codec in ("utf-8", "utf-16-le", "utf-16-be")
)


def xml_parser() -> etree.XMLParser:
    """The lxml parser for untrusted input: no DTD, entities, network or huge trees."""
    # One parser per call: lxml parsers must not be shared between threads.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )


def _find_doctype(xml: bytes) -> Problem | None:
    for marker, newline in _DOCTYPE_MARKERS:
        index = xml.find(marker)
        if index >= 0:
            return Problem("doctype_refused", line=xml.count(newline, 0, index) + 1)
    return None


def _syntax_problem(error: etree.XMLSyntaxError) -> Problem:
    line = error.lineno or None
    message = error.msg or "not well-formed"
    if message.startswith("Excessive depth"):
        # libxml2 suggests an option modellers cannot pass (and that we refuse on purpose).
        return Problem("xml_too_deep", line=line)
    # libxml2 appends ", line L, column C"; the problem carries the line itself.
    detail = message.rsplit(", line ", 1)[0]
    column = error.position[1] if error.position else None
    if column:
        return Problem.of("xml_malformed_at_column", line=line, detail=detail, column=column)
    return Problem.of("xml_malformed", line=line, detail=detail)


def parse_untrusted_xml(xml: bytes, filename: str = "<bpmn>") -> etree._ElementTree:
    """Parse an uploaded document, raising ModelRejected with the reason it is refused.

    ``xml`` must be bytes (the file as uploaded): decoding is the XML declaration's business.
    """
    if not isinstance(xml, bytes):
        raise TypeError(f"a BPMN document must be given as bytes, not {type(xml).__name__}")
    if len(xml) > MAX_BPMN_BYTES:
        raise ModelRejected(
            [Problem.of("file_too_large", size=len(xml), limit=MAX_BPMN_BYTES)],
            filename,
        )
    if not xml.strip():
        raise ModelRejected([Problem("file_empty")], filename)
    doctype = _find_doctype(xml)
    if doctype is not None:
        raise ModelRejected([doctype], filename)
    try:
        root = etree.fromstring(xml, xml_parser())
    except etree.XMLSyntaxError as error:
        raise ModelRejected([_syntax_problem(error)], filename) from None
    except (etree.LxmlError, ValueError) as error:
        raise ModelRejected([Problem.of("xml_unreadable", detail=str(error))], filename) from None
    tree = root.getroottree()
    docinfo: Any = tree.docinfo  # lxml-stubs lack DocInfo.doctype
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ModelRejected([Problem("doctype_refused", line=1)], filename)
    return tree
