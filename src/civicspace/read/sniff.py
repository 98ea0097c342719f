"""Which reader a file needs, judged by its bytes: names and extensions lie."""

from __future__ import annotations

import io
import re
import zipfile

HTML_MARKUP = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:p|div|h[1-6]|ul|ol|li|table|article|section|span|a|br|meta|title|script)[\s>/]",
    re.IGNORECASE,
)
HTML_TAGS = re.compile(rb"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


def format_of(data: bytes) -> str:
    """One of "pdf", "docx", "zip", "html", "text"."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "docx" if _is_docx(data) else "zip"
    if _looks_like_html(data):
        return "html"
    return "text"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _looks_like_html(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:65536].lower():
        return True
    if not HTML_MARKUP.search(head):
        return False
    sample = data[:65536]
    tags = HTML_TAGS.findall(sample)
    return len(tags) >= 3 and sum(len(t) for t in tags) * 20 >= len(sample)
