"""XML answers checked against the schemas in tests/schemas/ (sitemaps, news sitemaps,
their alternates), written out by hand so that no test needs the network."""

from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).parent / "schemas"


def valid(content, schema):
    """Raise with the validator's message unless ``content`` is valid per tests/schemas/…"""
    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / schema)))
    document = etree.fromstring(content)
    assert xsd.validate(document), xsd.error_log.filter_from_errors()
    return True
