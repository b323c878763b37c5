"""The OAI-PMH 2.0 response envelope, built with lxml."""

import datetime
import re

from lxml import etree

from ..describe import clean_text

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"


ANY_URI_SCHEMA = (
    '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="uri">'
    '<xs:complexType><xs:attribute name="value" type="xs:anyURI"/></xs:complexType>'
    "</xs:element></xs:schema>"
)


class AnyURI:
    """Matches what the schema's xs:anyURI takes (RFC 3986 after escaping), as lxml checks
    it: no pattern says it ('%zz' and 'http://[' are not URIs, 'a b' is). A schema per
    call: lxml's validators are not to be shared between threads."""

    def fullmatch(self, value: str) -> bool:
        schema = etree.XMLSchema(etree.XML(ANY_URI_SCHEMA))
        return schema.validate(etree.Element("uri", value=clean_text(value)))


# Argument values the schema types strictly; others are echoed as they came.
ECHO_PATTERNS = {
    "metadataPrefix": re.compile(r"[A-Za-z0-9\-_.!~*'()]+"),
    "set": re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*"),
    "from": re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?"),
    "until": re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?"),
    "identifier": AnyURI(),
}


def utc_datestamp(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def q(name: str) -> str:
    return f"{{{OAI_NS}}}{name}"


def element(name: str):
    return etree.Element(q(name))


def sub(parent, name: str, text=None, **attributes):
    element = etree.SubElement(parent, q(name), {k: str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = clean_text(text)
    return element


def envelope(base_url: str, verb: str | None, arguments: dict | None):
    """The OAI-PMH root with responseDate and request; `arguments=None` echoes none
    (as the protocol requires after badVerb and badArgument)."""
    root = etree.Element(q("OAI-PMH"), nsmap={None: OAI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_NS} {OAI_SCHEMA}")
    sub(root, "responseDate", utc_datestamp(datetime.datetime.now(datetime.UTC)))
    request = sub(root, "request", base_url)
    if arguments is not None and verb:
        request.set("verb", verb)
        for key, value in arguments.items():
            pattern = ECHO_PATTERNS.get(key)
            if pattern is None or pattern.fullmatch(value):
                request.set(key, clean_text(value))
    return root


def add_errors(root, errors):
    for code, message in errors:
        sub(root, "error", message, code=code)


def header(parent, identifier: str, datestamp: datetime.datetime, set_specs, deleted=False):
    element = sub(parent, "header", status="deleted") if deleted else sub(parent, "header")
    sub(element, "identifier", identifier)
    sub(element, "datestamp", utc_datestamp(datestamp))
    for spec in set_specs:
        sub(element, "setSpec", spec)
    return element


def resumption_token(parent, token: str, complete_list_size: int | None, cursor: int):
    """A token for the next page; an empty one (token='') closes a list that was split.
    Without completeListSize when `complete_list_size` is None (it is optional)."""
    sizes = {} if complete_list_size is None else {"completeListSize": complete_list_size}
    element = sub(parent, "resumptionToken", **sizes, cursor=cursor)
    element.text = token or None
    return element


def serialize(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
