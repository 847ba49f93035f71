"""A label inside a sentence of the desk's, in the admin's language.

English sentences take a state's or a step's label in lower case ("the story is
draft"); the Turkish and Arabic sentences (locale/) are written to take it as it is
("durumu: Taslak"), since lower-casing is not theirs to do: Python's str.lower() gives
"i̇" for the Turkish "İ", and a German noun keeps its capital.
"""

from django.utils import translation


def in_sentence(label):
    language = translation.get_language() or "en"
    text = str(label)
    return text.lower() if language.split("-")[0] == "en" else text
