"""What an uploaded file really is, and the clean files Forum keeps of it.

The type is decided by the bytes — Pillow for images, the PDF header for documents — never by
the file's name or the browser's claim. Images are decoded and encoded afresh, which drops
EXIF (GPS positions, camera serials), XMP and IPTC (authors' names) and anything hidden after
the picture; only the orientation (applied to the pixels) and the colour profile survive.
Smaller copies for `srcset` are made here, once. PDFs lose their document-info and XMP
metadata. Every refusal is a ValidationError on the field "file" with a sentence for the author.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from forum.core.errors import ValidationError

IMAGE_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"),
                 "WEBP": ("image/webp", "webp"), "GIF": ("image/gif", "gif")}
PDF_TYPE = ("application/pdf", "pdf")
RESPONSIVE_WIDTHS = (480, 960, 1600)
# Markup that makes a file something a browser might run if it were ever served as HTML or
# script: an image carrying it is a polyglot, built to be both.
ACTIVE_MARKERS = (b"<script", b"<html", b"<!doctype", b"<svg", b"<iframe", b"<body",
                  b"<object", b"<embed", b"javascript:", b"<?php", b"<?xml-stylesheet")
PDF_ACTIVE_MARKERS = (b"/javascript", b"/js ", b"/js(", b"/js<", b"/launch", b"/embeddedfile")


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pixels: int
    max_pdf_pages: int


@dataclass
class Processed:
    """A clean upload: its type and the files to store, keyed by name suffix ("" = original,
    "-480" a copy 480 pixels wide) and extension."""

    content_type: str
    extension: str
    is_image: bool
    width: int | None = None
    height: int | None = None
    page_count: int | None = None
    widths: list[int] = field(default_factory=list)
    files: dict[tuple[str, str], bytes] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)  # the metadata found and removed


def refuse(message: str, status: int = 400) -> ValidationError:
    return ValidationError({"file": message}, status_code=status)


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} KB"


def process(data: bytes, limits: Limits) -> Processed:
    if not data:
        raise refuse("The file is empty (0 bytes): choose the file again.")
    if len(data) > limits.max_bytes:
        raise refuse(f"The file is {megabytes(len(data))}; this site accepts files up to "
                     f"{megabytes(limits.max_bytes)}.", 413)
    if data.startswith(b"%PDF-"):
        return _process_pdf(data, limits)
    return _process_image(data, limits)


def _has_active_content(data: bytes, markers: tuple[bytes, ...]) -> bool:
    lowered = data.lower()
    return any(marker in lowered for marker in markers)


def _open_image(data: bytes, limits: Limits) -> Image.Image:
    not_an_image = ("This file is neither an image (JPEG, PNG, WebP, GIF) nor a PDF, whatever "
                    "its name says.")
    try:
        with warnings.catch_warnings():
            # Pillow warns, then raises, past its own pixel limit: both refuse here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS))
            width, height = image.size
            if width * height > limits.max_pixels:
                raise refuse(f"The image is {width:,} × {height:,} pixels, more than the "
                             f"{limits.max_pixels / 1_000_000:.0f} megapixels this site "
                             "accepts (a small file that big is a decompression bomb).", 413)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refuse("The image unpacks to far more pixels than its file size suggests (a "
                     "decompression bomb); it was refused.", 413) from None
    except UnidentifiedImageError:
        raise refuse(not_an_image) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise refuse("The image is damaged or cut short; export it again and upload the new "
                     "file.") from None
    return image


def _found_metadata(image: Image.Image, data: bytes) -> list[str]:
    found = []
    exif = image.getexif()
    if exif.get_ifd(0x8825):
        found.append("GPS position")
    if any(tag in exif for tag in (0x010F, 0x0110, 0xA431, 0x013B, 0x8298)):
        found.append("camera and owner details")
    elif len(exif):
        found.append("EXIF data")
    if "xmp" in image.info or b"http://ns.adobe.com/xap/1.0/" in data:
        found.append("XMP")
    if "photoshop" in image.info or b"Photoshop 3.0\x00" in data:
        found.append("IPTC")
    if any(key in image.info for key in ("comment", "Comment", "Author", "Description")):
        found.append("comments")
    return found


def _encode(image: Image.Image, fmt: str, icc: bytes | None) -> bytes:
    out = io.BytesIO()
    options: dict = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        options.update(quality=85, optimize=True)
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
    elif fmt == "WEBP":
        options.update(quality=80)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.mode or "transparency" in image.info
                                  else "RGB")
    elif fmt == "PNG":
        options.update(optimize=True)
    image.save(out, fmt, **options)
    return out.getvalue()


def _clean_copy(image: Image.Image) -> Image.Image:
    """The pixels with the orientation applied and no metadata attached."""
    upright = ImageOps.exif_transpose(image) or image
    clean = upright.copy()
    clean.info = {key: value for key, value in upright.info.items()
                  if key in ("transparency", "duration", "loop", "background")}
    return clean


def _process_image(data: bytes, limits: Limits) -> Processed:
    image = _open_image(data, limits)
    if _has_active_content(data, ACTIVE_MARKERS):
        raise refuse("The image also carries web page or script code (a polyglot file); it "
                     "was refused. Export the picture again from an image editor.")
    fmt = image.format or ""
    content_type, extension = IMAGE_FORMATS[fmt]
    icc = image.info.get("icc_profile")
    removed = _found_metadata(image, data)
    result = Processed(content_type, extension, True, removed=removed)
    if fmt == "GIF" and getattr(image, "n_frames", 1) > 1:
        # Animations keep their frames; re-encoding them still drops comments and extensions.
        out = io.BytesIO()
        image.info = {key: value for key, value in image.info.items()
                      if key in ("duration", "loop", "transparency", "background")}
        image.save(out, "GIF", save_all=True)
        result.width, result.height = image.size
        result.files[("", extension)] = out.getvalue()
        return result
    clean = _clean_copy(image)
    result.width, result.height = clean.size
    result.files[("", extension)] = _encode(clean, fmt, icc)
    if fmt != "WEBP" and clean.width <= RESPONSIVE_WIDTHS[-1]:
        # Wider originals get WebP copies up to the largest width only: encoding a 12-megapixel
        # WebP takes seconds, and no reader's screen needs more than 1600 pixels of a post.
        result.files[("", "webp")] = _encode(clean, "WEBP", icc)
    for width in RESPONSIVE_WIDTHS:
        if width >= clean.width:
            break
        height = max(1, round(clean.height * width / clean.width))
        smaller = clean.resize((width, height), Image.Resampling.LANCZOS)
        result.files[(f"-{width}", extension)] = _encode(smaller, fmt, icc)
        if fmt != "WEBP":
            result.files[(f"-{width}", "webp")] = _encode(smaller, "WEBP", icc)
        result.widths.append(width)
    return result


def _process_pdf(data: bytes, limits: Limits) -> Processed:
    if _has_active_content(data, PDF_ACTIVE_MARKERS + (b"<script", b"<html")):
        raise refuse("The PDF contains scripts, launch actions or embedded files; this site "
                     "accepts plain documents only. Print it to a new PDF and upload that.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise refuse("The PDF is password-protected; upload an unprotected copy.")
        pages = len(reader.pages)
        if pages > limits.max_pdf_pages:
            raise refuse(f"The PDF has {pages:,} pages; this site accepts up to "
                         f"{limits.max_pdf_pages:,}.", 413)
        info: dict = dict(reader.metadata or {})
        removed = [label for key, label in (("/Author", "author"), ("/Creator", "creator"),
                                            ("/Producer", "producer"), ("/Title", "title"),
                                            ("/Subject", "subject"), ("/Keywords", "keywords"))
                   if info.get(key)]
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None  # the document-info dictionary, with its author fields
        root = writer._root_object
        if "/Metadata" in root:  # XMP, which repeats the author
            del root["/Metadata"]
            removed.append("XMP")
        out = io.BytesIO()
        writer.write(out)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise refuse("The PDF is damaged and cannot be read; export it again.") from None
    content_type, extension = PDF_TYPE
    return Processed(content_type, extension, False, page_count=pages,
                     files={("", extension): out.getvalue()}, removed=removed)
