"""memorial.core.uploads: only real photographs get in, and only as clean re-encoded copies.

Every file here is generated in code; nothing real is read from disk.
"""

import gzip
import hashlib
import io
import struct
import tarfile
import zipfile
import zlib

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from memorial.core.models import ArchiveImage
from memorial.core.uploads import SafeImageField, UploadRefused, clean_uploaded_image

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg_with_exif(size=(40, 20), orientation=None) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, size[0] // 2, size[1]))  # left half blue
    exif = Image.Exif()
    exif[MAKE] = "Fictional Camera Co."
    exif[GPS_IFD] = {1: "N", 2: (40.0, 26.0, 46.0), 3: "E", 4: (49.0, 52.0, 1.0)}
    if orientation:
        exif[ORIENTATION] = orientation
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif, comment=b"fictional test comment")
    return output.getvalue()


def photo_with_malformed_gps_exif(format_name="JPEG", gps_tag=0x0000) -> bytes:
    """A 40x20 photograph (left half blue) turned by EXIF Orientation 3 (180°), whose GPS IFD
    holds `gps_tag` stored as ASCII "N": GPSVersionID (0x0000) is BYTE, GPSHPositioningError
    (0x001F) RATIONAL. Pillow reads the pixels; writing this EXIF back raises TypeError."""
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, 20, 20))
    gps_ifd_offset = 8 + 2 + 2 * 12 + 4
    ifd0 = (
        struct.pack(">H", 2)
        + struct.pack(">HHIHH", ORIENTATION, 3, 1, 3, 0)  # SHORT, value 3
        + struct.pack(">HHII", GPS_IFD, 4, 1, gps_ifd_offset)  # LONG pointer
        + struct.pack(">I", 0)
    )
    gps_ifd = struct.pack(">HHHI", 1, gps_tag, 2, 2) + b"N\0\0\0" + struct.pack(">I", 0)
    exif = b"Exif\0\0MM\0*" + struct.pack(">I", 8) + ifd0 + gps_ifd
    output = io.BytesIO()
    image.save(output, format_name, exif=exif)
    return output.getvalue()


def png_bytes(mode="RGBA", size=(16, 16), colour=(0, 128, 0, 100)) -> bytes:
    output = io.BytesIO()
    Image.new(mode, size, colour).save(output, "PNG")
    return output.getvalue()


def encoded(format_name: str, mode="RGB", size=(12, 12)) -> bytes:
    output = io.BytesIO()
    Image.new(mode, size, "white").save(output, format_name)
    return output.getvalue()


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size: a decompression bomb costing no memory."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def zip_bytes() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("readme.txt", "fictional archive content")
    return output.getvalue()


def tar_bytes() -> bytes:
    output = io.BytesIO()
    with tarfile.open(fileobj=output, mode="w") as archive:
        info = tarfile.TarInfo("readme.txt")
        payload = b"fictional"
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))
    return output.getvalue()


def refusal(data: bytes, name="photo.jpg") -> UploadRefused:
    with pytest.raises(UploadRefused) as caught:
        clean_uploaded_image(upload(data, name))
    return caught.value


# --- accepted, and cleaned --------------------------------------------------------------


def test_a_jpeg_is_reencoded_without_any_metadata_and_renamed():
    original = jpeg_with_exif()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test has GPS

    clean = clean_uploaded_image(upload(original, name="grandmother at home.jpg"))

    assert clean.content != original
    assert clean.name != "grandmother at home.jpg"
    assert clean.name.endswith(".jpg") and len(clean.name) == 32 + 4
    assert clean.content_type == "image/jpeg"
    assert clean.sha256 == hashlib.sha256(clean.content).hexdigest()
    assert (clean.width, clean.height) == (40, 20)
    reopened = Image.open(io.BytesIO(clean.content))
    assert reopened.format == "JPEG"
    exif = reopened.getexif()
    assert len(exif) == 0
    assert not exif.get_ifd(GPS_IFD)
    assert b"Fictional Camera" not in clean.content
    assert b"fictional test comment" not in clean.content
    assert not {"exif", "icc_profile", "xmp", "comment"} & set(reopened.info)


def test_two_uploads_of_the_same_file_get_different_names():
    data = jpeg_with_exif()
    assert clean_uploaded_image(upload(data)).name != clean_uploaded_image(upload(data)).name


def test_exif_orientation_is_applied_to_the_pixels():
    # Orientation 6: the camera was turned; the picture is shown rotated 90° clockwise.
    clean = clean_uploaded_image(upload(jpeg_with_exif(size=(40, 20), orientation=6)))

    assert (clean.width, clean.height) == (20, 40)
    reopened = Image.open(io.BytesIO(clean.content))
    assert reopened.size == (20, 40)
    assert ORIENTATION not in reopened.getexif()
    # Blue was on the left; after turning clockwise it is at the top.
    top_red, _, top_blue = reopened.getpixel((10, 5))
    assert top_blue > 150 and top_red < 100


@pytest.mark.parametrize("format_name", ["JPEG", "WEBP"])
@pytest.mark.parametrize("gps_tag", [0x0000, 0x001F], ids=["byte-tag", "rational-tag"])
def test_a_photo_whose_exif_has_a_tag_of_the_wrong_type_is_accepted_upright(format_name, gps_tag):
    data = photo_with_malformed_gps_exif(format_name, gps_tag)

    clean = clean_uploaded_image(upload(data, name=f"photo.{format_name.lower()}"))

    reopened = Image.open(io.BytesIO(clean.content))
    assert reopened.size == (40, 20)
    assert len(reopened.getexif()) == 0 and "exif" not in reopened.info
    # Orientation 3 still turned it: the blue half is now on the right.
    right_red, _, right_blue = reopened.getpixel((35, 10))
    assert right_blue > 150 and right_red < 100


def test_a_png_with_transparency_stays_a_png_with_alpha():
    clean = clean_uploaded_image(upload(png_bytes(), name="drawing.png"))

    assert clean.name.endswith(".png") and clean.content_type == "image/png"
    reopened = Image.open(io.BytesIO(clean.content))
    assert reopened.mode == "RGBA"
    assert reopened.getpixel((3, 3))[3] == 100


def test_a_png_whose_alpha_hides_nothing_becomes_a_jpeg():
    clean = clean_uploaded_image(upload(png_bytes(colour=(0, 128, 0, 255)), name="scan.png"))
    assert clean.name.endswith(".jpg")


def test_webp_and_greyscale_are_accepted():
    assert clean_uploaded_image(upload(encoded("WEBP"), name="a.webp")).original_format == "WEBP"
    clean = clean_uploaded_image(upload(encoded("PNG", mode="L"), name="grey.png"))
    assert Image.open(io.BytesIO(clean.content)).mode == "RGB"


def test_the_name_and_content_type_of_the_upload_do_not_matter():
    clean = clean_uploaded_image(
        upload(jpeg_with_exif(), name="notes.txt", content_type="text/plain")
    )
    assert clean.name.endswith(".jpg")
    refused = refusal(b"<html><body>hello</body></html>", name="photo.jpg")
    assert refused.code == "html_or_script"


def test_a_clean_image_saves_into_an_archive_image(db):
    clean = clean_uploaded_image(upload(jpeg_with_exif(orientation=6), name="family.jpg"))

    image = ArchiveImage.objects.create(
        title="Fictional family photograph", file=clean.as_django_file()
    )

    image.refresh_from_db()
    assert image.file.name.endswith(clean.name)
    assert "family" not in image.file.name
    assert (image.width, image.height) == (20, 40)
    assert image.sha256 == clean.sha256
    with image.file.open("rb") as stored:
        assert not Image.open(stored).getexif().get_ifd(GPS_IFD)


# --- refused ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, code, words",
    [
        (b"", "empty", "empty"),
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF", "pdf", "PDF"),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "svg", "SVG"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>', "svg", "SVG"),
        (b"<!DOCTYPE html><html><body>hi</body></html>", "html_or_script", "web page"),
        (b"\xef\xbb\xbf  <script>alert(1)</script>", "html_or_script", "script"),
        (b"#!/bin/sh\necho fictional\n", "html_or_script", "script"),
        (b"<?php echo 1; ?>", "html_or_script", "script"),
        (b"just some words, not a picture", "not_an_image", "not a photograph"),
    ],
    ids=["empty", "pdf", "svg", "svg-script", "html", "script", "shell", "php", "text"],
)
def test_non_images_are_refused_with_a_clear_message(data, code, words):
    refused = refusal(data)
    assert refused.code == code
    assert words in refused.message


@pytest.mark.parametrize(
    "data, kind",
    [
        (zip_bytes(), "zip"),
        (gzip.compress(b"fictional"), "gzip"),
        (tar_bytes(), "tar"),
        (b"7z\xbc\xaf\x27\x1c" + b"\x00" * 32, "7z"),
        (b"Rar!\x1a\x07\x01\x00" + b"\x00" * 32, "rar"),
    ],
    ids=["zip", "gzip", "tar", "7z", "rar"],
)
def test_archives_are_refused(data, kind):
    refused = refusal(data)
    assert refused.code == "archive"
    assert kind in refused.message


@pytest.mark.parametrize("format_name, named", [("GIF", "GIF"), ("BMP", "BMP"), ("TIFF", "TIFF")])
def test_other_image_formats_are_refused_naming_the_accepted_ones(format_name, named):
    refused = refusal(encoded(format_name, mode="RGB" if format_name != "GIF" else "P"))
    assert refused.code == "unaccepted_format"
    assert named in refused.message
    assert "JPEG, PNG or WebP" in refused.message


def test_a_decompression_bomb_is_refused_from_its_header():
    refused = refusal(png_claiming(100_000, 100_000), name="bomb.png")
    assert refused.code == "too_many_pixels"
    assert "megapixels" in refused.message


@override_settings(FAMILY_UPLOAD_MAX_PIXELS=100)
def test_images_over_the_pixel_setting_are_refused():
    assert refusal(encoded("PNG", size=(11, 10))).code == "too_many_pixels"
    assert clean_uploaded_image(upload(encoded("PNG", size=(10, 10))))


@override_settings(FAMILY_UPLOAD_MAX_BYTES=1000)
def test_files_over_the_size_setting_are_refused():
    big = jpeg_with_exif(size=(300, 300))
    assert len(big) > 1000
    refused = refusal(big)
    assert refused.code == "too_large"
    assert "too large" in refused.message
    # Even when the declared size lies, no more than the limit is read.
    lying = upload(big)
    lying.size = 10
    with pytest.raises(UploadRefused, match="too large"):
        clean_uploaded_image(lying)


def test_a_truncated_jpeg_is_refused_as_damaged():
    data = jpeg_with_exif(size=(200, 200))
    refused = refusal(data[: len(data) // 2])
    assert refused.code == "damaged"
    assert "damaged or incomplete" in refused.message


@pytest.mark.parametrize(
    "tail, kind",
    [
        (zip_bytes(), "archive"),
        (b"<script>alert(document.cookie)</script>", "web page or script"),
        (b"<HTML><body onload=x()>", "web page or script"),
        (b"<svg onload=alert(1)>", "web page or script"),
        (b"<?php system($_GET['c']); ?>", "web page or script"),
    ],
    ids=["zip", "script", "html", "svg", "php"],
)
def test_images_with_something_appended_are_refused_as_polyglots(tail, kind):
    refused = refusal(jpeg_with_exif() + tail)
    assert refused.code == "polyglot"
    assert kind in refused.message


def test_a_payload_in_png_metadata_is_refused():
    data = png_bytes()
    text = png_chunk(b"tEXt", b"Comment\x00<script>alert(1)</script>")
    polyglot = data[:33] + text + data[33:]  # after the signature and IHDR
    assert Image.open(io.BytesIO(polyglot)).size == (16, 16)
    assert refusal(polyglot, name="x.png").code == "polyglot"


def test_an_image_whose_tail_is_a_zip_central_directory_is_refused():
    # The zip's local headers are not in the file, only its end record, as in a crafted
    # polyglot; zipfile.is_zipfile still reads it as an archive.
    end_of_central_directory = zip_bytes()[-22:]
    refused = refusal(jpeg_with_exif() + end_of_central_directory)
    assert refused.code == "polyglot"


def test_markup_like_bytes_inside_pixel_data_do_not_refuse_a_photo():
    # Compressed pixels are close to random; a chance "<svg " in them must not refuse a real
    # photograph. Stored uncompressed here, so the bytes appear in the file as they are.
    row = (b"<svg <script " * 5)[:64]
    data = (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 0, 0, 0, 0))
        + png_chunk(b"IDAT", zlib.compress((b"\x00" + row) * 64, level=0))
        + png_chunk(b"IEND", b"")
    )
    assert b"<svg <script " in data

    assert clean_uploaded_image(upload(data, name="x.png")).width == 64


# --- the form field -----------------------------------------------------------------------


class PhotoForm(forms.Form):
    photo = SafeImageField()


def test_the_form_field_gives_a_clean_image_or_the_refusal_next_to_the_field():
    good = PhotoForm(files={"photo": upload(jpeg_with_exif(), name="mine.jpg")}, data={})
    assert good.is_valid(), good.errors
    assert good.cleaned_data["photo"].name.endswith(".jpg")

    bad = PhotoForm(files={"photo": upload(zip_bytes(), name="mine.jpg")}, data={})
    assert not bad.is_valid()
    assert "compressed archive" in bad.errors["photo"][0]
