"""What the content API answers, as schemas: django-ninja validates every answer against
them and describes them in the OpenAPI document (/api/openapi.json).

The story schemas are the part of ninjs 2.0 that api/ninjs.py writes; the tests check
the same answers against IPTC's own JSON schema (tests/schemas/ninjs-schema_2.0.json).
"""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema


class Text(Schema):
    role: str | None = None
    contenttype: str | None = None
    value: str


class Body(Text):
    wordcount: int | None = None


class Concept(Schema):
    """A subject, genre or agency: its name, how it relates, an identifier and a URI."""

    name: str | None = None
    rel: str | None = None
    literal: str | None = None
    uri: str | None = None


class Rendition(Schema):
    name: str
    href: str | None = None
    contenttype: str | None = None
    title: str | None = None
    width: int | None = None
    height: int | None = None


class Standard(Schema):
    name: str
    version: str
    schema_uri: str = Field(alias="schema")


class Picture(Schema):
    """The hero picture, as a ninjs picture item in the story's associations."""

    name: str
    uri: str
    type: Literal["picture"]
    descriptions: list[Text] = Field(description="The alt text (role alt) and the caption.")
    by: str | None = Field(None, description="The photo's credit, when not an agency.")
    infosources: list[Concept] | None = None
    renditions: list[Rendition]


class Story(Schema):
    """A published story in IPTC ninjs 2.0 (https://www.iptc.org/std/ninjs/)."""

    uri: str = Field(description="The story's stable identifier (a tag URI, as in its feeds).")
    standard: Standard
    type: Literal["text"]
    representationtype: Literal["full"]
    version: str
    firstcreated: datetime = Field(description="First publication.")
    versioncreated: datetime = Field(description="The last change readers can see.")
    pubstatus: Literal["usable"]
    language: str
    slugline: str
    headlines: list[Text]
    descriptions: list[Text] | None = Field(None, description="The standfirst (summary).")
    bodies: list[Body] = Field(description="The body, sanitised HTML.")
    by: str | None = Field(None, description="The byline, or the agencies' names.")
    infosources: list[Concept] | None = Field(
        None, description="The agencies whose copy the story carries: name and code (AA)."
    )
    subjects: list[Concept] = Field(description="The section (rel: section) and the tags.")
    genres: list[Concept]
    renditions: list[Rendition] = Field(description="The story's web page.")
    associations: list[Picture] | None = Field(None, description="The hero picture.")


class StoryPage(Schema):
    items: list[Story]
    next: str | None = Field(description="The next page's address; null on the last page.")


class Section(Schema):
    name: str
    slug: str
    kicker: str
    description: str
    url: str
    stories: int = Field(description="Published stories filed under the section.")


class Tag(Schema):
    name: str
    slug: str
    description: str
    url: str
    stories: int = Field(description="Published stories with the tag.")


class TagPage(Schema):
    items: list[Tag]
    next: str | None


class Author(Schema):
    name: str
    slug: str
    role: str
    bio: str
    url: str
    stories: int = Field(description="Published stories in the author's byline.")


class AuthorPage(Schema):
    items: list[Author]
    next: str | None


class Problem(Schema):
    detail: str
