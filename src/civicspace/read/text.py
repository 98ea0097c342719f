"""Plain text and Markdown: the decoded file is the document's text, byte for byte.

Nothing is removed from the text, so evidence offsets stay offsets into the file;
page furniture copied along with a web page's text (menus, comment forms) is
marked as boilerplate and left out of the outline instead.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from civicspace.errors import CivicspaceError
from civicspace.read.document import Block, Document
from civicspace.read.outline import plain, text_blocks

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
NAV_WORDS = {
    "home",
    "menu",
    "main",
    "news",
    "about",
    "about us",
    "contact",
    "contacts",
    "search",
    ">",
    "»",
    "/",
    "|",
    "en",
    "ru",
}
WIDGET = re.compile(
    r"(leave a (reply|comment)|post a comment|add (a )?comment|\d+ comments?|comments?|no comments( yet)?"
    r"|share( this( article| page)?)?|share on \w+|tweet|print( this page)?|related (posts|articles|news)"
    r"|you may also like|read more|tags?|subscribe( to our newsletter)?|you must be logged in to post a comment"
    r"|cancel reply|your email address will not be published|skip to (main )?content)[\s:.()\d]*",
    re.IGNORECASE,
)
TRAILER = re.compile(
    r"(leave a (reply|comment)|post a comment|add (a )?comment|\d+ comments?|related (posts|articles))\b",
    re.IGNORECASE,
)
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def decoded(data: bytes, name: str) -> str:
    """The text of the bytes: BOM first, then UTF-8, then the likeliest single-byte charset."""
    if not data:
        raise CivicspaceError(f"{name}: empty file")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), name)
            except UnicodeDecodeError:
                raise CivicspaceError(f"{name}: not valid {encoding.upper()} text") from None
    if b"\x00" in data[:4096]:
        wide = _bomless_utf16(data)
        if wide is None:
            raise CivicspaceError(f"{name}: binary data, not text")
        try:
            return _checked(data.decode(wide), name)
        except UnicodeDecodeError:
            raise CivicspaceError(f"{name}: binary data, not text") from None
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:65536]).best()
    if best is None or best.encoding is None:
        raise CivicspaceError(f"{name}: binary data, not text in any known encoding")
    try:
        return _checked(data.decode(best.encoding), name)
    except (UnicodeDecodeError, LookupError):
        raise CivicspaceError(f"{name}: not text in any known encoding") from None


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 written without a byte-order mark: the zero high bytes of its spaces and Latin letters show it."""
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if len(head) >= 4 and len(head) % 2 == 0:
        if odd > 0.1 * len(head) / 2 and even == 0:
            return "utf-16-le"
        if even > 0.1 * len(head) / 2 and odd == 0:
            return "utf-16-be"
    return None


def _checked(text: str, name: str) -> str:
    sample = text[:65536]
    if sample and len(CONTROL.findall(sample)) > max(8, len(sample) // 200):
        raise CivicspaceError(f"{name}: binary data, not text")
    return text


def boilerplate_of(text: str, blocks: list[Block]) -> list[tuple[int, int]]:
    """Menus before the content and comment/share widgets after it, as spans of text."""
    spans = []
    lead = 0
    while lead < len(blocks) and blocks[lead].kind == "list_item" and len(blocks[lead].text.split()) <= 10:
        lead += 1
    if lead and any(len(b.text) < 20 and plain(b.text).lower() in NAV_WORDS for b in blocks[:lead]):
        spans.append((0, blocks[lead - 1].end))
    half = len(text) // 2
    for block in blocks:
        if block.start < half:
            continue
        if len(block.text) < 80 and TRAILER.match(plain(block.text)):
            spans.append((block.start, len(text)))
            break
    for block in blocks:
        if (
            len(block.text) < 60
            and WIDGET.fullmatch(plain(block.text))
            and not any(a <= block.start < b for a, b in spans)
        ):
            spans.append((block.start, block.end))
    return sorted(spans)


def read_text(data: bytes, name: str) -> Document:
    text = decoded(data, name)
    blocks = text_blocks(text)
    furniture = boilerplate_of(text, blocks)
    kept = [b for b in blocks if not any(a <= b.start < z for a, z in furniture)]
    return Document(text=text, blocks=kept, boilerplate=furniture)
