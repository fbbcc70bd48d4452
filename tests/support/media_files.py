"""Files for the media tests, made here with Pillow and pypdf (no one's real photo): a photo
carrying GPS, camera and author metadata, and the bad inputs an upload must refuse."""
from __future__ import annotations

import io
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

GPS_IFD = 0x8825
AUTHOR = "Jane Q. Photographer"
SERIAL = "SN-4455-PRIVATE"


def photo_with_gps(width: int = 1800, height: int = 1200, orientation: int = 1,
                   fmt: str = "JPEG") -> bytes:
    """A photo as a phone writes it: GPS position, camera maker and serial, the owner's name,
    an XMP packet naming its creator; `orientation` 6 means "turn 90° clockwise to view"."""
    image = Image.new("RGB", (width, height), (70, 110, 160))
    for x in range(0, width, 40):  # some detail, so resizing has work to do
        image.paste((230, 200, 90), (x, 0, x + 12, height))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x013B] = AUTHOR  # Artist
    exif[0x8298] = f"© {AUTHOR}"  # Copyright
    exif[0xA431] = SERIAL  # BodySerialNumber
    exif[0x0112] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (48.0, 51.0, 29.6), 3: "E", 4: (2.0, 17.0, 40.2)})
    xmp = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:'
           b'meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:'
           b'Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>'
           + AUTHOR.encode() + b'</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>'
           b'<?xpacket end="w"?>')
    out = io.BytesIO()
    image.save(out, fmt, exif=exif, xmp=xmp, **({"quality": 90} if fmt == "JPEG" else {}))
    return out.getvalue()


def small_png(width: int = 120, height: int = 80) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 60)).save(out, "PNG")
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny file whose header promises width × height pixels: a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 1024, 9)) + _png_chunk(b"IEND", b""))


def polyglot_png() -> bytes:
    """A real PNG that is also a web page: HTML and script after the image data."""
    return small_png() + b"<html><body><script>alert(document.cookie)</script></body></html>"


def polyglot_jpeg_comment() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 0, 0)).save(
        out, "JPEG", comment=b"<svg onload=alert(1)>")
    return out.getvalue()


def pdf_with_author(pages: int = 3, title: str = "The memo") -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    writer.add_metadata({"/Author": AUTHOR, "/Title": title, "/Creator": "Office 2021"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_script() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"),
        NameObject("/JS"): TextStringObject("app.alert('hi');")})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
