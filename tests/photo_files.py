"""Pictures with a photographer's IPTC and XMP in them, written by ExifTool (Debian's
libimage-exiftool-perl, installed by .ci/run) as an agency's picture desk writes them,
and ExifTool's reading of what a stored file still carries."""

import json
import os
import shutil
import subprocess

import pytest
from PIL import Image as PILImage

AGENCY_PHOTO = [
    "-codedcharacterset=utf8",
    "-IPTC:Caption-Abstract=Ships wait at the Bosphorus (IPTC)",
    "-IPTC:By-line=Ayşe Yıldız",
    "-IPTC:Credit=Anadolu Agency",
    "-IPTC:CopyrightNotice=© 2026 Anadolu Agency",
    "-IPTC:DateCreated=2026:12:01",
    "-IPTC:City=İstanbul",
    "-IPTC:Country-PrimaryLocationName=Türkiye",
    "-XMP-dc:Description=Grain ships wait to pass the Bosphorus at dawn.",
    "-XMP-dc:Creator=Ayşe Yıldız",
    "-XMP-photoshop:Credit=Anadolu Agency",
    "-XMP-dc:Rights=© 2026 Anadolu Agency",
    "-XMP-photoshop:DateCreated=2026:12:01 07:30:00+03:00",
    "-XMP-iptcCore:Location=Sarayburnu",
    "-XMP-photoshop:City=İstanbul",
    "-XMP-photoshop:Country=Türkiye",
]


def exiftool_path():
    """ExifTool's path; the test is skipped without it (failed under REQUIRE_TOOLS=1)."""
    path = shutil.which("exiftool")
    if path is None:
        reason = "ExifTool is not installed: apt-get install libimage-exiftool-perl"
        if os.environ.get("REQUIRE_TOOLS") == "1":
            pytest.fail(f"{reason} (REQUIRE_TOOLS=1)")
        pytest.skip(reason)
    return path


def written(exiftool, tmp_path, tags, pil_format="JPEG", name="photo.jpg"):
    """A picture with ``tags`` written into it by ExifTool."""
    path = tmp_path / name
    PILImage.new("RGB", (640, 360), "steelblue").save(path, pil_format)
    subprocess.run([exiftool, "-q", "-overwrite_original", *tags, str(path)], check=True)
    return path.read_bytes()


def metadata_in(exiftool, path):
    """Every IPTC and XMP tag ExifTool finds in a stored file."""
    found = subprocess.run(
        [exiftool, "-j", "-G", "-IPTC:all", "-XMP:all", str(path)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    [tags] = json.loads(found.stdout)
    return {key: value for key, value in tags.items() if key.startswith(("IPTC:", "XMP"))}
