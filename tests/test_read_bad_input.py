"""Bad input: one line naming the file and the reason, a non-zero exit, never a crash or a hang."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from weasyprint import HTML

from civicspace.cli import main
from civicspace.errors import CivicspaceError
from civicspace.read import read_file
from civicspace.read.dispatch import read_as, read_bytes

PAGE = "<html><body><h1>1. Findings</h1><p>Three rallies were banned in the spring.</p></body></html>"


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return HTML(string=PAGE).write_pdf()


def _docx_bytes() -> bytes:
    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("A short note on a banned rally.")
    d.save(buf)
    return buf.getvalue()


def _refused(path: Path, capsys, *extra: str) -> str:
    """Run `civicspace read` and return its one-line error."""
    assert main(["read", *extra, str(path)]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(path) in err
    return err


def test_empty_file(tmp_path, capsys):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert "empty" in _refused(path, capsys)


def test_random_bytes(tmp_path, capsys):
    path = tmp_path / "noise.pdf"
    path.write_bytes(random.Random(7).randbytes(20000))
    assert "binary" in _refused(path, capsys)


def test_truncated_pdf(tmp_path, capsys, pdf_bytes):
    path = tmp_path / "cut.pdf"
    path.write_bytes(pdf_bytes[: len(pdf_bytes) // 3])
    assert "PDF" in _refused(path, capsys)


def test_encrypted_pdf(tmp_path, capsys, pdf_bytes):
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf_bytes)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as f:
        writer.write(f)
    assert "encrypted" in _refused(path, capsys)


def test_docx_zip_bomb(tmp_path, capsys):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as real:
            for info in real.infolist():
                z.writestr(info.filename, real.read(info.filename))
        z.writestr("word/media/padding.bin", b"\0" * (30 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    assert "zip bomb" in _refused(path, capsys)


def test_file_over_the_size_limit(tmp_path, capsys, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_text("Rallies were banned. " * 100, encoding="utf-8")
    assert "size limit" in _refused(path, capsys, "--max-bytes", "1000")
    monkeypatch.setenv("CIVICSPACE_MAX_BYTES", "1000")
    assert "size limit" in _refused(path, capsys)
    with pytest.raises(CivicspaceError, match="size limit"):
        read_file(path)
    assert read_file(path, max_bytes=10_000).text.startswith("Rallies")


def test_html_full_of_scripts(tmp_path, capsys):
    path = tmp_path / "scripts.html"
    scripts = "".join(f"<script>var a{i} = {i}; document.write('x');</script>" for i in range(500))
    path.write_text(f"<html><head>{scripts}</head><body>{scripts}</body></html>", encoding="utf-8")
    assert "no text" in _refused(path, capsys)


def test_a_zip_that_is_not_a_word_document(tmp_path, capsys):
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("notes.txt", "not a document")
    assert "not a Word document" in _refused(path, capsys)


def test_missing_file(tmp_path, capsys):
    _refused(tmp_path / "nowhere.txt", capsys)


CYRILLIC = "Доклад о гражданском обществе.\n\n1. ВВЕДЕНИЕ\n\nВ этом году власти запретили три митинга и задержали активистов.\n"


@pytest.mark.parametrize("encoding", ["cp1251", "utf-16", "utf-16-le", "utf-8-sig"])
def test_cyrillic_text_in_legacy_and_wide_encodings(tmp_path, encoding):
    path = tmp_path / "ru.txt"
    path.write_bytes(CYRILLIC.encode(encoding))
    doc = read_file(path)
    assert doc.text == CYRILLIC
    assert doc.metadata.language == "ru"
    assert [(b.number, b.text) for b in doc.headings()] == [("1", "ВВЕДЕНИЕ")]


READERS = ["text", "html", "pdf", "docx"]
PREFIXES = {"text": b"", "html": b"<html><body>", "pdf": b"%PDF-1.7\n", "docx": b"PK\x03\x04"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(READERS), data=st.binary(max_size=2000))
def test_any_bytes_give_a_document_or_a_civicspace_error(kind, data):
    try:
        read_as(kind, PREFIXES[kind] + data, "fuzz")
    except CivicspaceError as err:
        assert str(err).startswith("fuzz: ") and "\n" not in str(err)


@settings(max_examples=40, deadline=None)
# text with NUL characters is taken for UTF-16 written without a byte-order mark
@given(text=st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=2000))
def test_any_text_reads_and_keeps_offsets(text):
    try:
        doc = read_bytes(text.encode("utf-8"), "fuzz.txt")
    except CivicspaceError as err:
        assert str(err).startswith("fuzz.txt: ")
        return
    if doc.metadata.format == "text":
        assert doc.text == text
        for block in doc.blocks:
            assert doc.text[block.start : block.end] == block.text
